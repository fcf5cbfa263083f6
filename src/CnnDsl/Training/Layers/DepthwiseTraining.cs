using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CnnDsl.Kernels;

namespace CnnDsl.Training;

/// <summary>
/// A depthwise convolution's forward, and at stride 1 its input gradient, in training, on the generated inference's
/// kernel (<see cref="DepthwiseKernel"/>) with <typeparamref name="TShape"/>'s geometry as constants: the forward is the
/// layer itself, y = bias + x * w per channel; the input gradient at stride 1 is dy correlated with the kernel rotated
/// by 180 degrees over the pads (k - 1) d - pad (<see cref="DepthwiseTransposed{TShape}"/>), from the output's shape
/// to the input's. Each output value sums its taps in the kernel's fixed order, whichever thread computes its image.
/// At other strides (or a pad past the kernel's reach) the trainer's own gathered input gradient runs.
/// For generated code only.
/// </summary>
/// <typeparam name="TShape">The generated inference's constant shape of the layer, its <see cref="IDepthwiseShape.OutHeight"/> written.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class DepthwiseTraining<TShape> : TrainingLayer where TShape : struct, IDepthwiseShape
{
    /// <summary>Channels per tap in the packed weights: rounded up to the widest vector, as the kernel reads them.</summary>
    private static int Pitch => (TShape.Channels + Simd.MaxLanes - 1) / Simd.MaxLanes * Simd.MaxLanes;
    private static int Taps => TShape.KernelH * TShape.KernelW;
    private static int InLength => TShape.InHeight * TShape.InWidth * TShape.Channels;
    private static int OutLength => TShape.OutHeight * TShape.OutWidth * TShape.Channels;
    /// <summary>Items of the weight gradient: parts of the batch's images, the same whatever the thread count.</summary>
    private const int WeightItems = 8;
    private readonly float[] _weights, _flipped, _shifts, _zeros;
    /// <summary>At stride 2, each phase's sub-kernel ([row phase * 2 + column phase]), packed as the kernel reads it.</summary>
    private readonly float[][] _phases;
    /// <summary>Each weight-gradient item's partial sums ([tap][pitch]).</summary>
    private readonly float[][] _weightPartials;

    /// <summary>Buffers for the layer's packed weights (filled by each pass's packing).</summary>
    public DepthwiseTraining()
    {
        _weights = AlignedBuffer.Allocate(Taps * Pitch + Simd.MaxLanes);
        _flipped = AlignedBuffer.Allocate(Transposes ? Taps * Pitch + Simd.MaxLanes : 0);
        _shifts = AlignedBuffer.Allocate(Pitch + Simd.MaxLanes);
        _zeros = AlignedBuffer.Allocate(Pitch + Simd.MaxLanes);
        _phases = Phased
            ?
            [
                PhaseBuffer<Phase0, Phase0>(), PhaseBuffer<Phase0, Phase1>(), PhaseBuffer<Phase1, Phase0>(), PhaseBuffer<Phase1, Phase1>(),
            ]
            : [];
        _weightPartials = new float[HasWeightGradient ? WeightItems : 0][];
        for (int i = 0; i < _weightPartials.Length; i++) _weightPartials[i] = AlignedBuffer.Allocate(Taps * Pitch + Simd.MaxLanes);
    }

    /// <summary>Stride 1 with no pad past the kernel's reach: the input gradient is the flipped kernel's convolution of dy.</summary>
    private static bool Transposes
        => TShape.StrideH == 1 && TShape.StrideW == 1 && DepthwiseTransposed<TShape>.PadTop >= 0 && DepthwiseTransposed<TShape>.PadLeft >= 0
            && DepthwiseTransposed<TShape>.PadBottom >= 0 && DepthwiseTransposed<TShape>.PadRight >= 0;

    /// <summary>
    /// A stride of 2 on an axis (the other 1 or 2) with no pad past the kernel's reach: the input gradient is four
    /// phases (two on an axis of stride 1), each a stride-1 convolution of dy (<see cref="DepthwisePhase{TShape, TRow, TColumn}"/>).
    /// </summary>
    private static bool Phased
        => !Transposes && TShape.StrideH <= 2 && TShape.StrideW <= 2 && TShape.OutHeight > 0
            && PhaseAxis.Pad(TShape.KernelH, TShape.StrideH, TShape.DilationH, TShape.PadTop, 0) >= 0
            && PhaseAxis.Pad(TShape.KernelH, TShape.StrideH, TShape.DilationH, TShape.PadTop, 1) >= 0
            && PhaseAxis.Pad(TShape.KernelW, TShape.StrideW, TShape.DilationW, TShape.PadLeft, 0) >= 0
            && PhaseAxis.Pad(TShape.KernelW, TShape.StrideW, TShape.DilationW, TShape.PadLeft, 1) >= 0;

    /// <summary>Stride 1 (the rotated kernel) or 2 (its phases) with no pad past the kernel's reach.</summary>
    internal override bool HasInputGradient => Transposes || Phased;

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
        if (_phases.Length == 0) return;
        PackPhase<Phase0, Phase0>(weights, _phases[0]);
        PackPhase<Phase0, Phase1>(weights, _phases[1]);
        PackPhase<Phase1, Phase0>(weights, _phases[2]);
        PackPhase<Phase1, Phase1>(weights, _phases[3]);
    }

    /// <summary>A buffer for a phase's packed sub-kernel.</summary>
    private static float[] PhaseBuffer<TRow, TColumn>() where TRow : struct, IPhase where TColumn : struct, IPhase
        => AlignedBuffer.Allocate(DepthwisePhase<TShape, TRow, TColumn>.KernelH * DepthwisePhase<TShape, TRow, TColumn>.KernelW * Pitch + Simd.MaxLanes);

    /// <summary>A phase's sub-kernel from the weights (OIHW), tap by tap as the kernel reads it.</summary>
    private static void PackPhase<TRow, TColumn>(float[] weights, float[] buffer) where TRow : struct, IPhase where TColumn : struct, IPhase
    {
        var packed = AlignedBuffer.Span(buffer);
        int rows = DepthwisePhase<TShape, TRow, TColumn>.KernelH, columns = DepthwisePhase<TShape, TRow, TColumn>.KernelW, pitch = Pitch;
        for (int th = 0; th < rows; th++)
        for (int tw = 0; tw < columns; tw++)
        {
            int tap = (DepthwisePhase<TShape, TRow, TColumn>.KernelRow(th) * TShape.KernelW) + DepthwisePhase<TShape, TRow, TColumn>.KernelColumn(tw);
            int at = ((th * columns) + tw) * pitch;
            for (int c = 0; c < TShape.Channels; c++) packed[at + c] = weights[(c * Taps) + tap];
        }
    }

    internal override void Forward(float[] input, float[] output, int image)
        => LayerKernels.Depthwise<TShape>(ref Image(input, image, InLength), ref Image(output, image, OutLength), _weights, _shifts, TShape.OutHeight);

    internal override void InputGradient(float[] outputGradient, float[] inputGradient, int image, bool overwrite)
    {
        if (!HasInputGradient) throw new InvalidOperationException("A depthwise layer of stride over 2, or a pad past its kernel's reach, has no generated input gradient.");
        ref float dy = ref Image(outputGradient, image, OutLength);
        ref float dx = ref Image(inputGradient, image, InLength);
        if (Phased)
        {
            Phase<Phase0, Phase0>(ref dy, ref dx, _phases[0], overwrite);
            if (TShape.StrideW == 2) Phase<Phase0, Phase1>(ref dy, ref dx, _phases[1], overwrite);
            if (TShape.StrideH == 1) return;
            Phase<Phase1, Phase0>(ref dy, ref dx, _phases[2], overwrite);
            if (TShape.StrideW == 2) Phase<Phase1, Phase1>(ref dy, ref dx, _phases[3], overwrite);
            return;
        }
        if (overwrite)
        {
            LayerKernels.Depthwise<DepthwiseTransposed<TShape>>(ref dy, ref dx, _flipped, _zeros, TShape.InHeight);
            return;
        }
        // Another consumer's gradient is in the buffer already: this one's into scratch, then added.
        LayerKernels.Depthwise<DepthwiseTransposed<TShape>>(ref dy, ref Scratch(InLength), _flipped, _zeros, TShape.InHeight);
        AddScratch(ref dx, InLength);
    }

    /// <summary>
    /// One phase of the input gradient: its rows and columns of dx computed into this thread's scratch, one after
    /// another, by the kernel (no taps reach: zeros), then written (or added) to their places in dx.
    /// </summary>
    private void Phase<TRow, TColumn>(ref float dy, ref float dx, float[] weights, bool overwrite) where TRow : struct, IPhase where TColumn : struct, IPhase
    {
        int rows = DepthwisePhase<TShape, TRow, TColumn>.OutHeight, columns = DepthwisePhase<TShape, TRow, TColumn>.OutWidth, channels = TShape.Channels;
        if (rows == 0 || columns == 0) return;
        bool reached = DepthwisePhase<TShape, TRow, TColumn>.KernelH > 0 && DepthwisePhase<TShape, TRow, TColumn>.KernelW > 0;
        if (!reached && !overwrite) return;
        ref float phase = ref Scratch(rows * columns * channels);
        if (reached) LayerKernels.Depthwise<DepthwisePhase<TShape, TRow, TColumn>>(ref dy, ref phase, weights, _zeros, rows);
        else MemoryMarshal.CreateSpan(ref phase, rows * columns * channels).Clear();
        for (int j = 0; j < rows; j++)
        for (int i = 0; i < columns; i++)
        {
            var from = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref phase, ((nint)j * columns + i) * channels), channels);
            int iy = TRow.Index + (j * TShape.StrideH), ix = TColumn.Index + (i * TShape.StrideW);
            var to = MemoryMarshal.CreateSpan(ref Unsafe.Add(ref dx, ((nint)iy * TShape.InWidth + ix) * channels), channels);
            if (overwrite) from.CopyTo(to);
            else System.Numerics.Tensors.TensorPrimitives.Add(to, from, to);
        }
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
        float[] partial = _weightPartials[item];
        AlignedBuffer.Span(partial).Clear();
        for (int n = item * batch / WeightItems; n < (item + 1) * batch / WeightItems; n++)
            LayerKernels.DepthwiseWeightGradient<TShape>(ref Image(input, n, InLength), ref Image(outputGradient, n, OutLength), partial);
    }

    /// <summary>The weight gradient (OIHW): the items' partial sums added in item order.</summary>
    internal override void SumWeightGradient(float[] gradient)
    {
        int channels = TShape.Channels, taps = Taps, pitch = Pitch;
        if (gradient.Length != channels * taps) throw new ArgumentException($"The weight gradient must have {channels * taps} values, got {gradient.Length}.", nameof(gradient));
        var total = AlignedBuffer.Span(_weightPartials[0])[..(taps * pitch)];
        for (int i = 1; i < WeightItems; i++) System.Numerics.Tensors.TensorPrimitives.Add(total, AlignedBuffer.Span(_weightPartials[i])[..(taps * pitch)], total);
        for (int c = 0; c < channels; c++)
        for (int t = 0; t < taps; t++)
            gradient[(c * taps) + t] = total[(t * pitch) + c];
    }

    /// <summary>Image <paramref name="image"/>'s first value in a batch buffer of <paramref name="length"/> per image (checked against its length).</summary>
    private static ref float Image(float[] buffer, int image, int length)
    {
        if (image < 0 || (long)(image + 1) * length > buffer.Length) throw new ArgumentOutOfRangeException(nameof(image), $"Image {image} lies past a buffer of {buffer.Length} floats ({length} per image).");
        return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(buffer), (nint)image * length);
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
