using CnnDsl.Kernels;

namespace CnnDsl.Training;

/// <summary>
/// One output-parity phase of a depthwise layer's input gradient at stride 1 or 2, as a stride-1 depthwise
/// convolution: the input rows iy = r + s j (r the phase <typeparamref name="TRow"/>, s the stride) are reached only by
/// the kernel rows ky with ky d = r + pad (mod s), from dy's row j - (ky d - r - pad) / s. Taken in reverse order those
/// rows are a kernel of <see cref="PhaseAxis.Taps"/> rows, dilation d / gcd(d, s), pad the last one's offset, so
/// dx[r + s j] = the convolution of dy by that sub-kernel at row j; columns alike with <typeparamref name="TColumn"/>.
/// The phase's output is its rows and columns of dx, one after another (the caller scatters them into dx).
/// </summary>
internal readonly struct DepthwisePhase<TShape, TRow, TColumn> : IDepthwiseShape
    where TShape : struct, IDepthwiseShape where TRow : struct, IPhase where TColumn : struct, IPhase
{
    public static int Channels => TShape.Channels;
    public static int InHeight => TShape.OutHeight;
    public static int InWidth => TShape.OutWidth;
    public static int OutHeight => PhaseAxis.Count(TShape.InHeight, TShape.StrideH, TRow.Index);
    public static int OutWidth => PhaseAxis.Count(TShape.InWidth, TShape.StrideW, TColumn.Index);
    public static int KernelH => PhaseAxis.Taps(TShape.KernelH, TShape.StrideH, TShape.DilationH, TShape.PadTop, TRow.Index);
    public static int KernelW => PhaseAxis.Taps(TShape.KernelW, TShape.StrideW, TShape.DilationW, TShape.PadLeft, TColumn.Index);
    public static int DilationH => PhaseAxis.Dilation(TShape.StrideH, TShape.DilationH);
    public static int DilationW => PhaseAxis.Dilation(TShape.StrideW, TShape.DilationW);
    public static int PadTop => PhaseAxis.Pad(TShape.KernelH, TShape.StrideH, TShape.DilationH, TShape.PadTop, TRow.Index);
    public static int PadLeft => PhaseAxis.Pad(TShape.KernelW, TShape.StrideW, TShape.DilationW, TShape.PadLeft, TColumn.Index);

    /// <summary>The forward's kernel row of the sub-kernel's row <paramref name="t"/> (the sub-kernel runs the reached rows backwards).</summary>
    public static int KernelRow(int t) => PhaseAxis.Tap(TShape.KernelH, TShape.StrideH, TShape.DilationH, TShape.PadTop, TRow.Index, KernelH - 1 - t);

    /// <summary>The forward's kernel column of the sub-kernel's column <paramref name="t"/>.</summary>
    public static int KernelColumn(int t) => PhaseAxis.Tap(TShape.KernelW, TShape.StrideW, TShape.DilationW, TShape.PadLeft, TColumn.Index, KernelW - 1 - t);
}

/// <summary>
/// One axis of a <see cref="DepthwisePhase{TShape, TRow, TColumn}"/> at stride 1 or 2 (closed forms, so that the JIT
/// folds them to constants): <c>kernel</c> taps, <c>dilation</c>, the forward's leading <c>pad</c>, phase <c>r</c>.
/// </summary>
internal static class PhaseAxis
{
    /// <summary>gcd(dilation, stride) for a stride of 1 or 2.</summary>
    private static int Shared(int stride, int dilation) => stride == 2 && dilation % 2 == 0 ? 2 : 1;

    /// <summary>Between reached taps: stride / gcd.</summary>
    private static int Step(int stride, int dilation) => stride / Shared(stride, dilation);

    /// <summary>The first tap that reaches phase <paramref name="r"/> (<paramref name="kernel"/> when none does).</summary>
    private static int First(int kernel, int stride, int dilation, int pad, int r)
        => stride == 1 ? 0 : Shared(stride, dilation) == 2 ? ((r + pad) % 2 == 0 ? 0 : kernel) : (r + pad) % 2;

    /// <summary>Input positions r, r + s, ... below <paramref name="size"/>.</summary>
    public static int Count(int size, int stride, int r) => r >= size ? 0 : (size - r + stride - 1) / stride;

    /// <summary>Taps that reach phase <paramref name="r"/>.</summary>
    public static int Taps(int kernel, int stride, int dilation, int pad, int r)
    {
        int first = First(kernel, stride, dilation, pad, r);
        return first >= kernel ? 0 : ((kernel - 1 - first) / Step(stride, dilation)) + 1;
    }

    /// <summary>The forward's tap of reached tap <paramref name="m"/> (in the forward's order).</summary>
    public static int Tap(int kernel, int stride, int dilation, int pad, int r, int m) => First(kernel, stride, dilation, pad, r) + (m * Step(stride, dilation));

    /// <summary>dy positions between the sub-kernel's taps: dilation / gcd.</summary>
    public static int Dilation(int stride, int dilation) => dilation / Shared(stride, dilation);

    /// <summary>The sub-kernel's leading pad: the last reached tap's offset (ky d - r - pad) / s (negative: the pad reaches past the kernel).</summary>
    public static int Pad(int kernel, int stride, int dilation, int pad, int r)
    {
        int taps = Taps(kernel, stride, dilation, pad, r);
        return taps == 0 ? 0 : ((Tap(kernel, stride, dilation, pad, r, taps - 1) * dilation) - r - pad) / stride;
    }
}

/// <summary>An input-gradient phase: input positions r, r + s, r + 2s, ...</summary>
internal interface IPhase
{
    static abstract int Index { get; }
}

/// <summary>Phase 0: even positions at stride 2 (every one at stride 1).</summary>
internal readonly struct Phase0 : IPhase
{
    public static int Index => 0;
}

/// <summary>Phase 1: odd positions at stride 2.</summary>
internal readonly struct Phase1 : IPhase
{
    public static int Index => 1;
}
