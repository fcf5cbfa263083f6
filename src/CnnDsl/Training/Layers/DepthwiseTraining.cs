using System;
using System.ComponentModel;
using CnnDsl.Kernels;

namespace CnnDsl.Training;

/// <summary>
/// A depthwise convolution's forward, input gradient and weight gradient in training, on kernels instantiated with
/// <typeparamref name="TShape"/>'s geometry as constants. The forward is the layer itself on the generated inference's
/// kernel (<see cref="DepthwiseKernel"/>), y = bias + x * w per channel. The input gradient at stride 1, on the same
/// kernel: dy correlated with the kernel rotated by 180 degrees over the pads (k - 1) d - pad
/// (<see cref="DepthwiseTransposed{TShape}"/>), from the output's shape to the input's. The weight gradient, at every
/// stride: <see cref="DepthwiseWeightGradient"/>, eight parts of the batch, each into a partial of its own, added in
/// order. Each value sums in a fixed order, whichever thread computes it. At other strides (or with a pad past the
/// kernel's reach) the trainer's own gathered input gradient runs; with kernels over 7 wide, its weight gradient too.
/// For generated code only.
/// </summary>
/// <typeparam name="TShape">The generated inference's constant shape of the layer, its <see cref="IDepthwiseShape.OutHeight"/> written.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class DepthwiseTraining<TShape> : TrainingLayer where TShape : struct, IDepthwiseShape
{
    /// <summary>Channels per tap in the packed weights: rounded up to the widest vector, as the kernel reads them.</summary>
    private static int Pitch => (int)DepthwiseKernel.Packed<TShape>();
    private static int Taps => TShape.KernelH * TShape.KernelW;
    private static int InLength => TShape.InHeight * TShape.InWidth * TShape.Channels;
    private static int OutLength => TShape.OutHeight * TShape.OutWidth * TShape.Channels;
    /// <summary>Items of the weight gradient: parts of the batch's images, the same whatever the thread count.</summary>
    private const int WeightItems = 8;
    private readonly float[] _weights, _flipped, _shifts, _zeros;
    /// <summary>Each weight-gradient item's partial sums ([tap][pitch]), allocated by its first use.</summary>
    private readonly float[]?[] _weightPartials;

    /// <summary>Buffers for the layer's packed weights (filled by each pass's packing).</summary>
    public DepthwiseTraining()
    {
        _weights = AlignedBuffer.Allocate(Taps * Pitch + Simd.MaxLanes);
        _flipped = AlignedBuffer.Allocate(HasInputGradient ? Taps * Pitch + Simd.MaxLanes : 0);
        _shifts = AlignedBuffer.Allocate(Pitch + Simd.MaxLanes);
        _zeros = AlignedBuffer.Allocate(Pitch + Simd.MaxLanes);
        // The partials are allocated at the first weight gradient: a frozen layer never takes one, so it gets no gradient memory.
        _weightPartials = new float[HasWeightGradient ? WeightItems : 0][];
    }

    /// <summary>Stride 1 with no pad past the kernel's reach: the input gradient is the flipped kernel's convolution of dy.</summary>
    internal override bool HasInputGradient
        => TShape.StrideH == 1 && TShape.StrideW == 1 && DepthwiseTransposed<TShape>.PadTop >= 0 && DepthwiseTransposed<TShape>.PadLeft >= 0
            && DepthwiseTransposed<TShape>.PadBottom >= 0 && DepthwiseTransposed<TShape>.PadRight >= 0;

    internal override void Check(NodeInfo node)
    {
        bool same = node.Op == Op.DepthwiseConv && node.Input.Channels == TShape.Channels && node.Output.Channels == TShape.Channels
            && node.Input.Height == TShape.InHeight && node.Input.Width == TShape.InWidth && node.Output.Height == TShape.OutHeight && node.Output.Width == TShape.OutWidth
            && node.KernelH == TShape.KernelH && node.KernelW == TShape.KernelW && node.StrideH == TShape.StrideH && node.StrideW == TShape.StrideW
            && node.DilationH == TShape.DilationH && node.DilationW == TShape.DilationW && node.PadTop == TShape.PadTop && node.PadLeft == TShape.PadLeft;
        if (!same)
            throw new ArgumentException($"Node '{node.Name}' ({node.Op} {node.Input} -> {node.Output}, kernel {node.KernelH}x{node.KernelW}) is not the depthwise convolution "
                + $"{TShape.InHeight}x{TShape.InWidth}x{TShape.Channels} -> {TShape.OutHeight}x{TShape.OutWidth}, kernel {TShape.KernelH}x{TShape.KernelW}, its generated "
                + "training layer was made for. Rebuild the network with this version of CnnDsl.", nameof(node));
    }

    internal override void Pack(float[] weights, float[]? bias)
    {
        int channels = TShape.Channels, taps = Taps, pitch = Pitch;
        var packed = AlignedBuffer.Span(_weights);
        var flipped = AlignedBuffer.Span(_flipped);
        for (int c = 0; c < channels; c++)
        for (int t = 0; t < taps; t++)
        {
            float w = weights[c * taps + t];
            packed[t * pitch + c] = w;
            if (!flipped.IsEmpty) flipped[(taps - 1 - t) * pitch + c] = w;
        }
        var shifts = AlignedBuffer.Span(_shifts)[..channels];
        if (bias is null) shifts.Clear();
        else bias.AsSpan(0, channels).CopyTo(shifts);
    }

    internal override void Forward(float[] input, float[] output, int image)
        => LayerKernels.Depthwise<TShape>(ref Image(input, image, InLength), ref Image(output, image, OutLength), _weights, _shifts, TShape.OutHeight);

    internal override void InputGradient(float[] outputGradient, float[] inputGradient, int image, bool overwrite)
    {
        if (!HasInputGradient) throw new InvalidOperationException("A depthwise layer of stride other than 1, or a pad past its kernel's reach, has no generated input gradient.");
        ref float dy = ref Image(outputGradient, image, OutLength);
        ref float dx = ref Image(inputGradient, image, InLength);
        if (overwrite)
        {
            LayerKernels.Depthwise<DepthwiseTransposed<TShape>>(ref dy, ref dx, _flipped, _zeros, TShape.InHeight);
            return;
        }
        // Another consumer's gradient is in the buffer already: this one's into scratch, then added.
        LayerKernels.Depthwise<DepthwiseTransposed<TShape>>(ref dy, ref Scratch(InLength), _flipped, _zeros, TShape.InHeight);
        AddScratch(ref dx, InLength);
    }

    internal override bool HasWeightGradient => TShape.KernelW <= DepthwiseWeightGradient.MaxKernelW && TShape.OutHeight > 0;

    internal override int WeightGradientItems => WeightItems;

    /// <summary>
    /// Item <paramref name="item"/>'s part of the batch (images item * batch / items onwards, in order), each image's
    /// products added to the item's partial sums (<see cref="DepthwiseWeightGradient"/>).
    /// </summary>
    internal override void WeightGradient(float[] input, float[] outputGradient, int batch, int item)
    {
        if ((uint)item >= (uint)WeightItems) throw new ArgumentOutOfRangeException(nameof(item));
        float[] partial = _weightPartials[item] ??= AlignedBuffer.Allocate(Taps * Pitch + Simd.MaxLanes);
        AlignedBuffer.Span(partial).Clear();
        for (int n = item * batch / WeightItems; n < (item + 1) * batch / WeightItems; n++)
            LayerKernels.DepthwiseWeightGradient<TShape>(ref Image(input, n, InLength), ref Image(outputGradient, n, OutLength), partial);
    }

    /// <summary>The weight gradient (OIHW): the items' partial sums added in item order.</summary>
    internal override void SumWeightGradient(float[] gradient)
    {
        int channels = TShape.Channels, taps = Taps, pitch = Pitch;
        if (gradient.Length != channels * taps) throw new ArgumentException($"The weight gradient must have {channels * taps} values, got {gradient.Length}.", nameof(gradient));
        if (Array.IndexOf(_weightPartials, null) >= 0) throw new InvalidOperationException("The weight gradient's items have not all run.");
        var total = AlignedBuffer.Span(_weightPartials[0]!)[..(taps * pitch)];
        for (int i = 1; i < WeightItems; i++) System.Numerics.Tensors.TensorPrimitives.Add(total, AlignedBuffer.Span(_weightPartials[i]!)[..(taps * pitch)], total);
        for (int c = 0; c < channels; c++)
        for (int t = 0; t < taps; t++)
            gradient[(c * taps) + t] = total[(t * pitch) + c];
    }

}

