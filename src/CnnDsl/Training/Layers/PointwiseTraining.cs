using System;
using System.ComponentModel;
using CnnDsl.Kernels;

namespace CnnDsl.Training;

/// <summary>
/// A pointwise convolution's forward, input gradient and weight gradient in training, on the generated inference's register-tiled
/// kernel (<see cref="ConvKernel"/>) with <typeparamref name="TShape"/>'s geometry as constants: the forward is the
/// layer itself, y = x W + bias over an image's positions; the input gradient is the pointwise convolution of dy by
/// the transposed weights, dx = dy W^T, from the output channels to the input channels; the weight gradient is the
/// product of dy and x over the batch's positions (<see cref="PointwiseWeightProduct{TShape}"/>). Each output
/// value sums in the kernel's fixed order, so the result does not depend on the thread that computes an item.
/// For generated code only.
/// </summary>
/// <typeparam name="TShape">
/// The generated inference's constant shape of the layer (a flat <see cref="IConvShape"/>: its positions per image, its
/// taps the input channels): the training kernels read only its geometry, not how inference places its tensors.
/// </typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PointwiseTraining<TShape> : TrainingLayer where TShape : struct, IConvShape
{
    private static int Positions => TShape.Columns;
    private static int InChannels => TShape.Taps;
    private static int OutChannels => TShape.GroupOutChannels;
    private readonly int _forwardLanes = ConvLanes.For(OutChannels, Positions, (int)Simd.Best);
    private readonly int _gradientLanes = ConvLanes.For(InChannels, Positions, (int)Simd.Best);
    private readonly float[] _forward, _gradient, _shifts, _zeros;
    /// <summary>Each half of the batch's partial weight gradient (<see cref="PointwiseWeightProduct{TShape}"/>'s layout).</summary>
    private readonly float[][] _weightGradient;

    /// <summary>Buffers for the layer's packed weights (filled by each pass's packing).</summary>
    public PointwiseTraining()
    {
        _forward = AlignedBuffer.Allocate(PairedBlocks.Length(1, OutChannels, InChannels, _forwardLanes));
        _gradient = AlignedBuffer.Allocate(PairedBlocks.Length(1, InChannels, OutChannels, _gradientLanes));
        _shifts = AlignedBuffer.Allocate(OutChannels + Simd.MaxLanes);
        _zeros = AlignedBuffer.Allocate(InChannels + Simd.MaxLanes);
        _weightGradient = [new float[PointwiseWeightProduct<TShape>.Length], new float[PointwiseWeightProduct<TShape>.Length]];
    }

    internal override void Check(NodeInfo node)
    {
        bool pointwise = node.Op == Op.Conv && node.KernelH == 1 && node.KernelW == 1 && node.StrideH == 1 && node.StrideW == 1 && node.Groups == 1
            && node.PadTop == 0 && node.PadLeft == 0 && node.PadBottom == 0 && node.PadRight == 0 && node.Input.Height == node.Output.Height && node.Input.Width == node.Output.Width;
        bool shape = TShape.Flat && TShape.Groups == 1 && TShape.Run == TShape.Taps && TShape.GroupInChannels == TShape.Taps;
        if (!pointwise || !shape || node.Output.Height * node.Output.Width != Positions || node.Input.Channels != InChannels || node.Output.Channels != OutChannels)
            throw new ArgumentException($"Node '{node.Name}' ({node.Op} {node.Input} -> {node.Output}) is not the pointwise convolution of {Positions} positions, "
                + $"{InChannels} -> {OutChannels} channels its generated training layer was made for. Rebuild the network with this version of CnnDsl.", nameof(node));
    }

    internal override void Pack(float[] weights, float[]? bias)
    {
        if (weights.Length != OutChannels * InChannels) throw new ArgumentException($"The weight tensor must have {OutChannels * InChannels} values, got {weights.Length}.", nameof(weights));
        PairedBlocks.Pack(AlignedBuffer.Span(_forward), weights, 1, OutChannels, InChannels, 1, _forwardLanes);
        PairedBlocks.Pack(AlignedBuffer.Span(_gradient), weights, 1, InChannels, OutChannels, 1, _gradientLanes, transposed: true);
        var shifts = AlignedBuffer.Span(_shifts)[..OutChannels];
        if (bias is null) shifts.Clear();
        else bias.AsSpan(0, OutChannels).CopyTo(shifts);
    }

    internal override void Forward(float[] input, float[] output, int image)
    {
        ref float x = ref Image(input, image, InChannels);
        ref float y = ref Image(output, image, OutChannels);
        LayerKernels.Conv<PointwiseForward<TShape>>(ref x, ref y, _forward, _shifts, Positions);
    }

    internal override void InputGradient(float[] outputGradient, float[] inputGradient, int image, bool overwrite)
    {
        ref float dy = ref Image(outputGradient, image, OutChannels);
        ref float dx = ref Image(inputGradient, image, InChannels);
        if (overwrite)
        {
            LayerKernels.Conv<PointwiseGradient<TShape>>(ref dy, ref dx, _gradient, _zeros, Positions);
            return;
        }
        // Another consumer's gradient is in the buffer already: this one's into scratch, then added.
        int length = Positions * InChannels;
        LayerKernels.Conv<PointwiseGradient<TShape>>(ref dy, ref Scratch(length), _gradient, _zeros, Positions);
        AddScratch(ref dx, length);
    }

    internal override bool HasWeightGradient => true;

    /// <summary>
    /// Halves of the batch's images, whatever the thread count: each sums its images into a partial dW of its own (x
    /// and dy read once, where parts of the channels would read them once a part), and <see cref="SumWeightGradient"/> adds the two.
    /// </summary>
    internal override int WeightGradientItems => 2;

    /// <summary>
    /// The partial sums of the item's half of the images (<see cref="PointwiseWeightProduct{TShape}"/>): each over its
    /// images' positions in order, from zero.
    /// </summary>
    internal override void WeightGradient(float[] input, float[] outputGradient, int batch, int item)
    {
        if ((uint)item >= (uint)WeightGradientItems) throw new ArgumentOutOfRangeException(nameof(item));
        if (batch > 0)
        {
            Image(input, batch - 1, InChannels);
            Image(outputGradient, batch - 1, OutChannels);
        }
        float[] partial = _weightGradient[item];
        Array.Clear(partial);
        PointwiseWeightProduct<TShape>.Accumulate(input, outputGradient, partial, item * batch / 2 * Positions, (item + 1) * batch / 2 * Positions);
    }

    /// <summary>The weight gradient (OIHW): the first half's partial sums plus the second's.</summary>
    internal override void SumWeightGradient(float[] gradient)
    {
        if (gradient.Length != OutChannels * InChannels) throw new ArgumentException($"The weight gradient must have {OutChannels * InChannels} values, got {gradient.Length}.", nameof(gradient));
        PointwiseWeightProduct<TShape>.Sum(_weightGradient[0], _weightGradient[1], gradient);
    }

    /// <summary>Image <paramref name="image"/>'s first value in a batch buffer of <paramref name="channels"/> per position (checked against its length).</summary>
    private static new ref float Image(float[] buffer, int image, int channels) => ref TrainingLayer.Image(buffer, image, Positions * channels);
}

