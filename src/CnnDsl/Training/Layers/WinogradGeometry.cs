using CnnDsl.Kernels;

namespace CnnDsl.Training;

/// <summary>A generated Winograd layer's sizes (stride 1, undilated, ungrouped), every one a JIT constant of <typeparamref name="TShape"/>.</summary>
internal readonly struct WinogradGeometry<TShape> : IConvolutionGeometry where TShape : struct, IWinogradShape
{
    public int Height => TShape.Height;
    public int Width => TShape.Width;
    public int InChannels => TShape.InChannels;
    public int OutHeight => TShape.OutHeight;
    public int OutWidth => TShape.OutWidth;
    public int OutChannels => TShape.OutChannels;
    public int PadTop => TShape.PadTop;
    public int PadLeft => TShape.PadLeft;
    public int KernelHeight => TShape.KernelHeight;
    public int KernelWidth => TShape.KernelWidth;
    public int StrideH => 1;
    public int StrideW => 1;
    public int DilationH => 1;
    public int DilationW => 1;
    public int Groups => 1;
}
