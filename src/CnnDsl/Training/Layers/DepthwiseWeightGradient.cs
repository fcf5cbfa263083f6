using System;
using System.Runtime.CompilerServices;
using CnnDsl.Kernels;

namespace CnnDsl.Training;

/// <summary>
/// One image's share of a depthwise layer's weight gradient over the constant shape <c>S</c>:
/// dW[ky, kx, c] += sum over output rows oy (in order), kernel rows ky inside the input, of the row's sum over output
/// columns ox of dy[oy, ox, c] x[oy s + ky d - pad, ox s + kx d - pad, c]. Channels are the vector lanes; a row's
/// kernel columns sum in registers (one chain per column, even and odd output columns apart: twice the kernel's width
/// of independent chains), each dy vector loaded once for all of them, then the row's sums are added to the partial
/// ([tap][channels rounded up to the widest vector]; a channel tail's lanes past the channels add into that padding,
/// which is never read). Output columns whose every kernel column is inside the input take no checks; the others
/// leave out the columns outside. For kernels up to <see cref="MaxKernelW"/> wide.
/// </summary>
internal static class DepthwiseWeightGradient
{
    /// <summary>The widest kernel (its accumulators, kernel columns 0-6, in registers).</summary>
    public const int MaxKernelW = 7;

    /// <summary>Adds image's products to <paramref name="partial"/> (x and dy at the image's first value).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Image<TV, TO, S>(ref float x, ref float dy, ref float partial)
        where TV : struct where TO : struct, IVectorOps<TV> where S : struct, IDepthwiseShape
    {
        nint pitch = DepthwiseKernel.Packed<S>();
        for (int oy = 0; oy < S.OutHeight; oy++)
        {
            // Kernel rows [khFirst, khEnd) of this output row fall inside the input.
            int top = (oy * S.StrideH) - S.PadTop;
            int khFirst = top >= 0 ? 0 : (S.DilationH - 1 - top) / S.DilationH;
            int khEnd = top > S.InHeight - 1 ? 0 : Math.Min(S.KernelH, ((S.InHeight - 1 - top) / S.DilationH) + 1);
            ref float g = ref Unsafe.Add(ref dy, (nint)oy * S.OutWidth * S.Channels);
            // Channel vector by vector, its kernel rows one after another: the dy row's vector stays in the first-level cache.
            for (nint c = 0; c < S.Channels; c += TO.Count)
            for (int kh = khFirst; kh < khEnd; kh++)
            {
                ref float row = ref Unsafe.Add(ref x, ((nint)(top + (kh * S.DilationH)) * S.InWidth * S.Channels) + c);
                Row<TV, TO, S>(ref row, ref Unsafe.Add(ref g, c), ref Unsafe.Add(ref partial, (kh * S.KernelW * pitch) + c), pitch);
            }
        }
    }

    /// <summary>One kernel row's sums over an output row, for the channel vector at <paramref name="row"/> and <paramref name="g"/>, added to <paramref name="p"/> (its tap 0).</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Row<TV, TO, S>(ref float row, ref float g, ref float p, nint pitch)
        where TV : struct where TO : struct, IVectorOps<TV> where S : struct, IDepthwiseShape
    {
        // Output columns [lo, hi) have every kernel column inside the input.
        int lo = Math.Min(S.OutWidth, (S.PadLeft + S.StrideW - 1) / S.StrideW);
        int span = (S.KernelW - 1) * S.DilationW;
        int hi = S.InWidth - 1 - span + S.PadLeft < 0 ? lo : Math.Max(lo, Math.Min(S.OutWidth, ((S.InWidth - 1 - span + S.PadLeft) / S.StrideW) + 1));
        TV a0 = TO.Zero, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0;
        TV b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0, b6 = a0;
        int ox = 0;
        for (; ox < lo; ox++) Pixel<TV, TO, S, Checked>(ref row, ref g, ox, ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6);
        for (; ox + 1 < hi; ox += 2)
        {
            Pixel<TV, TO, S, Inside>(ref row, ref g, ox, ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6);
            Pixel<TV, TO, S, Inside>(ref row, ref g, ox + 1, ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6);
        }
        for (; ox < S.OutWidth; ox++) Pixel<TV, TO, S, Checked>(ref row, ref g, ox, ref a0, ref a1, ref a2, ref a3, ref a4, ref a5, ref a6);
        Add<TV, TO>(ref p, 0, a0, b0);
        if (S.KernelW > 1) Add<TV, TO>(ref p, pitch, a1, b1);
        if (S.KernelW > 2) Add<TV, TO>(ref p, 2 * pitch, a2, b2);
        if (S.KernelW > 3) Add<TV, TO>(ref p, 3 * pitch, a3, b3);
        if (S.KernelW > 4) Add<TV, TO>(ref p, 4 * pitch, a4, b4);
        if (S.KernelW > 5) Add<TV, TO>(ref p, 5 * pitch, a5, b5);
        if (S.KernelW > 6) Add<TV, TO>(ref p, 6 * pitch, a6, b6);
    }

    /// <summary>Output column <paramref name="ox"/>'s dy vector times each kernel column's input vector, into that column's chain (lines past the kernel's width fold away).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Pixel<TV, TO, S, E>(ref float row, ref float g, int ox, ref TV s0, ref TV s1, ref TV s2, ref TV s3, ref TV s4, ref TV s5, ref TV s6)
        where TV : struct where TO : struct, IVectorOps<TV> where S : struct, IDepthwiseShape where E : struct, IColumnCheck
    {
        TV d = TO.Load(ref g, (nint)ox * S.Channels);
        int ix = (ox * S.StrideW) - S.PadLeft;
        Tap<TV, TO, S, E>(0, ref row, ix, d, ref s0);
        if (S.KernelW > 1) Tap<TV, TO, S, E>(1, ref row, ix, d, ref s1);
        if (S.KernelW > 2) Tap<TV, TO, S, E>(2, ref row, ix, d, ref s2);
        if (S.KernelW > 3) Tap<TV, TO, S, E>(3, ref row, ix, d, ref s3);
        if (S.KernelW > 4) Tap<TV, TO, S, E>(4, ref row, ix, d, ref s4);
        if (S.KernelW > 5) Tap<TV, TO, S, E>(5, ref row, ix, d, ref s5);
        if (S.KernelW > 6) Tap<TV, TO, S, E>(6, ref row, ix, d, ref s6);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tap<TV, TO, S, E>(int kw, ref float row, int ix, TV d, ref TV sum)
        where TV : struct where TO : struct, IVectorOps<TV> where S : struct, IDepthwiseShape where E : struct, IColumnCheck
    {
        int at = ix + (kw * S.DilationW);
        if (!E.Checks || (uint)at < (uint)S.InWidth) sum = TO.MultiplyAdd(TO.Load(ref row, (nint)at * S.Channels), d, sum);
    }

    /// <summary>p[at] += a + b (the even and odd columns' chains of one tap).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add<TV, TO>(ref float p, nint at, TV a, TV b) where TV : struct where TO : struct, IVectorOps<TV>
        => TO.Store(TO.Add(TO.Load(ref p, at), TO.Add(a, b)), ref p, at);

    /// <summary>Whether a pixel's kernel columns may fall outside the input (each checked) or all lie inside.</summary>
    private interface IColumnCheck
    {
        static abstract bool Checks { get; }
    }

    private readonly struct Inside : IColumnCheck
    {
        public static bool Checks => false;
    }

    private readonly struct Checked : IColumnCheck
    {
        public static bool Checks => true;
    }
}
