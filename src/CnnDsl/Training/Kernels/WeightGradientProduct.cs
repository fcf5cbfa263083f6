using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using CnnDsl.Kernels;

namespace CnnDsl.Training;

/// <summary>
/// The micro-kernel of a convolution's weight gradient over a packed chunk of positions:
/// C[r, 0..columns) += sum over k &lt; depth of a[aAt + r + k aStep] * b[bAt + k bStep + 0..columns), for
/// <see cref="Rows"/> rows r (consecutive input values of a packed stretch of pixels, one per (kx, input channel)) at
/// once, four vectors of output channels per row: 24 accumulators, so that each position's four B vectors feed 24
/// multiply-adds (<see cref="PanelProduct"/>'s 4 x 4 feeds 16) and the loop runs near the FMA peak. Where the JIT has
/// only 16 vector registers (<see cref="VectorRegisters.Few"/>: AVX2 without AVX-512) 24 accumulators spill, so two
/// vectors per row (12 accumulators, 2 B vectors and the broadcast: 15 registers). Column and row
/// remainders go through <see cref="PanelProduct"/>'s strided product, which sums every C element in the same order with
/// the same instructions (C loaded, one multiply-add per k in increasing k, stored), so results do not depend on which
/// path took an element.
/// </summary>
internal static class WeightGradientProduct
{
    /// <summary>Rows computed together.</summary>
    public const int Rows = 6;

    /// <summary>Vectors of output channels per row of a tile: four with 32 vector registers, two with 16.</summary>
    private static readonly int TileVectors = VectorRegisters.Few ? 2 : 4;

    public static void Accumulate(float[] a, int aAt, int aStep, int depth, float[] b, int bAt, int bStep, float[] c, ReadOnlySpan<int> cRows, int columns)
    {
        int rows = cRows.Length;
        if (rows < 1 || rows > Rows) throw new ArgumentException($"1 to {Rows} rows are needed.", nameof(cRows));
        if (depth <= 0 || columns <= 0) return;
        int block = TileVectors * (int)Simd.Best, tiled = rows == Rows ? columns / block * block : 0;
        if (tiled > 0)
        {
            if (aAt < 0 || aAt + Rows - 1 + (long)(depth - 1) * aStep >= a.Length) throw new ArgumentOutOfRangeException(nameof(aAt), "An A row runs past its buffer.");
            if (bAt < 0 || bAt + (long)(depth - 1) * bStep + tiled > b.Length) throw new ArgumentOutOfRangeException(nameof(b), "B's rows run past its buffer.");
            for (int r = 0; r < rows; r++)
                if (cRows[r] < 0 || (long)cRows[r] + columns > c.Length) throw new ArgumentOutOfRangeException(nameof(cRows), "A C row runs past its buffer.");
            switch (Simd.Best)
            {
                case SimdWidth.Vector512: Tiles<Vector512<float>, Vector512Ops>(a, aAt, aStep, depth, b, bAt, bStep, c, cRows, tiled); break;
                case SimdWidth.Vector256: Tiles<Vector256<float>, Vector256Ops>(a, aAt, aStep, depth, b, bAt, bStep, c, cRows, tiled); break;
                case SimdWidth.Vector128: Tiles<Vector128<float>, Vector128Ops>(a, aAt, aStep, depth, b, bAt, bStep, c, cRows, tiled); break;
                default: Tiles<float, ScalarOps>(a, aAt, aStep, depth, b, bAt, bStep, c, cRows, tiled); break;
            }
        }
        if (tiled == columns) return;
        // The rest: the columns past the tiles, four rows (then the remaining rows) at a time.
        Span<int> aRows = stackalloc int[PanelProduct.MaxRows], rest = stackalloc int[PanelProduct.MaxRows];
        for (int r0 = 0; r0 < rows; r0 += PanelProduct.MaxRows)
        {
            int count = Math.Min(PanelProduct.MaxRows, rows - r0);
            for (int r = 0; r < count; r++)
            {
                aRows[r] = aAt + r0 + r;
                rest[r] = cRows[r0 + r] + tiled;
            }
            PanelProduct.Accumulate(a, aRows[..count], aStep, depth, b, bAt + tiled, bStep, c, rest[..count], columns - tiled);
        }
    }

