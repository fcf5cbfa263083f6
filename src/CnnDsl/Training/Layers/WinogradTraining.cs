using System;
using System.ComponentModel;
using CnnDsl.Kernels;

namespace CnnDsl.Training;

/// <summary>
/// A 3x3 stride-1 convolution's forward and input gradient in training, on the generated inference's Winograd kernel
/// (<see cref="WinogradConv"/> F(2x2,3x3) or <see cref="Winograd4Conv"/> F(4x4,3x3), the tile inference chose) with
/// <typeparamref name="TShape"/>'s geometry. The forward is the layer, y = x * W + bias. The input gradient is itself
/// a 3x3 stride-1 convolution, on the same kernel: of dy, with each filter rotated 180 degrees and inputs and outputs
/// swapped, over the mirrored pads 2 - p, from the output's shape to the input's. Both weight sets are packed each
/// pass into buffers allocated once (<see cref="WinogradWeights.PackInto"/>, <see cref="Winograd4Weights.PackInto"/>);
/// the input gradient's only when a pass takes one. The weight gradient is the trainer's (Winograd F(3x3, 2x2)). One
/// image per item; the kernel computes each value the same way whatever the image's thread. For generated code only.
/// </summary>
/// <typeparam name="TShape">The layer's constant shape, written by the generator per distinct geometry.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class WinogradTraining<TShape> : TrainingLayer where TShape : struct, IWinogradShape
{
    private static int InLength => TShape.Height * TShape.Width * TShape.InChannels;
    private static int OutLength => TShape.OutHeight * TShape.OutWidth * TShape.OutChannels;
    private static int Positions => TShape.TileSize == 4 ? Winograd4Weights.Positions : WinogradWeights.Positions;

    /// <summary>The forward: the layer itself, no activation (training applies it after batch norm).</summary>
    private static readonly WinogradLayer s_forward = new(TShape.Height, TShape.Width, TShape.InChannels, TShape.OutChannels, TShape.PadTop, TShape.PadLeft,
        TShape.OutHeight, TShape.OutWidth, TShape.OutChannels, Act.None, false, Act.None);

    /// <summary>The input gradient: dy's convolution by the rotated, swapped filters over the pads 2 - p, onto the input's shape.</summary>
    private static readonly WinogradLayer s_backward = new(TShape.OutHeight, TShape.OutWidth, TShape.OutChannels, TShape.InChannels, 2 - TShape.PadTop, 2 - TShape.PadLeft,
        TShape.Height, TShape.Width, TShape.InChannels, Act.None, false, Act.None);

    /// <summary>The input gradient added to what the buffer holds (another consumer's): the output is its own residual.</summary>
    private static readonly WinogradLayer s_backwardAdded = s_backward with { Residual = true };

    private readonly float[] _weights, _shifts, _zeros;
    private float[]? _transposed;

    /// <summary>Buffers for the layer's packed forward weights (filled by each pass's packing).</summary>
    public WinogradTraining()
    {
        _weights = AlignedBuffer.Allocate(WinogradWeights.PackedLength(TShape.OutChannels, TShape.InChannels, (int)Simd.Best, Positions) + Simd.MaxLanes);
        _shifts = AlignedBuffer.Allocate(TShape.OutChannels + Simd.MaxLanes);
        _zeros = AlignedBuffer.Allocate(TShape.InChannels + Simd.MaxLanes);
    }

    internal override void Check(NodeInfo node)
    {
        int padBottom = node.Output.Height - node.Input.Height - node.PadTop + 2, padRight = node.Output.Width - node.Input.Width - node.PadLeft + 2;
        bool same = node.Op == Op.Conv && node.KernelH == 3 && node.KernelW == 3 && node.StrideH == 1 && node.StrideW == 1 && node.DilationH == 1 && node.DilationW == 1
            && node.Groups == 1 && node.Input.Height == TShape.Height && node.Input.Width == TShape.Width && node.Input.Channels == TShape.InChannels
            && node.Output.Height == TShape.OutHeight && node.Output.Width == TShape.OutWidth && node.Output.Channels == TShape.OutChannels
            && node.PadTop == TShape.PadTop && node.PadLeft == TShape.PadLeft;
        if (!same)
            throw new ArgumentException($"Node '{node.Name}' ({node.Op} {node.Input} -> {node.Output}, kernel {node.KernelH}x{node.KernelW}, strides {node.StrideH}x{node.StrideW}, "
                + $"dilations {node.DilationH}x{node.DilationW}, {node.Groups} groups, pads {node.PadTop} top and {node.PadLeft} left) is not the 3x3 stride-1 convolution "
                + $"{TShape.Height}x{TShape.Width}x{TShape.InChannels} -> {TShape.OutHeight}x{TShape.OutWidth}x{TShape.OutChannels}, pads {TShape.PadTop} top and {TShape.PadLeft} left, "
                + "its generated training layer was made for. Rebuild the network with this version of CnnDsl.", nameof(node));
        // The input gradient's pads are 2 - p on every side: each pad must lie in 0..2 (the generator gives no layer otherwise).
        if (!Pad(node.PadTop) || !Pad(node.PadLeft) || !Pad(padBottom) || !Pad(padRight) || TShape.TileSize is not (2 or 4))
            throw new ArgumentException($"Node '{node.Name}' has pads {node.PadTop}, {node.PadLeft}, {padBottom}, {padRight} (top, left, bottom, right) and tiles of "
                + $"{TShape.TileSize}: a generated Winograd training layer takes pads of 0 to 2 and tiles of 2 or 4.", nameof(node));
    }

    private static bool Pad(int pad) => pad is >= 0 and <= 2;

    internal override void Pack(float[] weights, float[]? bias)
    {
        Pack(weights, transposed: false, AlignedBuffer.Span(_weights));
        var shifts = AlignedBuffer.Span(_shifts)[..TShape.OutChannels];
        if (bias is null) shifts.Clear();
        else bias.AsSpan(0, TShape.OutChannels).CopyTo(shifts);
    }

    /// <summary>The rotated, swapped filters (their buffer allocated at the first: a layer whose input needs no gradient never has one).</summary>
    internal override void PackInputGradient(float[] weights)
    {
        _transposed ??= AlignedBuffer.Allocate(WinogradWeights.PackedLength(TShape.InChannels, TShape.OutChannels, (int)Simd.Best, Positions) + Simd.MaxLanes);
        Pack(weights, transposed: true, AlignedBuffer.Span(_transposed));
    }

    private static void Pack(float[] weights, bool transposed, Span<float> packed)
    {
        if (TShape.TileSize == 4) Winograd4Weights.PackInto(weights, TShape.OutChannels, TShape.InChannels, transposed, (int)Simd.Best, packed);
        else WinogradWeights.PackInto(weights, TShape.OutChannels, TShape.InChannels, transposed, (int)Simd.Best, packed);
    }

    internal override void Forward(float[] input, float[] output, int image)
        => Run(s_forward, ref Image(input, image, InLength), ref Image(output, image, OutLength), _weights, _shifts);

    internal override void InputGradient(float[] outputGradient, float[] inputGradient, int image, bool overwrite)
    {
        var transposed = _transposed ?? throw new InvalidOperationException("The input gradient's weights have not been packed (PackInputGradient).");
        Run(overwrite ? s_backward : s_backwardAdded, ref Image(outputGradient, image, OutLength), ref Image(inputGradient, image, InLength), transposed, _zeros);
    }

    /// <summary>Every output tile and channel of <paramref name="layer"/> on the tile inference chose.</summary>
    private static void Run(in WinogradLayer layer, ref float input, ref float output, float[] weights, float[] shifts)
    {
        int tiles = ((layer.OutHeight + TShape.TileSize - 1) / TShape.TileSize) * ((layer.OutWidth + TShape.TileSize - 1) / TShape.TileSize);
        if (TShape.TileSize == 4) LayerKernels.Winograd<WinogradTile4>(layer, ref input, ref output, weights, shifts, 0, tiles);
        else LayerKernels.Winograd<WinogradTile2>(layer, ref input, ref output, weights, shifts, 0, tiles);
    }
}
