using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using CnnDsl.Kernels;

namespace CnnDsl.Training;

/// <summary>
/// <see cref="WeightGradientProduct"/>'s product on eight rows at once, three vectors of columns per row (24
/// accumulators): C[r, 0..columns) += sum over k &lt; depth of a[aAt + r + k aStep] * b[bAt + k bStep + 0..columns).
/// Channel counts that are multiples of 8 and of 48 (MobileNet V2's 16 to 960: 96 = 2 x 48, 144 = 3 x 48) fill it
/// whole, where the six-row, four-vector tile leaves a third of a 16-row, 96-column product to narrower remainders.
/// The columns past whole tiles go through <see cref="PanelProduct"/>, which sums every element in the same order
/// with the same instructions (C loaded, one multiply-add per k in increasing k, stored).
/// </summary>
internal static class EightRowProduct
{
    /// <summary>Rows computed together.</summary>
    public const int Rows = 8;

    /// <summary>Vectors of columns per row of a tile.</summary>
    private const int TileVectors = 3;

    /// <summary>Whether the tile fits the registers: 24 accumulators, 3 B vectors and a broadcast need 32.</summary>
    public static bool Fits => !VectorRegisters.Few;

    /// <summary>Rows r of C start at c[cAt + r cStep].</summary>
    public static void Accumulate(float[] a, int aAt, int aStep, int depth, float[] b, int bAt, int bStep, float[] c, int cAt, int cStep, int columns)
    {
        if (!Fits) throw new InvalidOperationException("The eight-row tile needs 32 vector registers.");
        if (depth <= 0 || columns <= 0) return;
        int block = TileVectors * (int)Simd.Best, tiled = columns / block * block;
        if (aAt < 0 || aAt + Rows - 1 + (long)(depth - 1) * aStep >= a.Length) throw new ArgumentOutOfRangeException(nameof(aAt), "An A row runs past its buffer.");
        if (bAt < 0 || bAt + (long)(depth - 1) * bStep + columns > b.Length) throw new ArgumentOutOfRangeException(nameof(bAt), "B's rows run past its buffer.");
        if (cAt < 0 || cAt + (long)(Rows - 1) * cStep + columns > c.Length) throw new ArgumentOutOfRangeException(nameof(cAt), "A C row runs past its buffer.");
        if (tiled > 0)
        {
            switch (Simd.Best)
            {
                case SimdWidth.Vector512: Tiles<Vector512<float>, Vector512Ops>(ref a[aAt], aStep, depth, ref b[bAt], bStep, ref c[cAt], cStep, tiled); break;
                case SimdWidth.Vector256: Tiles<Vector256<float>, Vector256Ops>(ref a[aAt], aStep, depth, ref b[bAt], bStep, ref c[cAt], cStep, tiled); break;
                case SimdWidth.Vector128: Tiles<Vector128<float>, Vector128Ops>(ref a[aAt], aStep, depth, ref b[bAt], bStep, ref c[cAt], cStep, tiled); break;
                default: Tiles<float, ScalarOps>(ref a[aAt], aStep, depth, ref b[bAt], bStep, ref c[cAt], cStep, tiled); break;
            }
        }
        if (tiled == columns) return;
        // The columns past the tiles, four rows at a time.
        Span<int> aRows = stackalloc int[PanelProduct.MaxRows], cRows = stackalloc int[PanelProduct.MaxRows];
        for (int r0 = 0; r0 < Rows; r0 += PanelProduct.MaxRows)
        {
            for (int r = 0; r < PanelProduct.MaxRows; r++)
            {
                aRows[r] = aAt + r0 + r;
                cRows[r] = cAt + (r0 + r) * cStep + tiled;
            }
            PanelProduct.Accumulate(a, aRows, aStep, depth, b, bAt + tiled, bStep, c, cRows, columns - tiled);
        }
    }

