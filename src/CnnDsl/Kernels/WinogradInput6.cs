using System.Runtime.CompilerServices;
using static CnnDsl.Kernels.WinogradBands;

namespace CnnDsl.Kernels;

/// <summary>
/// The input transform V = B^T d B of a 6x6 input tile with the points 0, 1, -1, 2, -2 and infinity (Lavin and Gray
/// 2016): B^T = [[4,0,-5,0,1,0],[0,-4,-4,1,1,0],[0,4,-4,-1,1,0],[0,-2,-1,2,1,0],[0,2,-1,-2,1,0],[0,4,0,-5,0,1]].
/// It depends only on the points, not on how the 6 = m + r - 1 products split between outputs and taps, so
/// F(4x4,3x3) (<see cref="WinogradTile4"/>, tiles every 4 inputs) and F(2x2,5x5) (<see cref="WinogradTile5x5"/>, every
/// 2) share it. It runs along the tile's columns into a small work area (36 vectors, in L1), then along its rows.
/// </summary>
internal static class WinogradInput6
{
    private const int Side = 6;

    /// <summary>
    /// <see cref="IWinogradTile.TransformInput"/> for tiles whose top-left input is <paramref name="tileStep"/> rows and
    /// columns past the previous tile's (the output tile's side). Inlined into each tile's method, where it is a constant.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transform<TV, TO>(in WinogradLayer l, ref float input, ref float v, ref float work, int t0, int n, nint step, int columns, int c0, int c1,
        int tileStep) where TV : struct where TO : struct, IVectorOps<TV>
    {
        if (c0 >= c1) return;
        int cin = l.InChannels;
        nint lanes = TO.Count;
        for (int s = 0; s < n; s++)
        {
            int t = t0 + s, th = t / columns, tw = t - (th * columns);
            int ih = (tileStep * th) - l.PadTop, iw = (tileStep * tw) - l.PadLeft;
            ref float d = ref Unsafe.Add(ref input, (((nint)ih * l.Width) + iw) * cin);
            bool inside = ih >= 0 && iw >= 0 && ih + Side <= l.Height && iw + Side <= l.Width;
            ref float vs = ref Unsafe.Add(ref v, (nint)s * cin);
            for (int c = c0; c < c1; c += TO.Count)
            {
                // B^T d, column j of the tile into work[row][j].
                for (int j = 0; j < Side; j++)
                {
                    Rows<TV, TO>(Load<TV, TO>(l, ref d, inside, ih, iw, 0, j, c), Load<TV, TO>(l, ref d, inside, ih, iw, 1, j, c),
                        Load<TV, TO>(l, ref d, inside, ih, iw, 2, j, c), Load<TV, TO>(l, ref d, inside, ih, iw, 3, j, c),
                        Load<TV, TO>(l, ref d, inside, ih, iw, 4, j, c), Load<TV, TO>(l, ref d, inside, ih, iw, 5, j, c),
                        ref Unsafe.Add(ref work, j * lanes), Side * lanes);
                }
                // Then (B^T d) B along each row i, into positions 6i..6i+5.
                ref float at = ref Unsafe.Add(ref vs, c);
                for (int i = 0; i < Side; i++)
                {
                    ref float r = ref Unsafe.Add(ref work, i * Side * lanes);
                    Rows<TV, TO>(TO.Load(ref r, 0), TO.Load(ref r, lanes), TO.Load(ref r, 2 * lanes), TO.Load(ref r, 3 * lanes),
                        TO.Load(ref r, 4 * lanes), TO.Load(ref r, 5 * lanes), ref Unsafe.Add(ref at, i * Side * step), step);
                }
            }
        }
    }

    /// <summary>B^T x for one column (or row) x0..x5, stored at <paramref name="to"/> every <paramref name="stride"/> floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rows<TV, TO>(TV x0, TV x1, TV x2, TV x3, TV x4, TV x5, ref float to, nint stride)
        where TV : struct where TO : struct, IVectorOps<TV>
    {
        TV four = TO.Create(-4f), five = TO.Create(-5f);
        TV a = TO.MultiplyAdd(x2, four, x4), b = TO.MultiplyAdd(x1, four, x3);
        TV e = Sub<TV, TO>(x4, x2), f = Sub<TV, TO>(x3, x1);
        TO.Store(TO.MultiplyAdd(x2, five, TO.MultiplyAdd(x0, TO.Create(4f), x4)), ref to, 0);
        TO.Store(TO.Add(a, b), ref to, stride);
        TO.Store(Sub<TV, TO>(a, b), ref to, 2 * stride);
        TO.Store(TO.MultiplyAdd(f, TO.Create(2f), e), ref to, 3 * stride);
        TO.Store(TO.MultiplyAdd(f, TO.Create(-2f), e), ref to, 4 * stride);
        TO.Store(TO.MultiplyAdd(x3, five, TO.MultiplyAdd(x1, TO.Create(4f), x5)), ref to, 5 * stride);
    }
}
