using System.Runtime.CompilerServices;
using static CnnDsl.Kernels.WinogradBands;

namespace CnnDsl.Kernels;

/// <summary>
/// The transforms of Winograd F(2x2,5x5) (Lavin and Gray 2016, points 0, 1, -1, 2, -2 and infinity, as F(4x4,3x3)):
/// 6x6 input tiles every 2 inputs, 36 positions, 2x2 output tiles. With the same six points the input transform is
/// F(4x4,3x3)'s (<see cref="WinogradInput6"/>); A^T = [[1,1,1,1,1,0],[0,1,-1,2,-2,1]]; G (6x5) is in
/// <see cref="Winograd5x5Weights"/>. The output transform runs along the tile's columns into a work area of 12 vectors,
/// then along its two rows.
/// </summary>
internal readonly struct WinogradTile5x5 : IWinogradTile
{
    private const int Side = 6;

    /// <inheritdoc/>
    public static int Size => 2;

    /// <inheritdoc/>
    public static int Positions => Winograd5x5Weights.Positions;

    /// <inheritdoc/>
    public static void TransformInput<TV, TO>(in WinogradLayer l, ref float input, ref float v, ref float work, int t0, int n, nint step, int columns, int c0, int c1)
        where TV : struct where TO : struct, IVectorOps<TV>
        => WinogradInput6.Transform<TV, TO>(l, ref input, ref v, ref work, t0, n, step, columns, c0, c1, 2);

    /// <inheritdoc/>
    public static void TransformOutput<TV, TO>(in WinogradLayer l, ref float m, ref float output, ref float residual, ref float shifts, ref float work,
        int t0, int n, nint step, int columns, int padded, int c0, int c1) where TV : struct where TO : struct, IVectorOps<TV>
    {
        if (c0 >= c1) return;
        nint lanes = TO.Count;
        for (int s = 0; s < n; s++)
        {
            int t = t0 + s, th = t / columns, tw = t - (th * columns);
            int oh = 2 * th, ow = 2 * tw;
            bool twoRows = oh + 1 < l.OutHeight, twoColumns = ow + 1 < l.OutWidth;
            ref float ms = ref Unsafe.Add(ref m, (nint)s * padded);
            for (int c = c0; c < c1; c += TO.Count)
            {
                // A^T M, column j into work[row][j].
                ref float mc = ref Unsafe.Add(ref ms, c);
                for (int j = 0; j < Side; j++)
                {
                    OutputRows<TV, TO>(ref Unsafe.Add(ref mc, j * step), Side * step, out TV y0, out TV y1);
                    TO.Store(y0, ref work, j * lanes);
                    TO.Store(y1, ref work, (Side + j) * lanes);
                }
                // Then (A^T M) A along each row that lies inside the output, plus the shift, and the epilogue.
                TV bias = TO.Load(ref shifts, c);
                nint at = ((nint)oh * l.OutWidth) + ow;
                OutputRows<TV, TO>(ref work, lanes, out TV z0, out TV z1);
                Finish<TV, TO>(l, TO.Add(z0, bias), ref output, ref residual, at, c);
                if (twoColumns) Finish<TV, TO>(l, TO.Add(z1, bias), ref output, ref residual, at + 1, c);
                if (!twoRows) continue;
                OutputRows<TV, TO>(ref Unsafe.Add(ref work, Side * lanes), lanes, out z0, out z1);
                Finish<TV, TO>(l, TO.Add(z0, bias), ref output, ref residual, at + l.OutWidth, c);
                if (twoColumns) Finish<TV, TO>(l, TO.Add(z1, bias), ref output, ref residual, at + l.OutWidth + 1, c);
            }
        }
    }

    /// <summary>A^T x for x0..x5 loaded from <paramref name="from"/> every <paramref name="stride"/> floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OutputRows<TV, TO>(ref float from, nint stride, out TV y0, out TV y1)
        where TV : struct where TO : struct, IVectorOps<TV>
    {
        TV x0 = TO.Load(ref from, 0), x1 = TO.Load(ref from, stride), x2 = TO.Load(ref from, 2 * stride);
        TV x3 = TO.Load(ref from, 3 * stride), x4 = TO.Load(ref from, 4 * stride), x5 = TO.Load(ref from, 5 * stride);
        y0 = TO.Add(TO.Add(x0, TO.Add(x1, x2)), TO.Add(x3, x4));
        y1 = TO.Add(TO.MultiplyAdd(Sub<TV, TO>(x3, x4), TO.Create(2f), Sub<TV, TO>(x1, x2)), x5);
    }
}
