using System.Globalization;
using CnnDsl.Model;
using CnnDsl.Text;

namespace CnnDsl.Operations;

/// <summary>Zero (or, for max pooling, never-winning) rows and columns around the input, in ONNX <c>pads</c> order.</summary>
internal readonly record struct Pads(int Top, int Left, int Bottom, int Right)
{
    public bool Any => (Top | Left | Bottom | Right) != 0;

    public override string ToString()
        => string.Format(CultureInfo.InvariantCulture, "top {0}, left {1}, bottom {2}, right {3}", Top, Left, Bottom, Right);
}

/// <summary>An operation that slides a <see cref="Window"/> over its input.</summary>
internal interface IWindowed
{
    Window Window { get; }
}

/// <summary>
/// The sliding window of a convolution or pooling: kernel, stride, dilation and the padding decided for the input
/// it reads. Its output size and its "KxK/S" text live here and nowhere else.
/// </summary>
internal readonly record struct Window(int KernelH, int KernelW, int StrideH, int StrideW, Pads Pads, int DilationH = 1, int DilationW = 1)
{
    public long Taps => (long)KernelH * KernelW;

    public bool Dilated => DilationH != 1 || DilationW != 1;

    /// <summary>Input rows one window covers: (k - 1) * d + 1.</summary>
    public int SpanH => Span(KernelH, DilationH);

    /// <summary>Input columns one window covers.</summary>
    public int SpanW => Span(KernelW, DilationW);

    public static int Span(int kernel, int dilation) => (int)System.Math.Min(((long)kernel - 1) * dilation + 1, int.MaxValue);

    public int OutputHeight(int input) => (int)(((long)input + Pads.Top + Pads.Bottom - SpanH) / StrideH + 1);

    public int OutputWidth(int input) => (int)(((long)input + Pads.Left + Pads.Right - SpanW) / StrideW + 1);

    /// <summary>The output shape over <paramref name="input"/> with <paramref name="channels"/> channels.</summary>
    public Shape Output(Shape input, int channels) => new(OutputHeight(input.Height), OutputWidth(input.Width), channels);

    /// <summary>"3x3/2" (kernel height x width / stride; "1x7/1x2" when the strides differ; " dilated 2" or " dilated 2x1" after).</summary>
    public string Text => NodeText.Window(KernelH, KernelW, StrideH, StrideW, DilationH, DilationW);

    /// <summary>"2" when both are equal, else "1x2".</summary>
    public static string Pair(int height, int width) => NodeText.Pair(height, width);

    /// <summary>"KxK" for a kernel or window of the given sides.</summary>
    public static string Kernel(int height, int width) => NodeText.Kernel(height, width);
}
