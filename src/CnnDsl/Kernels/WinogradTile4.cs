using System.Runtime.CompilerServices;
using static CnnDsl.Kernels.WinogradBands;

namespace CnnDsl.Kernels;

/// <summary>
/// The transforms of Winograd F(4x4,3x3) (Lavin and Gray 2016, points 0, 1, -1, 2, -2 and infinity): 6x6 input
/// tiles, 36 positions, 4x4 output tiles. B^T is <see cref="WinogradInput6"/>'s, A^T = [[1,1,1,1,1,0],[0,1,-1,2,-2,0],
/// [0,1,1,4,4,0],[0,1,-1,8,-8,1]]; G is in <see cref="Winograd4Weights"/>. Each transform runs along the tile's
/// columns into a small work area (36 vectors, in L1), then along its rows: 36 values do not fit the registers at once.
/// </summary>
internal readonly struct WinogradTile4 : IWinogradTile
{
    private const int Side = 6;

    /// <inheritdoc/>
    public static int Size => 4;

    /// <inheritdoc/>
    public static int Positions => Winograd4Weights.Positions;

    /// <inheritdoc/>
    public static void TransformInput<TV, TO>(in WinogradLayer l, ref float input, ref float v, ref float work, int t0, int n, nint step, int columns, int c0, int c1)
        where TV : struct where TO : struct, IVectorOps<TV>
        => WinogradInput6.Transform<TV, TO>(l, ref input, ref v, ref work, t0, n, step, columns, c0, c1, 4);

    /// <inheritdoc/>
    public static void TransformOutput<TV, TO>(in WinogradLayer l, ref float m, ref float output, ref float residual, ref float shifts, ref float work,
        int t0, int n, nint step, int columns, int padded, int c0, int c1) where TV : struct where TO : struct, IVectorOps<TV>
    {
        if (c0 >= c1) return;
        nint lanes = TO.Count;
        for (int s = 0; s < n; s++)
        {
            int t = t0 + s, th = t / columns, tw = t - (th * columns);
            int oh = 4 * th, ow = 4 * tw;
            int rows = System.Math.Min(4, l.OutHeight - oh), cols = System.Math.Min(4, l.OutWidth - ow);
            ref float ms = ref Unsafe.Add(ref m, (nint)s * padded);
            for (int c = c0; c < c1; c += TO.Count)
            {
                // A^T M, column j into work[row][j].
                ref float mc = ref Unsafe.Add(ref ms, c);
                for (int j = 0; j < Side; j++)
                {
                    OutputRows<TV, TO>(ref Unsafe.Add(ref mc, j * step), Side * step, out TV y0, out TV y1, out TV y2, out TV y3);
                    ref float wj = ref Unsafe.Add(ref work, j * lanes);
                    TO.Store(y0, ref wj, 0);
                    TO.Store(y1, ref wj, Side * lanes);
                    TO.Store(y2, ref wj, 2 * Side * lanes);
                    TO.Store(y3, ref wj, 3 * Side * lanes);
                }
                // Then (A^T M) A along each row that lies inside the output, plus the shift, and the epilogue.
                TV bias = TO.Load(ref shifts, c);
                for (int i = 0; i < rows; i++)
                {
                    OutputRows<TV, TO>(ref Unsafe.Add(ref work, i * Side * lanes), lanes, out TV y0, out TV y1, out TV y2, out TV y3);
                    nint at = ((nint)(oh + i) * l.OutWidth) + ow;
                    Finish<TV, TO>(l, TO.Add(y0, bias), ref output, ref residual, at, c);
                    if (cols > 1) Finish<TV, TO>(l, TO.Add(y1, bias), ref output, ref residual, at + 1, c);
                    if (cols > 2) Finish<TV, TO>(l, TO.Add(y2, bias), ref output, ref residual, at + 2, c);
                    if (cols > 3) Finish<TV, TO>(l, TO.Add(y3, bias), ref output, ref residual, at + 3, c);
                }
            }
        }
    }

    /// <summary>A^T x for x0..x5 loaded from <paramref name="from"/> every <paramref name="stride"/> floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OutputRows<TV, TO>(ref float from, nint stride, out TV y0, out TV y1, out TV y2, out TV y3)
        where TV : struct where TO : struct, IVectorOps<TV>
    {
        TV x0 = TO.Load(ref from, 0), x1 = TO.Load(ref from, stride), x2 = TO.Load(ref from, 2 * stride);
        TV x3 = TO.Load(ref from, 3 * stride), x4 = TO.Load(ref from, 4 * stride), x5 = TO.Load(ref from, 5 * stride);
        TV sum = TO.Add(x1, x2), difference = Sub<TV, TO>(x1, x2), sum2 = TO.Add(x3, x4), difference2 = Sub<TV, TO>(x3, x4);
        y0 = TO.Add(TO.Add(x0, sum), sum2);
        y1 = TO.MultiplyAdd(difference2, TO.Create(2f), difference);
        y2 = TO.MultiplyAdd(sum2, TO.Create(4f), sum);
        y3 = TO.Add(TO.MultiplyAdd(difference2, TO.Create(8f), difference), x5);
    }
}
