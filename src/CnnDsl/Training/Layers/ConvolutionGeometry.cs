using CnnDsl.Kernels;

namespace CnnDsl.Training;

/// <summary>
/// A generated direct convolution's sizes: those its shape <typeparamref name="TShape"/> holds (channels, groups,
/// output columns, kernel, horizontal stride) as JIT constants, the rest (the input's height and width, the output's
/// rows, pads, vertical stride, dilations) from its node, which the layer checked against the shape.
/// </summary>
internal readonly struct ConvolutionGeometry<TShape>(NodeInfo node) : IConvolutionGeometry where TShape : struct, IConvShape
{
    public int Height { get; } = node.Input.Height;
    public int Width { get; } = node.Input.Width;
    public int InChannels => TShape.Groups * TShape.GroupInChannels;
    public int OutHeight { get; } = node.Output.Height;
    public int OutWidth => TShape.Columns;
    public int OutChannels => TShape.OutChannels;
    public int PadTop { get; } = node.PadTop;
    public int PadLeft { get; } = node.PadLeft;
    public int KernelHeight => TShape.SegmentRows;
    public int KernelWidth => TShape.Taps / (TShape.GroupInChannels * TShape.SegmentRows);
    public int StrideH { get; } = node.StrideH;
    public int StrideW => TShape.ColumnStep / (TShape.Groups * TShape.GroupInChannels);
    public int DilationH { get; } = node.DilationH;
    public int DilationW { get; } = node.DilationW;
    public int Groups => TShape.Groups;
}
