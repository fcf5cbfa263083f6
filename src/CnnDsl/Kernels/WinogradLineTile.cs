using System.Runtime.CompilerServices;

namespace CnnDsl.Kernels;

/// <summary>
/// The transforms of a one-dimensional Winograd F(m, r) tile (<see cref="WinogradLineMatrices"/>) for a 1 x r or
/// r x 1 convolution (Inception v3's factorized 7x7): n = m + r - 1 inputs along the kernel's axis become n
/// transformed positions, and n products per channel pair give m outputs instead of m x r. The band loop
/// (<see cref="WinogradBands"/>) walks tiles in rows of <see cref="Size"/> columns: m outputs wide along a row, one
/// column wide down a column (its tile rows are then m output rows each).
/// </summary>
internal readonly struct WinogradLineTile<TL> : IWinogradTile where TL : struct, IWinogradLine
{
    /// <summary>Output columns per tile: m along a row, 1 down a column.</summary>
    public static int Size => TL.Vertical ? 1 : TL.Outputs;

    /// <inheritdoc/>
    public static int Positions => TL.Outputs + TL.Taps - 1;

    /// <summary>The tile's first output row and column.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (int Row, int Column) Origin(int t, int columns)
    {
        int th = t / columns, tw = t - (th * columns);
        return TL.Vertical ? (th * TL.Outputs, tw) : (th, tw * TL.Outputs);
    }

    /// <inheritdoc/>
    public static void TransformInput<TV, TO>(in WinogradLayer l, ref float input, ref float v, ref float work, int t0, int n, nint step, int columns, int c0, int c1)
        where TV : struct where TO : struct, IVectorOps<TV>
    {
        if (c0 >= c1) return;
        float[] bt = WinogradLineMatrices.For(TL.Outputs, TL.Taps).Input;
        int positions = Positions, cin = l.InChannels, lanes = TO.Count;
        // Inputs along the kernel's axis are a row (cin apart) or a column (a row of the input apart).
        nint along = TL.Vertical ? (nint)l.Width * cin : cin;
        for (int s = 0; s < n; s++)
        {
            var (oh, ow) = Origin(t0 + s, columns);
            int ih = oh - l.PadTop, iw = ow - l.PadLeft;
            // The first input and how many of the tile's inputs lie inside (the rest, and a whole tile off the input across the axis, are the padding's zeros).
            int first = TL.Vertical ? ih : iw, extent = TL.Vertical ? l.Height : l.Width;
            bool across = TL.Vertical ? (uint)iw < (uint)l.Width : (uint)ih < (uint)l.Height;
            ref float d = ref Unsafe.Add(ref input, (((nint)ih * l.Width) + iw) * cin);
            ref float vs = ref Unsafe.Add(ref v, (nint)s * cin);
            for (int c = c0; c < c1; c += lanes)
            {
                // The tile's inputs into work (zeros outside), then V = B^T d, position by position.
                for (int i = 0; i < positions; i++)
                {
                    TV x = across && (uint)(first + i) < (uint)extent ? TO.Load(ref d, (i * along) + c) : TO.Zero;
                    TO.Store(x, ref work, (nint)i * lanes);
                }
                for (int p = 0; p < positions; p++)
                {
                    TV sum = TO.Zero;
                    for (int i = 0; i < positions; i++)
                    {
                        float coefficient = bt[(p * positions) + i];
                        if (coefficient != 0) sum = TO.MultiplyAdd(TO.Create(coefficient), TO.Load(ref work, (nint)i * lanes), sum);
                    }
                    TO.Store(sum, ref vs, (p * step) + c);
                }
            }
        }
    }

    /// <inheritdoc/>
    public static void TransformOutput<TV, TO>(in WinogradLayer l, ref float m, ref float output, ref float residual, ref float shifts, ref float work,
        int t0, int n, nint step, int columns, int padded, int c0, int c1) where TV : struct where TO : struct, IVectorOps<TV>
    {
        if (c0 >= c1) return;
        float[] at = WinogradLineMatrices.For(TL.Outputs, TL.Taps).Output;
        int positions = Positions, lanes = TO.Count;
        for (int s = 0; s < n; s++)
        {
            var (oh, ow) = Origin(t0 + s, columns);
            // Outputs of the tile inside the output (the last tile along the axis may reach past it).
            int inside = TL.Vertical ? l.OutHeight - oh : l.OutWidth - ow;
            if (inside > TL.Outputs) inside = TL.Outputs;
            nint at0 = ((nint)oh * l.OutWidth) + ow, next = TL.Vertical ? l.OutWidth : 1;
            ref float ms = ref Unsafe.Add(ref m, (nint)s * padded);
            for (int c = c0; c < c1; c += lanes)
            {
                TV bias = TO.Load(ref shifts, c);
                for (int j = 0; j < inside; j++)
                {
                    TV y = bias;
                    for (int p = 0; p < positions; p++)
                    {
                        float coefficient = at[(j * positions) + p];
                        if (coefficient != 0) y = TO.MultiplyAdd(TO.Create(coefficient), TO.Load(ref ms, (p * step) + c), y);
                    }
                    WinogradBands.Finish<TV, TO>(l, y, ref output, ref residual, at0 + (j * next), c);
                }
            }
        }
    }
}
