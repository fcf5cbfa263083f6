namespace CnnDsl.Diagnostics;

/// <summary>
/// Keys of <see cref="Microsoft.CodeAnalysis.Diagnostic.Properties"/> on cost diagnostics: the suggested values,
/// so that the code fixes apply them without recomputing the model. Shared by the analyzers and CnnDsl.CodeFixes.
/// </summary>
internal static class CostProperties
{
    /// <summary>CNN0101: the bottleneck's width.</summary>
    public const string Width = "Width";

    /// <summary>CNN0102: "DepthwiseSeparable" when the composite attribute reproduces the convolution's padding, bias and batch norm; else "Pair".</summary>
    public const string Form = "Form";
    public const string FormComposite = "DepthwiseSeparable";
    public const string FormPair = "Pair";

    /// <summary>CNN0102: the convolution's kernel (DepthwiseSeparable defaults to 3).</summary>
    public const string Kernel = "Kernel";

    /// <summary>CNN0106: "TwoBy3" (a 5x5 as two 3x3s) or "Asymmetric" (an nxn as 1xn then nx1).</summary>
    public const string Factorization = "Factorization";
    public const string FactorizationTwoBy3 = "TwoBy3";
    public const string FactorizationAsymmetric = "Asymmetric";

    /// <summary>CNN0105: the constructor argument to change and its suggested value.</summary>
    public const string Argument = "Argument";
    public const string Suggested = "Suggested";
}
