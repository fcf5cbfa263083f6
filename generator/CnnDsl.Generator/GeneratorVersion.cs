namespace CnnDsl.Generator;

/// <summary>The version written into <c>[GeneratedCode]</c>; golden files replace it with a placeholder.</summary>
internal static class GeneratorVersion
{
    public const string Value = "0.1.0";
}
