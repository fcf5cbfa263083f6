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
    private readonly float[] _weights, _flipped, _shifts, _zeros;

    /// <summary>Buffers for the layer's packed weights (filled by each pass's packing).</summary>
    public DepthwiseTraining()
    {
        _weights = AlignedBuffer.Allocate(Taps * Pitch + Simd.MaxLanes);
        _flipped = AlignedBuffer.Allocate(HasInputGradient ? Taps * Pitch + Simd.MaxLanes : 0);
        _shifts = AlignedBuffer.Allocate(Pitch + Simd.MaxLanes);
        _zeros = AlignedBuffer.Allocate(Pitch + Simd.MaxLanes);
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
        if (!HasInputGradient) throw new InvalidOperationException("A depthwise layer of stride other than 1 has no generated input gradient.");
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
