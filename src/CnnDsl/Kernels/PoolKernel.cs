using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace CnnDsl.Kernels;

/// <summary>
/// Max and average pooling over NHWC, vectorized across channels, for the layer's constant shape
/// (an <see cref="IPoolShape"/> the generator writes a struct per distinct layer). Only window positions inside the input
/// take part: padding never wins a max and counts in an average only with <see cref="IPoolShape.CountIncludePad"/>. A
/// 3x3 window wholly inside the input (every window of GoogLeNet's, Inception v3's and ResNet's pools but the edges)
/// takes its nine loads at constant offsets and combines them as a tree, three rows then the three row results; the
/// general loop over the window's rows and columns, each a chain through one accumulator, ran GoogLeNet's pools at
/// 0.37-0.69x ONNX Runtime. For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class PoolKernel
{
    /// <summary>Max pooling of output rows <paramref name="from"/>..<paramref name="to"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Max<TV, TO, S>(ref float input, ref float output, int from, int to)
        where TV : struct where TO : struct, IVectorOps<TV> where S : struct, IPoolShape
        => Run<TV, TO, S, Maximum<TV, TO>>(ref input, ref output, from, to);

    /// <summary>Average pooling of output rows <paramref name="from"/>..<paramref name="to"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Average<TV, TO, S>(ref float input, ref float output, int from, int to)
        where TV : struct where TO : struct, IVectorOps<TV> where S : struct, IPoolShape
        => Run<TV, TO, S, Sum<TV, TO>>(ref input, ref output, from, to);

    /// <summary>The input rows h0..h1 of output row <paramref name="oh"/>'s window inside the input.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (int H0, int H1) WindowRows<S>(int oh) where S : struct, IPoolShape
    {
        int top = oh * S.StrideH - S.PadTop;
        return (Math.Max(top, 0), Math.Min(top + S.KernelH, S.InHeight));
    }

    /// <summary>The input columns w0..w1 of output column <paramref name="ow"/>'s window inside the input.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (int W0, int W1) WindowColumns<S>(int ow) where S : struct, IPoolShape
    {
        int left = ow * S.StrideW - S.PadLeft;
        return (Math.Max(left, 0), Math.Min(left + S.KernelW, S.InWidth));
    }

    /// <summary>The divisor of an average over a window of <paramref name="rows"/> x <paramref name="columns"/> inside the input: the whole window, or those positions.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Divisor<S>(int rows, int columns) where S : struct, IPoolShape
        => S.CountIncludePad ? S.KernelH * S.KernelW : rows * columns;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Run<TV, TO, S, C>(ref float input, ref float output, int from, int to)
        where TV : struct where TO : struct, IVectorOps<TV> where S : struct, IPoolShape where C : struct, ICombine<TV>
    {
        for (int oh = from; oh < to; oh++)
        {
            var (h0, h1) = WindowRows<S>(oh);
            for (int ow = 0; ow < S.OutWidth; ow++)
            {
                var (w0, w1) = WindowColumns<S>(ow);
                ref float x = ref Unsafe.Add(ref input, ((nint)h0 * S.InWidth + w0) * S.Channels);
                ref float y = ref Unsafe.Add(ref output, ((nint)oh * S.OutWidth + ow) * S.Channels);
                int rows = h1 - h0, columns = w1 - w0;
                TV scale = C.Averages ? TO.Create(1f / Divisor<S>(rows, columns)) : default;
                if (S.KernelH == 3 && S.KernelW == 3 && rows == 3 && columns == 3) Window3x3<TV, TO, S, C>(ref x, ref y, scale);
                else Window<TV, TO, S, C>(ref x, ref y, rows, columns, scale);
            }
        }
    }

    /// <summary>A whole 3x3 window: per channel vector, the nine loads at constant offsets, each row combined, then the rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Window3x3<TV, TO, S, C>(ref float x, ref float y, TV scale)
        where TV : struct where TO : struct, IVectorOps<TV> where S : struct, IPoolShape where C : struct, ICombine<TV>
    {
        nint column = S.Channels, row = (nint)S.InWidth * S.Channels;
        for (int c = 0; c < S.Channels; c += TO.Count)
        {
            TV r0 = C.Combine(C.Combine(TO.Load(ref x, c), TO.Load(ref x, c + column)), TO.Load(ref x, c + 2 * column));
            TV r1 = C.Combine(C.Combine(TO.Load(ref x, c + row), TO.Load(ref x, c + row + column)), TO.Load(ref x, c + row + 2 * column));
            TV r2 = C.Combine(C.Combine(TO.Load(ref x, c + 2 * row), TO.Load(ref x, c + 2 * row + column)), TO.Load(ref x, c + 2 * row + 2 * column));
            Store<TV, TO, S, C>(C.Combine(C.Combine(r0, r1), r2), scale, ref y, c);
        }
    }

    /// <summary>Any window: the positions inside the input, row by row, through one accumulator per channel vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Window<TV, TO, S, C>(ref float x, ref float y, int rows, int columns, TV scale)
        where TV : struct where TO : struct, IVectorOps<TV> where S : struct, IPoolShape where C : struct, ICombine<TV>
    {
        nint row = (nint)S.InWidth * S.Channels;
        for (int c = 0; c < S.Channels; c += TO.Count)
        {
            TV a = TO.Load(ref x, c);
            for (int i = 0; i < rows; i++)
                for (int j = i == 0 ? 1 : 0; j < columns; j++)
                    a = C.Combine(a, TO.Load(ref x, i * row + (nint)j * S.Channels + c));
            Store<TV, TO, S, C>(a, scale, ref y, c);
        }
    }

    /// <summary>The result of channel vector <paramref name="c"/> (an average scaled), its last lanes left alone past the channels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TV, TO, S, C>(TV value, TV scale, ref float y, int c)
        where TV : struct where TO : struct, IVectorOps<TV> where S : struct, IPoolShape where C : struct, ICombine<TV>
    {
        if (C.Averages) value = TO.Multiply(value, scale);
        if (S.Channels % TO.Count == 0) TO.Store(value, ref y, c);
        else TO.Store(value, ref y, c, S.Channels - c);
    }

    /// <summary>How a window's values combine: max or sum.</summary>
    private interface ICombine<TV> where TV : struct
    {
        static abstract bool Averages { get; }

        static abstract TV Combine(TV a, TV b);
    }

    /// <summary>The larger value (a NaN in either wins, as <see cref="IVectorOps{TVector}.Max"/>).</summary>
    private readonly struct Maximum<TV, TO> : ICombine<TV> where TV : struct where TO : struct, IVectorOps<TV>
    {
        public static bool Averages => false;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Combine(TV a, TV b) => TO.Max(a, b);
    }

    /// <summary>The sum, scaled by the divisor at the store.</summary>
    private readonly struct Sum<TV, TO> : ICombine<TV> where TV : struct where TO : struct, IVectorOps<TV>
    {
        public static bool Averages => true;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Combine(TV a, TV b) => TO.Add(a, b);
    }
}