/// <summary>
/// A stride-1 depthwise layer's input gradient as a depthwise convolution: dx[iy, ix] = sum over (ky, kx) of
/// dy[iy + pad - ky d, ix + pad - kx d] w[ky, kx], i.e. dy correlated with the rotated kernel over the pads
/// (k - 1) d - pad, from the output's shape to the input's.
/// </summary>
internal readonly struct DepthwiseTransposed<TShape> : IDepthwiseShape where TShape : struct, IDepthwiseShape
{
    public static int Channels => TShape.Channels;
    public static int InHeight => TShape.OutHeight;
    public static int InWidth => TShape.OutWidth;
    public static int OutWidth => TShape.InWidth;
    public static int OutHeight => TShape.InHeight;
    public static int KernelH => TShape.KernelH;
    public static int KernelW => TShape.KernelW;
    public static int DilationH => TShape.DilationH;
    public static int DilationW => TShape.DilationW;
    public static int PadTop => (TShape.KernelH - 1) * TShape.DilationH - TShape.PadTop;
    public static int PadLeft => (TShape.KernelW - 1) * TShape.DilationW - TShape.PadLeft;

    /// <summary>The bottom pad (the kernel reads rows up to it; the forward's reach past its input, (k - 1) d minus its bottom pad).</summary>
    public static int PadBottom => TShape.InHeight - TShape.OutHeight + TShape.PadTop;

    /// <summary>The right pad, as <see cref="PadBottom"/>.</summary>
    public static int PadRight => TShape.InWidth - TShape.OutWidth + TShape.PadLeft;
}
