using System.Runtime.CompilerServices;
using static CnnDsl.Kernels.WinogradBands;

namespace CnnDsl.Kernels;

/// <summary>
/// The transforms of Winograd F(2x2,3x3) (Lavin and Gray 2016): 4x4 input tiles, 16 positions, 2x2 output tiles.
/// B^T = [[1,0,-1,0],[0,1,1,0],[0,-1,1,0],[0,1,0,-1]], A^T = [[1,1,1,0],[0,1,-1,-1]]; G is in <see cref="WinogradWeights"/>.
/// </summary>
internal readonly struct WinogradTile2 : IWinogradTile
{
    /// <inheritdoc/>
    public static int Size => 2;

    /// <inheritdoc/>
    public static int Positions => WinogradWeights.Positions;

    /// <inheritdoc/>
    public static void TransformInput<TV, TO>(in WinogradLayer l, ref float input, ref float v, ref float work, int t0, int n, nint step, int columns, int c0, int c1)
        where TV : struct where TO : struct, IVectorOps<TV>
    {
        if (c0 >= c1) return;
        int cin = l.InChannels;
        for (int s = 0; s < n; s++)
        {
            int t = t0 + s, th = t / columns, tw = t - (th * columns);
            int ih = (2 * th) - l.PadTop, iw = (2 * tw) - l.PadLeft;
            ref float d = ref Unsafe.Add(ref input, (((nint)ih * l.Width) + iw) * cin);
            bool inside = ih >= 0 && iw >= 0 && ih + 4 <= l.Height && iw + 4 <= l.Width;
            ref float vs = ref Unsafe.Add(ref v, (nint)s * cin);
            for (int c = c0; c < c1; c += TO.Count)
            {
                // Rows of B^T d, column by column of the tile: r0 = d0 - d2, r1 = d1 + d2, r2 = d2 - d1, r3 = d1 - d3.
                TV r00, r01, r02, r03, r10, r11, r12, r13, r20, r21, r22, r23, r30, r31, r32, r33;
                {
                    TV d0 = Load<TV, TO>(l, ref d, inside, ih, iw, 0, 0, c), d1 = Load<TV, TO>(l, ref d, inside, ih, iw, 1, 0, c);
                    TV d2 = Load<TV, TO>(l, ref d, inside, ih, iw, 2, 0, c), d3 = Load<TV, TO>(l, ref d, inside, ih, iw, 3, 0, c);
                    r00 = Sub<TV, TO>(d0, d2); r10 = TO.Add(d1, d2); r20 = Sub<TV, TO>(d2, d1); r30 = Sub<TV, TO>(d1, d3);
                }
                {
                    TV d0 = Load<TV, TO>(l, ref d, inside, ih, iw, 0, 1, c), d1 = Load<TV, TO>(l, ref d, inside, ih, iw, 1, 1, c);
                    TV d2 = Load<TV, TO>(l, ref d, inside, ih, iw, 2, 1, c), d3 = Load<TV, TO>(l, ref d, inside, ih, iw, 3, 1, c);
                    r01 = Sub<TV, TO>(d0, d2); r11 = TO.Add(d1, d2); r21 = Sub<TV, TO>(d2, d1); r31 = Sub<TV, TO>(d1, d3);
                }
                {
                    TV d0 = Load<TV, TO>(l, ref d, inside, ih, iw, 0, 2, c), d1 = Load<TV, TO>(l, ref d, inside, ih, iw, 1, 2, c);
                    TV d2 = Load<TV, TO>(l, ref d, inside, ih, iw, 2, 2, c), d3 = Load<TV, TO>(l, ref d, inside, ih, iw, 3, 2, c);
                    r02 = Sub<TV, TO>(d0, d2); r12 = TO.Add(d1, d2); r22 = Sub<TV, TO>(d2, d1); r32 = Sub<TV, TO>(d1, d3);
                }
                {
                    TV d0 = Load<TV, TO>(l, ref d, inside, ih, iw, 0, 3, c), d1 = Load<TV, TO>(l, ref d, inside, ih, iw, 1, 3, c);
                    TV d2 = Load<TV, TO>(l, ref d, inside, ih, iw, 2, 3, c), d3 = Load<TV, TO>(l, ref d, inside, ih, iw, 3, 3, c);
                    r03 = Sub<TV, TO>(d0, d2); r13 = TO.Add(d1, d2); r23 = Sub<TV, TO>(d2, d1); r33 = Sub<TV, TO>(d1, d3);
                }
                // Then (B^T d) B along each row.
                ref float at = ref Unsafe.Add(ref vs, c);
                StoreRow<TV, TO>(ref at, step, 0, r00, r01, r02, r03);
                StoreRow<TV, TO>(ref at, step, 4, r10, r11, r12, r13);
                StoreRow<TV, TO>(ref at, step, 8, r20, r21, r22, r23);
                StoreRow<TV, TO>(ref at, step, 12, r30, r31, r32, r33);
            }
        }
    }

    /// <summary>One row of V = (B^T d) B: positions p..p+3.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<TV, TO>(ref float at, nint step, int p, TV x0, TV x1, TV x2, TV x3) where TV : struct where TO : struct, IVectorOps<TV>
    {
        TO.Store(Sub<TV, TO>(x0, x2), ref at, p * step);
        TO.Store(TO.Add(x1, x2), ref at, (p + 1) * step);
        TO.Store(Sub<TV, TO>(x2, x1), ref at, (p + 2) * step);
        TO.Store(Sub<TV, TO>(x1, x3), ref at, (p + 3) * step);
    }

    /// <inheritdoc/>
    public static void TransformOutput<TV, TO>(in WinogradLayer l, ref float m, ref float output, ref float residual, ref float shifts, ref float work,
        int t0, int n, nint step, int columns, int padded, int c0, int c1) where TV : struct where TO : struct, IVectorOps<TV>
    {
        if (c0 >= c1) return;
        for (int s = 0; s < n; s++)
        {
            int t = t0 + s, th = t / columns, tw = t - (th * columns);
            int oh = 2 * th, ow = 2 * tw;
            bool down = oh + 1 < l.OutHeight, right = ow + 1 < l.OutWidth;
            nint at = ((nint)oh * l.OutWidth) + ow;
            ref float ms = ref Unsafe.Add(ref m, (nint)s * padded);
            for (int c = c0; c < c1; c += TO.Count)
            {
                ref float mc = ref Unsafe.Add(ref ms, c);
                // s_j = column j of A^T M: rows 0 + 1 + 2 and 1 - 2 - 3.
                Column<TV, TO>(ref mc, step, 0, out TV u0, out TV v0);
                Column<TV, TO>(ref mc, step, 1, out TV u1, out TV v1);
                Column<TV, TO>(ref mc, step, 2, out TV u2, out TV v2);
                Column<TV, TO>(ref mc, step, 3, out TV u3, out TV v3);
                TV bias = TO.Load(ref shifts, c);
                Finish<TV, TO>(l, TO.Add(TO.Add(TO.Add(u0, u1), u2), bias), ref output, ref residual, at, c);
                if (right) Finish<TV, TO>(l, TO.Add(Sub<TV, TO>(Sub<TV, TO>(u1, u2), u3), bias), ref output, ref residual, at + 1, c);
                if (!down) continue;
                Finish<TV, TO>(l, TO.Add(TO.Add(TO.Add(v0, v1), v2), bias), ref output, ref residual, at + l.OutWidth, c);
                if (right) Finish<TV, TO>(l, TO.Add(Sub<TV, TO>(Sub<TV, TO>(v1, v2), v3), bias), ref output, ref residual, at + l.OutWidth + 1, c);
            }
        }
    }

    /// <summary>Column <paramref name="j"/> of A^T M: m0j + m1j + m2j and m1j - m2j - m3j.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Column<TV, TO>(ref float m, nint step, int j, out TV top, out TV bottom) where TV : struct where TO : struct, IVectorOps<TV>
    {
        TV m0 = TO.Load(ref m, j * step), m1 = TO.Load(ref m, (4 + j) * step), m2 = TO.Load(ref m, (8 + j) * step), m3 = TO.Load(ref m, (12 + j) * step);
        top = TO.Add(TO.Add(m0, m1), m2);
        bottom = Sub<TV, TO>(Sub<TV, TO>(m1, m2), m3);
    }
}
