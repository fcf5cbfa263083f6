using CnnDsl.Operations;

namespace CnnDsl.Model;

/// <summary>
/// Which convolutions run by Winograd, and with which output tile: F(2x2,3x3) (the runtime's
/// <c>Kernels.WinogradConv</c>) or F(4x4,3x3) (<c>Kernels.Winograd4Conv</c>). Decided once here, so the planner (no
/// zero-bordered copy of the input: both kernels read the padding as zeros) and the emitter agree.
/// </summary>
internal static class WinogradRule
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

    /// <summary>
    /// Whether <paramref name="node"/> runs by Winograd: a 3x3, stride-1, undilated, ungrouped convolution with enough
    /// channels whose fused activations (after fusion is decided) are ones the output transform applies per value.
    /// </summary>
    public static bool Applies(Node node, NodePlan plan)
    {
        if (node.Operation is not ConvOperation op) return false;
        var win = op.Window;
        return op.Groups == 1 && win.KernelH == 3 && win.KernelW == 3 && win.StrideH == 1 && win.StrideW == 1 && !win.Dilated
            && node.Input.Channels >= MinChannels && op.Filters >= MinChannels
            && PerValue(plan.Act) && (plan.Residual < 0 || PerValue(plan.ResidualAct));
    }

    /// <summary>
    /// The fewest 4x4 output tiles for which F(4x4,3x3) is chosen over F(2x2,3x3): one AVX-512 register tile (8 tiles x
    /// 2 channel vectors); with fewer, the multiplies run partly on tiles that do not exist. F(4x4) does 36 multiplies per
    /// 16 outputs against F(2x2)'s 64, with heavier transforms. Single layers with no activation, "same" padding, AMD EPYC
    /// with AVX-512 (load 26-30), fastest of 20-400 calls, F(2x2) -> F(4x4) ms: 56x56x64 -> 64 1.40 -> 0.49,
    /// 28x28x128 -> 128 0.60 -> 0.43, 14x14x256 -> 256 0.67 -> 0.46, GoogLeNet's 28x28x96 -> 128 0.45 -> 0.29,
    /// 28x28x128 -> 192 1.09 -> 0.76, 14x14x96 -> 208 0.22 -> 0.14, 14x14x160 -> 320 0.49 -> 0.33, 14x14x32 -> 64
    /// 0.025 -> 0.018, 56x56x32 -> 32 0.22 -> 0.13; and with 4 tiles, 7x7x512 -> 512 1.14 -> 1.24, 7x7x192 -> 384
    /// 0.21 -> 0.23, 7x7x48 -> 128 0.018 -> 0.021 (losses, so 7x7 stays F(2x2)).
    /// </summary>
    public const int MinTiles4 = 8;

    /// <summary>The output tile side of a node that <see cref="Applies"/>: 4 (F(4x4,3x3)) when it has at least <see cref="MinTiles4"/> such tiles, else 2.</summary>
    public static int TileSize(Node node)
        => (long)((node.Output.Height + 3) / 4) * ((node.Output.Width + 3) / 4) >= MinTiles4 ? 4 : 2;

    /// <summary>Activations of one value each (a softmax needs the whole position's channels).</summary>
    private static bool PerValue(Act act) => act is Act.None or Act.Relu or Act.Relu6 or Act.HardSwish or Act.Sigmoid or Act.Swish;
}
