using System;
using System.ComponentModel;
using CnnDsl.Kernels;

namespace CnnDsl.Training;

/// <summary>
/// A convolution's forward in training (any kernel, strides, padding, dilation and groups that the generated
/// inference runs on <see cref="ConvKernel"/> rather than by Winograd, pointwise layers aside), on that kernel with
/// <typeparamref name="TShape"/>'s geometry as constants: the image copied into a zero border when the layer is
/// padded (as inference does), then y = x * W + bias over the output rows. Its weight gradient runs here too, on the
/// trainer's direct algorithm compiled with the shape's sizes as constants (<see cref="DirectWeightGradient{TGeometry}"/>:
/// one item per group, kernel row and block of channels, each summing the whole batch in order), and its input gradient,
/// on the trainer's gathered algorithm compiled likewise (<see cref="DirectInputGradient{TGeometry}"/>: one item per
/// block of up to four images and group of input rows, each value's sum in tap order). For generated code only.
/// </summary>
/// <typeparam name="TShape">The generated inference's constant shape of the layer (rows of columns over the bordered input).</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ConvolutionTraining<TShape> : TrainingLayer where TShape : struct, IConvShape
{
    private readonly int _lanes = ConvLanes.For(TShape.GroupOutChannels, TShape.Columns, (int)Simd.Best);
    private readonly float[] _weights, _shifts;
    private int _height, _width, _channels, _outputRows, _top, _left, _bottom, _right, _kernelH, _kernelW;
    private ConvolutionGeometry<TShape> _geometry;
    private DirectWeightGradient<ConvolutionGeometry<TShape>>? _weightGradient;
    /// <summary>The input gradient's kernel and packed weights, made at the first pass that takes one (a first layer's input needs none).</summary>
    private DirectInputGradient<ConvolutionGeometry<TShape>>? _inputGradient;
    /// <summary>The weight gradient as its items write it (<see cref="PackedGradient"/>), allocated at the first pass that takes one.</summary>
    private float[]? _packedGradient;

    /// <summary>Buffers for the layer's packed weights (filled by each pass's packing).</summary>
    public ConvolutionTraining()
    {
        _weights = AlignedBuffer.Allocate(PairedBlocks.Length(TShape.Groups, TShape.GroupOutChannels, TShape.Taps, _lanes));
        _shifts = AlignedBuffer.Allocate(TShape.OutChannels + Simd.MaxLanes);
    }

    internal override void Check(NodeInfo node)
    {
        int groupIn = node.Groups <= 0 ? 0 : node.Input.Channels / node.Groups;
        long rowPitch = (long)(node.Input.Width + node.PadLeft + node.PadRight) * node.Input.Channels;
        bool same = node.Op == Op.Conv && !TShape.Flat && node.Groups == TShape.Groups && node.Output.Channels == TShape.OutChannels
            && groupIn == TShape.GroupInChannels && node.KernelH * node.KernelW * groupIn == TShape.Taps && node.Output.Width == TShape.Columns
            && TShape.RowStep == node.StrideH * rowPitch && TShape.ColumnStep == (long)node.StrideW * node.Input.Channels && TShape.SegmentRows == node.KernelH
            && (node.KernelH == 1 || TShape.SegmentRowStep == node.DilationH * rowPitch); // one kernel row: the step is never taken, nor written
        if (!same)
            throw new ArgumentException($"Node '{node.Name}' ({node.Op} {node.Input} -> {node.Output}, kernel {node.KernelH}x{node.KernelW}) is not the convolution its generated "
                + $"training layer was made for ({TShape.Taps} taps into {TShape.OutChannels} channels in {TShape.Groups} groups, rows of {TShape.Columns}, input steps {TShape.RowStep} "
                + $"between rows and {TShape.ColumnStep} between columns, {TShape.SegmentRows} kernel rows {TShape.SegmentRowStep} apart; the node's: {node.KernelH * node.KernelW * groupIn} taps, "
                + $"rows of {node.Output.Width}, steps {node.StrideH * rowPitch} and {node.StrideW * node.Input.Channels}, kernel rows {node.DilationH * rowPitch} apart). "
                + "Rebuild the network with this version of CnnDsl.", nameof(node));
        (_height, _width, _channels, _outputRows) = (node.Input.Height, node.Input.Width, node.Input.Channels, node.Output.Height);
        (_top, _left, _bottom, _right, _kernelH, _kernelW) = (node.PadTop, node.PadLeft, node.PadBottom, node.PadRight, node.KernelH, node.KernelW);
        _geometry = new ConvolutionGeometry<TShape>(node);
        _weightGradient = new DirectWeightGradient<ConvolutionGeometry<TShape>>(_geometry, node.Name);
    }

    internal override void Pack(float[] weights, float[]? bias)
    {
        int groups = TShape.Groups, groupOut = TShape.GroupOutChannels, groupIn = TShape.GroupInChannels, taps = _kernelH * _kernelW;
        if (weights.Length != TShape.OutChannels * TShape.Taps) throw new ArgumentException($"The weight tensor must have {TShape.OutChannels * TShape.Taps} values, got {weights.Length}.", nameof(weights));
        PairedBlocks.Pack(AlignedBuffer.Span(_weights), weights, groups, groupOut, groupIn, taps, _lanes);
        var shifts = AlignedBuffer.Span(_shifts)[..TShape.OutChannels];
        if (bias is null) shifts.Clear();
        else bias.AsSpan(0, TShape.OutChannels).CopyTo(shifts);
    }

    internal override void Forward(float[] input, float[] output, int image)
    {
        int inLength = _height * _width * _channels, outLength = _outputRows * TShape.Columns * TShape.OutChannels;
        ref float x = ref Image(input, image, inLength);
        ref float y = ref Image(output, image, outLength);
        if ((_top | _left | _bottom | _right) != 0)
        {
            // The kernel reads every tap inside a zero-bordered copy, as the generated inference does.
            ref float bordered = ref Scratch((_height + _top + _bottom) * (_width + _left + _right) * _channels + Simd.MaxLanes);
            TensorCopy.WithBorder(ref x, _height, _width, _channels, ref bordered, _top, _left, _bottom, _right, 0f);
            LayerKernels.Conv<Unfused<TShape>>(ref bordered, ref y, _weights, _shifts, _outputRows);
        }
        else LayerKernels.Conv<Unfused<TShape>>(ref x, ref y, _weights, _shifts, _outputRows);
    }

    internal override void PackInputGradient(float[] weights)
    {
        if (_weightGradient is null) throw new InvalidOperationException("The layer has not been checked against its node (Check).");
        (_inputGradient ??= new DirectInputGradient<ConvolutionGeometry<TShape>>(_geometry)).Pack(weights);
    }

    /// <summary>Blocks of up to four images (each weight vector loaded serves them all) x groups of input rows.</summary>
    internal override int InputGradientItems(int batch) => PackedInput.Items(batch);

    internal override void InputGradient(float[] outputGradient, float[] inputGradient, int batch, int item, bool overwrite)
    {
        if (batch <= 0) throw new ArgumentOutOfRangeException(nameof(batch), "The input gradient needs at least one image.");
        Image(outputGradient, batch - 1, _outputRows * TShape.Columns * TShape.OutChannels);
        Image(inputGradient, batch - 1, _height * _width * _channels);
        PackedInput.Run(outputGradient, inputGradient, batch, item, overwrite);
    }

    /// <summary>Not by the image: the items take blocks of images (<see cref="InputGradientItems"/>).</summary>
    internal override void InputGradient(float[] outputGradient, float[] inputGradient, int image, bool overwrite)
        => throw new NotSupportedException("A convolution's generated input gradient runs in items of several images (InputGradientItems).");

    internal override bool HasWeightGradient => true;

    internal override int WeightGradientItems => Checked.Items;

    internal override void PrepareWeightGradient() => _packedGradient ??= new float[Checked.PackedLength];

    /// <summary>Item <paramref name="item"/>'s block of the packed gradient, every value summed over the first <paramref name="batch"/> images in order.</summary>
    internal override void WeightGradient(float[] input, float[] outputGradient, int batch, int item)
    {
        var packed = _packedGradient ?? throw new InvalidOperationException("The weight gradient's buffer has not been allocated (PrepareWeightGradient).");
        if ((uint)item >= (uint)WeightGradientItems) throw new ArgumentOutOfRangeException(nameof(item));
        if (batch <= 0) throw new ArgumentOutOfRangeException(nameof(batch), "The weight gradient needs at least one image.");
        Image(input, batch - 1, _height * _width * _channels);
        Image(outputGradient, batch - 1, _outputRows * TShape.Columns * TShape.OutChannels);
        Checked.Run(input, outputGradient, batch, item, packed);
    }

    /// <summary>The weight gradient (OIHW) from the items' disjoint blocks.</summary>
    internal override void SumWeightGradient(float[] gradient)
    {
        var packed = _packedGradient ?? throw new InvalidOperationException("The weight gradient has not been computed (PrepareWeightGradient, WeightGradient).");
        if (gradient.Length != TShape.OutChannels * TShape.Taps) throw new ArgumentException($"The weight gradient must have {TShape.OutChannels * TShape.Taps} values, got {gradient.Length}.", nameof(gradient));
        PackedGradient.Unpack(packed, gradient, TShape.Groups, TShape.GroupOutChannels, TShape.GroupInChannels, _kernelH * _kernelW, Checked.OutPadded);
    }

    /// <summary>The input gradient's kernel, once its weights were packed (<see cref="PackInputGradient"/>).</summary>
    private DirectInputGradient<ConvolutionGeometry<TShape>> PackedInput
        => _inputGradient ?? throw new InvalidOperationException("The input gradient's weights have not been packed (PackInputGradient).");

    /// <summary>The weight gradient's kernel, made when the node was checked.</summary>
    private DirectWeightGradient<ConvolutionGeometry<TShape>> Checked
        => _weightGradient ?? throw new InvalidOperationException("The layer has not been checked against its node (Check).");

}

/// <summary>A layer's shape as training writes it: its own output tensor (no concatenation's slice), no residual.</summary>
internal readonly struct Unfused<TShape> : IConvShape where TShape : struct, IConvShape
{
    public static bool Flat => TShape.Flat;
    public static int Columns => TShape.Columns;
    public static int RowStep => TShape.RowStep;
    public static int ColumnStep => TShape.ColumnStep;
    public static int SegmentRows => TShape.SegmentRows;
    public static int SegmentColumns => TShape.SegmentColumns;
    public static int SegmentRowStep => TShape.SegmentRowStep;
    public static int SegmentColumnStep => TShape.SegmentColumnStep;
    public static int Run => TShape.Run;
    public static int Taps => TShape.Taps;
    public static int OutChannels => TShape.OutChannels;
    public static int Groups => TShape.Groups;
    public static int GroupInChannels => TShape.GroupInChannels;
    public static int GroupOutChannels => TShape.GroupOutChannels;
    public static int Stride => TShape.OutChannels;
}