    private static void Tiles<TVector, TOps>(float[] a, int aAt, int aStep, int depth, float[] b, int bAt, int bStep, float[] c, ReadOnlySpan<int> cRows, int tiled)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        if (TileVectors == 2)
        {
            for (int j = 0; j < tiled; j += 2 * TOps.Count)
                TileOfTwo<TVector, TOps>(ref a[aAt], aStep, depth, ref b[bAt + j], bStep,
                    ref c[cRows[0] + j], ref c[cRows[1] + j], ref c[cRows[2] + j], ref c[cRows[3] + j], ref c[cRows[4] + j], ref c[cRows[5] + j]);
            return;
        }
        for (int j = 0; j < tiled; j += 4 * TOps.Count)
            Tile<TVector, TOps>(ref a[aAt], aStep, depth, ref b[bAt + j], bStep,
                ref c[cRows[0] + j], ref c[cRows[1] + j], ref c[cRows[2] + j], ref c[cRows[3] + j], ref c[cRows[4] + j], ref c[cRows[5] + j]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile<TVector, TOps>(ref float a, nint aStep, int depth, ref float b, nint bStep,
        ref float c0, ref float c1, ref float c2, ref float c3, ref float c4, ref float c5)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        nint w = TOps.Count;
        TVector c00 = TOps.Load(ref c0, 0), c01 = TOps.Load(ref c0, w), c02 = TOps.Load(ref c0, 2 * w), c03 = TOps.Load(ref c0, 3 * w);
        TVector c10 = TOps.Load(ref c1, 0), c11 = TOps.Load(ref c1, w), c12 = TOps.Load(ref c1, 2 * w), c13 = TOps.Load(ref c1, 3 * w);
        TVector c20 = TOps.Load(ref c2, 0), c21 = TOps.Load(ref c2, w), c22 = TOps.Load(ref c2, 2 * w), c23 = TOps.Load(ref c2, 3 * w);
        TVector c30 = TOps.Load(ref c3, 0), c31 = TOps.Load(ref c3, w), c32 = TOps.Load(ref c3, 2 * w), c33 = TOps.Load(ref c3, 3 * w);
        TVector c40 = TOps.Load(ref c4, 0), c41 = TOps.Load(ref c4, w), c42 = TOps.Load(ref c4, 2 * w), c43 = TOps.Load(ref c4, 3 * w);
        TVector c50 = TOps.Load(ref c5, 0), c51 = TOps.Load(ref c5, w), c52 = TOps.Load(ref c5, 2 * w), c53 = TOps.Load(ref c5, 3 * w);
        nint ai = 0, bi = 0;
        for (int k = 0; k < depth; k++, ai += aStep, bi += bStep)
        {
            TVector b0 = TOps.Load(ref b, bi), b1 = TOps.Load(ref b, bi + w), b2 = TOps.Load(ref b, bi + 2 * w), b3 = TOps.Load(ref b, bi + 3 * w);
            TVector s = TOps.Broadcast(ref a, ai);
            c00 = TOps.MultiplyAdd(s, b0, c00); c01 = TOps.MultiplyAdd(s, b1, c01); c02 = TOps.MultiplyAdd(s, b2, c02); c03 = TOps.MultiplyAdd(s, b3, c03);
            s = TOps.Broadcast(ref a, ai + 1);
            c10 = TOps.MultiplyAdd(s, b0, c10); c11 = TOps.MultiplyAdd(s, b1, c11); c12 = TOps.MultiplyAdd(s, b2, c12); c13 = TOps.MultiplyAdd(s, b3, c13);
            s = TOps.Broadcast(ref a, ai + 2);
            c20 = TOps.MultiplyAdd(s, b0, c20); c21 = TOps.MultiplyAdd(s, b1, c21); c22 = TOps.MultiplyAdd(s, b2, c22); c23 = TOps.MultiplyAdd(s, b3, c23);
            s = TOps.Broadcast(ref a, ai + 3);
            c30 = TOps.MultiplyAdd(s, b0, c30); c31 = TOps.MultiplyAdd(s, b1, c31); c32 = TOps.MultiplyAdd(s, b2, c32); c33 = TOps.MultiplyAdd(s, b3, c33);
            s = TOps.Broadcast(ref a, ai + 4);
            c40 = TOps.MultiplyAdd(s, b0, c40); c41 = TOps.MultiplyAdd(s, b1, c41); c42 = TOps.MultiplyAdd(s, b2, c42); c43 = TOps.MultiplyAdd(s, b3, c43);
            s = TOps.Broadcast(ref a, ai + 5);
            c50 = TOps.MultiplyAdd(s, b0, c50); c51 = TOps.MultiplyAdd(s, b1, c51); c52 = TOps.MultiplyAdd(s, b2, c52); c53 = TOps.MultiplyAdd(s, b3, c53);
        }
        TOps.Store(c00, ref c0, 0); TOps.Store(c01, ref c0, w); TOps.Store(c02, ref c0, 2 * w); TOps.Store(c03, ref c0, 3 * w);
        TOps.Store(c10, ref c1, 0); TOps.Store(c11, ref c1, w); TOps.Store(c12, ref c1, 2 * w); TOps.Store(c13, ref c1, 3 * w);
        TOps.Store(c20, ref c2, 0); TOps.Store(c21, ref c2, w); TOps.Store(c22, ref c2, 2 * w); TOps.Store(c23, ref c2, 3 * w);
        TOps.Store(c30, ref c3, 0); TOps.Store(c31, ref c3, w); TOps.Store(c32, ref c3, 2 * w); TOps.Store(c33, ref c3, 3 * w);
        TOps.Store(c40, ref c4, 0); TOps.Store(c41, ref c4, w); TOps.Store(c42, ref c4, 2 * w); TOps.Store(c43, ref c4, 3 * w);
        TOps.Store(c50, ref c5, 0); TOps.Store(c51, ref c5, w); TOps.Store(c52, ref c5, 2 * w); TOps.Store(c53, ref c5, 3 * w);
    }