/// <summary>A pointwise layer's forward as <see cref="ConvKernel"/> walks it: one run of positions, each reading its input channels.</summary>
internal readonly struct PointwiseForward<TShape> : IConvShape where TShape : struct, IConvShape
{
    public static bool Flat => true;
    public static int Columns => TShape.Columns;
    public static int ColumnStep => TShape.Taps;
    public static int Run => TShape.Taps;
    public static int Taps => TShape.Taps;
    public static int OutChannels => TShape.GroupOutChannels;
    public static int GroupInChannels => TShape.Taps;
    public static int GroupOutChannels => TShape.GroupOutChannels;
    public static int Stride => TShape.GroupOutChannels;
}

/// <summary>A pointwise layer's input gradient: the pointwise convolution from its output channels back to its input channels.</summary>
internal readonly struct PointwiseGradient<TShape> : IConvShape where TShape : struct, IConvShape
{
    public static bool Flat => true;
    public static int Columns => TShape.Columns;
    public static int ColumnStep => TShape.GroupOutChannels;
    public static int Run => TShape.GroupOutChannels;
    public static int Taps => TShape.GroupOutChannels;
    public static int OutChannels => TShape.Taps;
    public static int GroupInChannels => TShape.GroupOutChannels;
    public static int GroupOutChannels => TShape.Taps;
    public static int Stride => TShape.Taps;
}
