namespace CnnDsl.Operations;

/// <summary>
/// How the convolution kernel walks a layer's output: a 1x1, stride-1 layer without padding is one run of all its
/// positions (flat: its input is contiguous position by position), any other layer output row by output row. The
/// generator writes it into the layer's shape struct and the runtime's packer asks it too, since a layer's vector
/// width depends on the kernel's row length (<c>Kernels.ConvLanes</c>): one rule, so the two cannot disagree.
/// Linked into the runtime.
/// </summary>
internal static class ConvWalk
{
    /// <summary>Whether the kernel walks the layer as one run of positions.</summary>
    public static bool IsFlat(int kernelH, int kernelW, int strideH, int strideW, bool padded)
        => kernelH == 1 && kernelW == 1 && strideH == 1 && strideW == 1 && !padded;

    /// <summary>Positions per kernel row: all of them when flat, else one output row's.</summary>
    public static int Columns(bool flat, int outputHeight, int outputWidth) => flat ? outputHeight * outputWidth : outputWidth;
}