    /// <summary><see cref="Tile"/> with two vectors of output channels per row, for 16 vector registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TileOfTwo<TVector, TOps>(ref float a, nint aStep, int depth, ref float b, nint bStep,
        ref float c0, ref float c1, ref float c2, ref float c3, ref float c4, ref float c5)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        nint w = TOps.Count;
        TVector c00 = TOps.Load(ref c0, 0), c01 = TOps.Load(ref c0, w);
        TVector c10 = TOps.Load(ref c1, 0), c11 = TOps.Load(ref c1, w);
        TVector c20 = TOps.Load(ref c2, 0), c21 = TOps.Load(ref c2, w);
        TVector c30 = TOps.Load(ref c3, 0), c31 = TOps.Load(ref c3, w);
        TVector c40 = TOps.Load(ref c4, 0), c41 = TOps.Load(ref c4, w);
        TVector c50 = TOps.Load(ref c5, 0), c51 = TOps.Load(ref c5, w);
        nint ai = 0, bi = 0;
        for (int k = 0; k < depth; k++, ai += aStep, bi += bStep)
        {
            TVector b0 = TOps.Load(ref b, bi), b1 = TOps.Load(ref b, bi + w);
            TVector s = TOps.Broadcast(ref a, ai);
            c00 = TOps.MultiplyAdd(s, b0, c00); c01 = TOps.MultiplyAdd(s, b1, c01);
            s = TOps.Broadcast(ref a, ai + 1);
            c10 = TOps.MultiplyAdd(s, b0, c10); c11 = TOps.MultiplyAdd(s, b1, c11);
            s = TOps.Broadcast(ref a, ai + 2);
            c20 = TOps.MultiplyAdd(s, b0, c20); c21 = TOps.MultiplyAdd(s, b1, c21);
            s = TOps.Broadcast(ref a, ai + 3);
            c30 = TOps.MultiplyAdd(s, b0, c30); c31 = TOps.MultiplyAdd(s, b1, c31);
            s = TOps.Broadcast(ref a, ai + 4);
            c40 = TOps.MultiplyAdd(s, b0, c40); c41 = TOps.MultiplyAdd(s, b1, c41);
            s = TOps.Broadcast(ref a, ai + 5);
            c50 = TOps.MultiplyAdd(s, b0, c50); c51 = TOps.MultiplyAdd(s, b1, c51);
        }
        TOps.Store(c00, ref c0, 0); TOps.Store(c01, ref c0, w);
        TOps.Store(c10, ref c1, 0); TOps.Store(c11, ref c1, w);
        TOps.Store(c20, ref c2, 0); TOps.Store(c21, ref c2, w);
        TOps.Store(c30, ref c3, 0); TOps.Store(c31, ref c3, w);
        TOps.Store(c40, ref c4, 0); TOps.Store(c41, ref c4, w);
        TOps.Store(c50, ref c5, 0); TOps.Store(c51, ref c5, w);
    }
}