    private static void Tiles<TVector, TOps>(ref float a, nint aStep, int depth, ref float b, nint bStep, ref float c, nint cStep, int tiled)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        for (int j = 0; j < tiled; j += TileVectors * TOps.Count)
            Tile<TVector, TOps>(ref a, aStep, depth, ref Unsafe.Add(ref b, j), bStep, ref Unsafe.Add(ref c, j), cStep);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile<TVector, TOps>(ref float a, nint aStep, int depth, ref float b, nint bStep, ref float c, nint cStep)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        nint w = TOps.Count;
        ref float c0 = ref c;
        ref float c1 = ref Unsafe.Add(ref c, cStep);
        ref float c2 = ref Unsafe.Add(ref c, 2 * cStep);
        ref float c3 = ref Unsafe.Add(ref c, 3 * cStep);
        ref float c4 = ref Unsafe.Add(ref c, 4 * cStep);
        ref float c5 = ref Unsafe.Add(ref c, 5 * cStep);
        ref float c6 = ref Unsafe.Add(ref c, 6 * cStep);
        ref float c7 = ref Unsafe.Add(ref c, 7 * cStep);
        TVector s00 = TOps.Load(ref c0, 0), s01 = TOps.Load(ref c0, w), s02 = TOps.Load(ref c0, 2 * w);
        TVector s10 = TOps.Load(ref c1, 0), s11 = TOps.Load(ref c1, w), s12 = TOps.Load(ref c1, 2 * w);
        TVector s20 = TOps.Load(ref c2, 0), s21 = TOps.Load(ref c2, w), s22 = TOps.Load(ref c2, 2 * w);
        TVector s30 = TOps.Load(ref c3, 0), s31 = TOps.Load(ref c3, w), s32 = TOps.Load(ref c3, 2 * w);
        TVector s40 = TOps.Load(ref c4, 0), s41 = TOps.Load(ref c4, w), s42 = TOps.Load(ref c4, 2 * w);
        TVector s50 = TOps.Load(ref c5, 0), s51 = TOps.Load(ref c5, w), s52 = TOps.Load(ref c5, 2 * w);
        TVector s60 = TOps.Load(ref c6, 0), s61 = TOps.Load(ref c6, w), s62 = TOps.Load(ref c6, 2 * w);
        TVector s70 = TOps.Load(ref c7, 0), s71 = TOps.Load(ref c7, w), s72 = TOps.Load(ref c7, 2 * w);
        nint ai = 0, bi = 0;
        for (int k = 0; k < depth; k++, ai += aStep, bi += bStep)
        {
            TVector b0 = TOps.Load(ref b, bi), b1 = TOps.Load(ref b, bi + w), b2 = TOps.Load(ref b, bi + 2 * w);
            TVector s = TOps.Broadcast(ref a, ai);
            s00 = TOps.MultiplyAdd(s, b0, s00); s01 = TOps.MultiplyAdd(s, b1, s01); s02 = TOps.MultiplyAdd(s, b2, s02);
            s = TOps.Broadcast(ref a, ai + 1);
            s10 = TOps.MultiplyAdd(s, b0, s10); s11 = TOps.MultiplyAdd(s, b1, s11); s12 = TOps.MultiplyAdd(s, b2, s12);
            s = TOps.Broadcast(ref a, ai + 2);
            s20 = TOps.MultiplyAdd(s, b0, s20); s21 = TOps.MultiplyAdd(s, b1, s21); s22 = TOps.MultiplyAdd(s, b2, s22);
            s = TOps.Broadcast(ref a, ai + 3);
            s30 = TOps.MultiplyAdd(s, b0, s30); s31 = TOps.MultiplyAdd(s, b1, s31); s32 = TOps.MultiplyAdd(s, b2, s32);
            s = TOps.Broadcast(ref a, ai + 4);
            s40 = TOps.MultiplyAdd(s, b0, s40); s41 = TOps.MultiplyAdd(s, b1, s41); s42 = TOps.MultiplyAdd(s, b2, s42);
            s = TOps.Broadcast(ref a, ai + 5);
            s50 = TOps.MultiplyAdd(s, b0, s50); s51 = TOps.MultiplyAdd(s, b1, s51); s52 = TOps.MultiplyAdd(s, b2, s52);
            s = TOps.Broadcast(ref a, ai + 6);
            s60 = TOps.MultiplyAdd(s, b0, s60); s61 = TOps.MultiplyAdd(s, b1, s61); s62 = TOps.MultiplyAdd(s, b2, s62);
            s = TOps.Broadcast(ref a, ai + 7);
            s70 = TOps.MultiplyAdd(s, b0, s70); s71 = TOps.MultiplyAdd(s, b1, s71); s72 = TOps.MultiplyAdd(s, b2, s72);
        }
        TOps.Store(s00, ref c0, 0); TOps.Store(s01, ref c0, w); TOps.Store(s02, ref c0, 2 * w);
        TOps.Store(s10, ref c1, 0); TOps.Store(s11, ref c1, w); TOps.Store(s12, ref c1, 2 * w);
        TOps.Store(s20, ref c2, 0); TOps.Store(s21, ref c2, w); TOps.Store(s22, ref c2, 2 * w);
        TOps.Store(s30, ref c3, 0); TOps.Store(s31, ref c3, w); TOps.Store(s32, ref c3, 2 * w);
        TOps.Store(s40, ref c4, 0); TOps.Store(s41, ref c4, w); TOps.Store(s42, ref c4, 2 * w);
        TOps.Store(s50, ref c5, 0); TOps.Store(s51, ref c5, w); TOps.Store(s52, ref c5, 2 * w);
        TOps.Store(s60, ref c6, 0); TOps.Store(s61, ref c6, w); TOps.Store(s62, ref c6, 2 * w);
        TOps.Store(s70, ref c7, 0); TOps.Store(s71, ref c7, w); TOps.Store(s72, ref c7, 2 * w);
    }
}
