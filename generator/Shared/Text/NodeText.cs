using System.Globalization;

namespace CnnDsl.Text;

/// <summary>
/// How summaries describe a lowered node ("3x3/1 conv, Relu"), from plain numbers: the generator's operations
/// (<c>Describe</c>) and the runtime's <c>Summary()</c>, which derives each node's text from <c>Graph</c>, both read
/// it here. Linked into the runtime (src/CnnDsl).
/// </summary>
internal static class NodeText
{
    /// <summary>"3x3/2" (kernel height x width / stride; "1x7/1x2" when the strides differ; " dilated 2" or " dilated 2x1" after).</summary>
    public static string Window(int kernelH, int kernelW, int strideH, int strideW, int dilationH, int dilationW)
        => Kernel(kernelH, kernelW) + "/" + Pair(strideH, strideW) + (dilationH != 1 || dilationW != 1 ? " dilated " + Pair(dilationH, dilationW) : "");

    /// <summary>"3x3/1 conv, 4 groups, BN, Relu".</summary>
    public static string Convolution(string window, int groups, bool batchNorm, Act act)
        => window + " conv" + (groups == 1 ? "" : ", " + groups.ToString(CultureInfo.InvariantCulture) + " groups") + (batchNorm ? ", BN" : "") + ActSuffix(act);

    /// <summary>"3x3/1 depthwise, BN, Relu6".</summary>
    public static string Depthwise(string window, bool batchNorm, Act act) => window + " depthwise" + (batchNorm ? ", BN" : "") + ActSuffix(act);

    /// <summary>"3x3/2 max pool", "3x3/1 avg pool" or "3x3/1 avg pool, pads counted".</summary>
    public static string Pool(string window, bool max, bool countIncludePad)
        => window + (max ? " max pool" : countIncludePad ? " avg pool, pads counted" : " avg pool");

    /// <summary>"add, Relu" or "concat": an operation of several inputs, then its activation.</summary>
    public static string Merge(string verb, Act act) => verb + ActSuffix(act);

    /// <summary>", Relu" or "" (the summaries' activation suffix).</summary>
    public static string ActSuffix(Act act) => act == Act.None ? "" : ", " + act;

    /// <summary>"2" when both are equal, else "1x2".</summary>
    public static string Pair(int height, int width) => height == width ? height.ToString(CultureInfo.InvariantCulture) : Kernel(height, width);

    /// <summary>"KxK" for a kernel or window of the given sides.</summary>
    public static string Kernel(int height, int width)
        => height.ToString(CultureInfo.InvariantCulture) + "x" + width.ToString(CultureInfo.InvariantCulture);
}
