namespace CnnDsl.Model;

/// <summary>The constructor parameters of <c>[Inception]</c>, in the order of GoogLeNet's Table 1.</summary>
internal static class InceptionColumns
{
    public static readonly string[] ParameterNames = { "n1x1", "n3x3Reduce", "n3x3", "n5x5Reduce", "n5x5", "poolProj" };
}
