namespace CnnDsl.Training;

/// <summary>A convolution's sizes read from its node at run time (the trainer's own kernels).</summary>
internal readonly struct NodeGeometry(NodeInfo info) : IConvolutionGeometry
{
    public int Height { get; } = info.Input.Height;
    public int Width { get; } = info.Input.Width;
    public int InChannels { get; } = info.Input.Channels;
    public int OutHeight { get; } = info.Output.Height;
    public int OutWidth { get; } = info.Output.Width;
    public int OutChannels { get; } = info.Output.Channels;
    public int PadTop { get; } = info.PadTop;
    public int PadLeft { get; } = info.PadLeft;
    public int KernelHeight { get; } = info.KernelH;
    public int KernelWidth { get; } = info.KernelW;
    public int StrideH { get; } = info.StrideH;
    public int StrideW { get; } = info.StrideW;
    public int DilationH { get; } = info.DilationH;
    public int DilationW { get; } = info.DilationW;
    public int Groups { get; } = info.Groups;
}
