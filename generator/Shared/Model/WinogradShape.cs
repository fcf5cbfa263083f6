namespace CnnDsl.Model;

/// <summary>
/// The convolutions Winograd can serve, by shape alone: 3x3, stride 1, undilated, ungrouped, with at least
/// <see cref="MinChannels"/> channels in and out. One place for the generator's <c>WinogradRule</c> (inference)
/// and the runtime trainer (training's forward and input gradient), which compiles this file too.
/// </summary>
internal static class WinogradShape
{
    /// <summary>
    /// The fewest input and output channels for which Winograd is chosen: the multiplies shrink 2.25x while the
    /// transforms cost per channel and channels are padded to pairs of vectors. Single layers with ReLU, AMD EPYC
    /// with AVX-512 (loaded), fastest of several hundred calls, direct -> Winograd: 56x56x16 -> 16 0.127 -> 0.115-0.127 ms
    /// (no gain), 28x28x24 -> 24 0.055 -> 0.064 (a loss: a partial vector each side), 28x28x16 -> 32 0.035 -> 0.024-0.028,
    /// 14x14x32 -> 32 0.017 -> 0.011, 56x56x32 -> 32 0.28-0.30 -> 0.21-0.22, 28x28x48 -> 48 0.19-0.20 -> 0.11-0.12,
    /// 56x56x64 -> 64 1.24-1.29 -> 0.71-0.78, 28x28x128 -> 128 1.17-1.20 -> 0.61-0.66, 14x14x256 -> 256 1.17-1.19 -> 0.62-0.67,
    /// 7x7x512 -> 512 1.32-1.44 -> 0.74-0.98, 14x14x512 -> 512 5.0-5.4 -> 2.7-3.4, 7x7x192 -> 384 0.31 -> 0.20-0.21.
    /// </summary>
    public const int MinChannels = 32;

    /// <summary>Whether a convolution of this geometry is one Winograd F(m x m, 3x3) computes.</summary>
    public static bool Fits(int kernelH, int kernelW, int strideH, int strideW, int dilationH, int dilationW, int groups, int inChannels, int outChannels)
        => groups == 1 && kernelH == 3 && kernelW == 3 && strideH == 1 && strideW == 1 && dilationH == 1 && dilationW == 1
            && inChannels >= MinChannels && outChannels >= MinChannels;
}
