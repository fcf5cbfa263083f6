using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CnnDsl.Training;

/// <summary>
/// acc[0..n) += sum over k of x[k] * w[k, 0..n) (w row-major, rows of <c>acc.Length</c>): the inner loop of a
/// convolution in NHWC, forward (x an input pixel's channels, w a tap's [I][O] weights) and backward (x an output
/// pixel's gradient, w a tap's [O][I] weights). Accumulators stay in registers across all k, four vectors at a time,
/// instead of reading and writing acc once per k.
/// </summary>
internal static class VectorRows
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyAccumulate(ReadOnlySpan<float> x, ReadOnlySpan<float> w, Span<float> acc)
    {
        int n = acc.Length, rows = x.Length, width = Vector<float>.Count;
        if (w.Length < rows * n) throw new ArgumentException("The weight rows are shorter than x times acc.", nameof(w));
        ref float wRef = ref MemoryMarshal.GetReference(w);
        ref float accRef = ref MemoryMarshal.GetReference(acc);
        int o = 0;
        for (; o + 4 * width <= n; o += 4 * width)
        {
            var a0 = Load(ref accRef, o);
            var a1 = Load(ref accRef, o + width);
            var a2 = Load(ref accRef, o + 2 * width);
            var a3 = Load(ref accRef, o + 3 * width);
            for (int k = 0; k < rows; k++)
            {
                var xv = new Vector<float>(x[k]);
                int at = k * n + o;
                a0 += xv * Load(ref wRef, at);
                a1 += xv * Load(ref wRef, at + width);
                a2 += xv * Load(ref wRef, at + 2 * width);
                a3 += xv * Load(ref wRef, at + 3 * width);
            }
            Store(a0, ref accRef, o);
            Store(a1, ref accRef, o + width);
            Store(a2, ref accRef, o + 2 * width);
            Store(a3, ref accRef, o + 3 * width);
        }
        for (; o + width <= n; o += width)
        {
            var a = Load(ref accRef, o);
            for (int k = 0; k < rows; k++) a += new Vector<float>(x[k]) * Load(ref wRef, k * n + o);
            Store(a, ref accRef, o);
        }
        for (; o < n; o++)
        {
            float a = acc[o];
            for (int k = 0; k < rows; k++) a += x[k] * w[k * n + o];
            acc[o] = a;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Load(ref float source, int offset) => Vector.LoadUnsafe(ref source, (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector<float> value, ref float destination, int offset) => value.StoreUnsafe(ref destination, (nuint)offset);
}
