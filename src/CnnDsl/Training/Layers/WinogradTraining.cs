using System;
using System.ComponentModel;
using CnnDsl.Kernels;

namespace CnnDsl.Training;

/// <summary>
/// A stride-1 convolution's forward and input gradient in training, on the generated inference's Winograd kernel with
/// <typeparamref name="TShape"/>'s geometry: a 3x3 one on <see cref="WinogradConv"/> F(2x2,3x3) or
/// <see cref="Winograd4Conv"/> F(4x4,3x3) (the tile inference chose), a 5x5 one on <see cref="Winograd5x5Conv"/>
/// F(2x2,5x5), a 1 x 7 or 7 x 1 one on <see cref="WinogradLineConv"/> F(4,7). The forward is the layer, y = x * W + bias.
/// The input gradient of a k x l kernel is itself a k x l stride-1 convolution, on the same kernel: of dy, with each
/// filter rotated 180 degrees and inputs and outputs swapped, over the mirrored pads k - 1 - p (negative past k - 1:
/// the kernel reads every value outside its input as zero, so a negative pad crops), from the output's shape to the
/// input's. Both weight sets are packed each pass into buffers allocated once (<see cref="WinogradWeights.PackInto"/>,
/// <see cref="Winograd4Weights.PackInto"/>, <see cref="Winograd5x5Weights.PackInto"/>, <see cref="WinogradLineWeights.PackInto"/>);
/// the input gradient's only when a pass takes one. The weight gradient runs here too, with the layer's sizes
/// constant: a 3x3 layer's by Winograd F(3x3, 2x2) (<see cref="WinogradWeightGradient{TGeometry}"/>: one item per block
/// of outputs and inputs, each summing the whole batch's tiles in order), a 5x5 or line kernel's by the trainer's direct
/// algorithm (<see cref="DirectWeightGradient{TGeometry}"/>). One image per forward or input-gradient item; the kernels compute each value the same way whatever the
/// item's thread. For generated code only.
/// </summary>
/// <typeparam name="TShape">The layer's constant shape, written by the generator per distinct geometry.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class WinogradTraining<TShape> : TrainingLayer where TShape : struct, IWinogradShape
{
    private static int InLength => TShape.Height * TShape.Width * TShape.InChannels;
    private static int OutLength => TShape.OutHeight * TShape.OutWidth * TShape.OutChannels;

    /// <summary>A 1 x 7 or 7 x 1 kernel (one-dimensional F(m,7)); <see cref="Vertical"/>: 7 x 1, tiles down the columns.</summary>
    private static bool Line => TShape.KernelHeight == 1 || TShape.KernelWidth == 1;

    private static bool Vertical => TShape.KernelWidth == 1;

    private static int Positions => Line ? TShape.TileSize + Math.Max(TShape.KernelHeight, TShape.KernelWidth) - 1
        : TShape.KernelHeight == 5 ? Winograd5x5Weights.Positions : TShape.TileSize == 4 ? Winograd4Weights.Positions : WinogradWeights.Positions;

    /// <summary>The forward: the layer itself, no activation (training applies it after batch norm).</summary>
    private static readonly WinogradLayer s_forward = new(TShape.Height, TShape.Width, TShape.InChannels, TShape.OutChannels, TShape.PadTop, TShape.PadLeft,
        TShape.OutHeight, TShape.OutWidth, TShape.OutChannels, Act.None, false, Act.None);

    /// <summary>The input gradient: dy's convolution by the rotated, swapped filters over the pads k - 1 - p, onto the input's shape.</summary>
    private static readonly WinogradLayer s_backward = new(TShape.OutHeight, TShape.OutWidth, TShape.OutChannels, TShape.InChannels,
        TShape.KernelHeight - 1 - TShape.PadTop, TShape.KernelWidth - 1 - TShape.PadLeft, TShape.Height, TShape.Width, TShape.InChannels, Act.None, false, Act.None);

    /// <summary>The input gradient added to what the buffer holds (another consumer's): the output is its own residual.</summary>
    private static readonly WinogradLayer s_backwardAdded = s_backward with { Residual = true };

    /// <summary>Whether the weight gradient runs by Winograd F(3x3, 2x2): a 3x3 kernel of Winograd's shape (its channels, <see cref="CnnDsl.Model.WinogradShape"/>).</summary>
    private static bool WinogradGradient => CnnDsl.Model.WinogradShape.Fits(TShape.KernelHeight, TShape.KernelWidth, 1, 1, 1, 1, 1, TShape.InChannels, TShape.OutChannels);

    /// <summary>The weight gradient's kernels, the layer's sizes constant: F(3x3, 2x2), or the direct algorithm for the other kernels (5x5, 1 x 7, 7 x 1).</summary>
    private static readonly WinogradWeightGradient<WinogradGeometry<TShape>>? s_winogradGradient = WinogradGradient ? new(default) : null;

    private static readonly DirectWeightGradient<WinogradGeometry<TShape>>? s_directGradient
        = WinogradGradient ? null : new(default, $"{TShape.KernelHeight}x{TShape.KernelWidth} Winograd layer");

    private readonly float[] _weights, _shifts, _zeros;
    private float[]? _transposed;
    /// <summary>
    /// The weight gradient as the items write it (<see cref="PackedGradient"/>: outputs contiguous, as the transform back
    /// runs; OIHW's 9 x inputs apart cost cache misses), allocated at the first pass that takes one.
    /// </summary>
    private float[]? _weightGradient;

    /// <summary>Buffers for the layer's packed forward weights (filled by each pass's packing).</summary>
    public WinogradTraining()
    {
        _weights = AlignedBuffer.Allocate(WinogradWeights.PackedLength(TShape.OutChannels, TShape.InChannels, (int)Simd.Best, Positions) + Simd.MaxLanes);
        _shifts = AlignedBuffer.Allocate(TShape.OutChannels + Simd.MaxLanes);
        _zeros = AlignedBuffer.Allocate(TShape.InChannels + Simd.MaxLanes);
    }

    internal override void Check(NodeInfo node)
    {
        bool same = node.Op == Op.Conv && node.KernelH == TShape.KernelHeight && node.KernelW == TShape.KernelWidth && node.StrideH == 1 && node.StrideW == 1
            && node.DilationH == 1 && node.DilationW == 1 && node.Groups == 1 && node.Input.Height == TShape.Height && node.Input.Width == TShape.Width
            && node.Input.Channels == TShape.InChannels && node.Output.Height == TShape.OutHeight && node.Output.Width == TShape.OutWidth
            && node.Output.Channels == TShape.OutChannels && node.PadTop == TShape.PadTop && node.PadLeft == TShape.PadLeft;
        if (!same)
            throw new ArgumentException($"Node '{node.Name}' ({node.Op} {node.Input} -> {node.Output}, kernel {node.KernelH}x{node.KernelW}, strides {node.StrideH}x{node.StrideW}, "
                + $"dilations {node.DilationH}x{node.DilationW}, {node.Groups} groups, pads {node.PadTop} top and {node.PadLeft} left) is not the {TShape.KernelHeight}x{TShape.KernelWidth} "
                + $"stride-1 convolution {TShape.Height}x{TShape.Width}x{TShape.InChannels} -> {TShape.OutHeight}x{TShape.OutWidth}x{TShape.OutChannels}, pads {TShape.PadTop} top "
                + $"and {TShape.PadLeft} left, its generated training layer was made for. Rebuild the network with this version of CnnDsl.", nameof(node));
        bool tile = (TShape.KernelHeight, TShape.KernelWidth, TShape.TileSize) is (3, 3, 2 or 4) or (5, 5, 2) or (1, 7, 4) or (7, 1, 4);
        if (node.PadTop < 0 || node.PadLeft < 0 || node.PadBottom < 0 || node.PadRight < 0 || !tile)
            throw new ArgumentException($"Node '{node.Name}' has pads {node.PadTop}, {node.PadLeft}, {node.PadBottom}, {node.PadRight} (top, left, bottom, right), a {TShape.KernelHeight}x"
                + $"{TShape.KernelWidth} kernel and tiles of {TShape.TileSize}: a generated Winograd training layer takes pads of 0 or more and F(2x2,3x3), F(4x4,3x3), "
                + "F(2x2,5x5) or F(4,7) along a 1 x 7 or down a 7 x 1 kernel.", nameof(node));
    }

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
        int lanes = (int)Simd.Best;
        if (Line) WinogradLineWeights.PackInto(weights, TShape.OutChannels, TShape.InChannels, TShape.TileSize, Math.Max(TShape.KernelHeight, TShape.KernelWidth), transposed, lanes, packed);
        else if (TShape.KernelHeight == 5) Winograd5x5Weights.PackInto(weights, TShape.OutChannels, TShape.InChannels, transposed, lanes, packed);
        else if (TShape.TileSize == 4) Winograd4Weights.PackInto(weights, TShape.OutChannels, TShape.InChannels, transposed, lanes, packed);
        else WinogradWeights.PackInto(weights, TShape.OutChannels, TShape.InChannels, transposed, lanes, packed);
    }

    internal override void Forward(float[] input, float[] output, int image)
        => Run(s_forward, ref Image(input, image, InLength), ref Image(output, image, OutLength), _weights, _shifts);

    internal override void InputGradient(float[] outputGradient, float[] inputGradient, int image, bool overwrite)
    {
        var transposed = _transposed ?? throw new InvalidOperationException("The input gradient's weights have not been packed (PackInputGradient).");
        Run(overwrite ? s_backward : s_backwardAdded, ref Image(outputGradient, image, OutLength), ref Image(inputGradient, image, InLength), transposed, _zeros);
    }

    internal override bool HasWeightGradient => true;

    /// <summary>Blocks of outputs x blocks of inputs (the direct algorithm's: x kernel rows where it takes them one by one), whatever the thread count.</summary>
    internal override int WeightGradientItems => s_winogradGradient?.Items ?? s_directGradient!.Items;

    internal override void PrepareWeightGradient() => _weightGradient ??= new float[TShape.KernelHeight * TShape.KernelWidth * TShape.InChannels * OutPadded];

    /// <summary>Item <paramref name="item"/>'s block of dw, every value summed over the first <paramref name="batch"/> images in order.</summary>
    internal override void WeightGradient(float[] input, float[] outputGradient, int batch, int item)
    {
        var gradient = _weightGradient ?? throw new InvalidOperationException("The weight gradient's buffer has not been allocated (PrepareWeightGradient).");
        if ((uint)item >= (uint)WeightGradientItems) throw new ArgumentOutOfRangeException(nameof(item));
        if (batch <= 0) throw new ArgumentOutOfRangeException(nameof(batch), "The weight gradient needs at least one image.");
        Image(input, batch - 1, InLength);
        Image(outputGradient, batch - 1, OutLength);
        if (s_winogradGradient is not null) s_winogradGradient.Run(input, outputGradient, batch, item, gradient, OutPadded);
        else s_directGradient!.Run(input, outputGradient, batch, item, gradient);
    }

    /// <summary>The weight gradient (OIHW) from the items' disjoint blocks.</summary>
    internal override void SumWeightGradient(float[] gradient)
    {
        var sums = _weightGradient ?? throw new InvalidOperationException("The weight gradient has not been computed (PrepareWeightGradient, WeightGradient).");
        if (gradient.Length != WeightLength) throw new ArgumentException($"The weight gradient must have {WeightLength} values, got {gradient.Length}.", nameof(gradient));
        PackedGradient.Unpack(sums, gradient, 1, TShape.OutChannels, TShape.InChannels, TShape.KernelHeight * TShape.KernelWidth, OutPadded);
    }

    private static int WeightLength => TShape.OutChannels * TShape.InChannels * TShape.KernelHeight * TShape.KernelWidth;

    /// <summary>Floats between one input channel's row of the packed gradient and the next.</summary>
    private static int OutPadded => PanelProduct.Padded(TShape.OutChannels);

    /// <summary>Every output tile and channel of <paramref name="layer"/> on the kernel and tile inference chose.</summary>
    private static void Run(in WinogradLayer layer, ref float input, ref float output, float[] weights, float[] shifts)
    {
        // Tiles of TileSize x TileSize outputs; a line kernel's of TileSize along its axis and one across it.
        int m = TShape.TileSize, rows = Line && !Vertical ? 1 : m, columns = Vertical ? 1 : m;
        int tiles = ((layer.OutHeight + rows - 1) / rows) * ((layer.OutWidth + columns - 1) / columns);
        if (Line && Vertical) LayerKernels.Winograd<WinogradLineTile<WinogradLineConv.Column4x7>>(layer, ref input, ref output, weights, shifts, 0, tiles);
        else if (Line) LayerKernels.Winograd<WinogradLineTile<WinogradLineConv.Row4x7>>(layer, ref input, ref output, weights, shifts, 0, tiles);
        else if (TShape.KernelHeight == 5) LayerKernels.Winograd<WinogradTile5x5>(layer, ref input, ref output, weights, shifts, 0, tiles);
        else if (m == 4) LayerKernels.Winograd<WinogradTile4>(layer, ref input, ref output, weights, shifts, 0, tiles);
        else LayerKernels.Winograd<WinogradTile2>(layer, ref input, ref output, weights, shifts, 0, tiles);
    }
}
