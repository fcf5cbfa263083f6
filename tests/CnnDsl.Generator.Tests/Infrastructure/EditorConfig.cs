namespace CnnDsl.Generator.Tests.Infrastructure;

/// <summary>An .editorconfig for test projects, the way a user writes one.</summary>
internal static class EditorConfig
{
    public static string Section(string lines) => "root = true\n\n[*.cs]\n" + lines.Replace("\r\n", "\n") + "\n";
}
