using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using CnnDsl.Kernels;

namespace CnnDsl.Training;

/// <summary>
/// The register-blocked inner product every convolution and dense pass is built on:
/// C[r, 0..columns) += sum over k &lt; depth of A[r, k] * B[k, 0..columns), for up to <see cref="MaxRows"/> rows r at once.
/// A[r, k] is at <c>a[aRows[r] + k * aStep]</c> (a row of images, pixels or channels, read one value at a time and
/// broadcast); B[k, j] at <c>b[bOffset + k * bStep + j]</c> (a row of output channels, read as vectors); C[r, j] at
/// <c>c[cRows[r] + j]</c>. Each B vector feeds one multiply-add per row, so four rows do four times the work per load
/// of the row-at-a-time loop. Every C element is summed in increasing k with the same instructions whatever the
/// number of rows or their position in the block, so results do not depend on how callers group rows.
/// B is read in whole vectors: its rows must be readable up to <see cref="Slack"/> floats past <c>columns</c>
/// (padded packed weights, or the slack at the end of training buffers); C is written exactly. With a start row,
/// C[r, j] = start[startAt + j] + the sum, every row from the same start (a bias: no pass filling C with it first). With overwrite, C = the
/// product instead (C's old values are not read: a gradient's first writer needs no cleared buffer).
/// </summary>
internal static class PanelProduct
{
    /// <summary>Rows computed together (accumulators in registers: rows x 4 vectors, rows x 2 on 16 registers).</summary>
    public const int MaxRows = 4;

    /// <summary>Floats past a B row's last column that may be read (one vector of the widest width).</summary>
    public const int Slack = Simd.MaxLanes;

    /// <summary><paramref name="columns"/> rounded up to whole vectors of the widest width: the row length of padded packed weights.</summary>
    public static int Padded(int columns) => (columns + Slack - 1) / Slack * Slack;

    public static void Accumulate(float[] a, ReadOnlySpan<int> aRows, int aStep, int depth, float[] b, int bOffset, int bStep, float[] c, ReadOnlySpan<int> cRows, int columns, bool overwrite = false,
        float[]? start = null, int startAt = 0)
    {
        int rows = aRows.Length;
        if (rows < 1 || rows > MaxRows || cRows.Length != rows) throw new ArgumentException($"1 to {MaxRows} rows are needed, the same number for A and C.", nameof(aRows));
        if (columns <= 0) return;
        if (start is not null && (startAt < 0 || (long)startAt + columns > start.Length)) throw new ArgumentOutOfRangeException(nameof(startAt), "The start row runs past its buffer.");
        if (depth <= 0)
        {
            if (start is not null)
                for (int r = 0; r < rows; r++) start.AsSpan(startAt, columns).CopyTo(c.AsSpan(cRows[r], columns));
            else if (overwrite)
                for (int r = 0; r < rows; r++) c.AsSpan(cRows[r], columns).Clear();
            return;
        }
        // Cheap bounds checks up front (the loops below use unchecked references).
        long lastA = (long)(depth - 1) * aStep, lastB = bOffset + (long)(depth - 1) * bStep + Padded(columns);
        if (bOffset < 0 || lastB > b.Length) throw new ArgumentOutOfRangeException(nameof(b), "B's rows (with their vector slack) run past its buffer.");
        for (int r = 0; r < rows; r++)
        {
            if (aRows[r] < 0 || aRows[r] + lastA >= a.Length) throw new ArgumentOutOfRangeException(nameof(aRows), "An A row runs past its buffer.");
            if (cRows[r] < 0 || (long)cRows[r] + columns > c.Length) throw new ArgumentOutOfRangeException(nameof(cRows), "A C row runs past its buffer.");
        }
        Dispatch(a, aRows, new Strided(aStep, bStep), depth, ref b[bOffset], c, cRows, columns, overwrite, start, startAt);
    }

    private static void Dispatch<TWalk>(float[] a, ReadOnlySpan<int> aRows, TWalk walk, int depth, ref float b, float[] c, ReadOnlySpan<int> cRows, int columns, bool overwrite, float[]? start, int startAt)
        where TWalk : struct, IWalk, allows ref struct
    {
        switch (Simd.Best)
        {
            case SimdWidth.Vector512: Run<Vector512<float>, Vector512Ops, TWalk>(a, aRows, walk, depth, ref b, c, cRows, columns, overwrite, start, startAt); break;
            case SimdWidth.Vector256: Run<Vector256<float>, Vector256Ops, TWalk>(a, aRows, walk, depth, ref b, c, cRows, columns, overwrite, start, startAt); break;
            case SimdWidth.Vector128: Run<Vector128<float>, Vector128Ops, TWalk>(a, aRows, walk, depth, ref b, c, cRows, columns, overwrite, start, startAt); break;
            default: Run<float, ScalarOps, TWalk>(a, aRows, walk, depth, ref b, c, cRows, columns, overwrite, start, startAt); break;
        }
    }

    /// <summary>Where the k-th A value lies past each A row's start, and the k-th B row past B's start; <see cref="Next"/> moves to k + 1.</summary>
    private interface IWalk
    {
        nint A { get; }
        nint B { get; }
        void Next();
    }

    /// <summary>Rows a fixed step apart (the strided product).</summary>
    private struct Strided(nint aStep, nint bStep) : IWalk
    {
        private nint _a, _b;
        public readonly nint A => _a;
        public readonly nint B => _b;
        public void Next()
        {
            _a += aStep;
            _b += bStep;
        }
    }

    [SkipLocalsInit]
    private static void Run<TVector, TOps, TWalk>(float[] a, ReadOnlySpan<int> aRows, TWalk walk, int depth, ref float b, float[] c, ReadOnlySpan<int> cRows, int columns, bool overwrite, float[]? start, int startAt)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
        where TWalk : struct, IWalk, allows ref struct
    {
        int width = TOps.Count, rows = aRows.Length;
        // Accumulators start from C's rows, or from the start row (every row the same), or from zero (overwrite).
        bool load = start is not null || !overwrite;
        // Rows past `rows` read row 0 of A and write to spare rows; the tail of C (a partial vector) goes through a tile.
        Span<float> spare = stackalloc float[2 * MaxRows * 4 * Simd.MaxLanes];
        ref float a0 = ref a[aRows[0]];
        ref float a1 = ref rows > 1 ? ref a[aRows[1]] : ref a0;
        ref float a2 = ref rows > 2 ? ref a[aRows[2]] : ref a0;
        ref float a3 = ref rows > 3 ? ref a[aRows[3]] : ref a0;
        int j = 0;
        // Four vectors a row need 21 vector registers: with 16 (VectorRegisters.Few) they spill, so two vectors a row there.
        for (; !VectorRegisters.Few && j + 4 * width <= columns; j += 4 * width)
        {
            Block4<TVector, TOps, TWalk>(ref a0, ref a1, ref a2, ref a3, walk, depth, ref Unsafe.Add(ref b, j),
                ref c[cRows[0] + j], ref Row(c, cRows, 1, j, spare), ref Row(c, cRows, 2, j, spare), ref Row(c, cRows, 3, j, spare),
                ref Start(c, cRows, 0, j, start, startAt, spare), ref Start(c, cRows, 1, j, start, startAt, spare), ref Start(c, cRows, 2, j, start, startAt, spare), ref Start(c, cRows, 3, j, start, startAt, spare), load);
        }
        for (; j + 2 * width <= columns; j += 2 * width)
        {
            // Every block on 16 registers, else half a block (e.g. 32 channels left after 64s at AVX-512): two vectors per row keep twice the multiply-adds per load of one.
            Block2<TVector, TOps, TWalk>(ref a0, ref a1, ref a2, ref a3, walk, depth, ref Unsafe.Add(ref b, j),
                ref c[cRows[0] + j], ref Row(c, cRows, 1, j, spare), ref Row(c, cRows, 2, j, spare), ref Row(c, cRows, 3, j, spare),
                ref Start(c, cRows, 0, j, start, startAt, spare), ref Start(c, cRows, 1, j, start, startAt, spare), ref Start(c, cRows, 2, j, start, startAt, spare), ref Start(c, cRows, 3, j, start, startAt, spare), load);
        }
        for (; j + width <= columns; j += width)
        {
            Block1<TVector, TOps, TWalk>(ref a0, ref a1, ref a2, ref a3, walk, depth, ref Unsafe.Add(ref b, j),
                ref c[cRows[0] + j], ref Row(c, cRows, 1, j, spare), ref Row(c, cRows, 2, j, spare), ref Row(c, cRows, 3, j, spare),
                ref Start(c, cRows, 0, j, start, startAt, spare), ref Start(c, cRows, 1, j, start, startAt, spare), ref Start(c, cRows, 2, j, start, startAt, spare), ref Start(c, cRows, 3, j, start, startAt, spare), load);
        }
        if (j < columns)
        {
            int rest = columns - j;
            var tile = spare.Slice(MaxRows * 4 * Simd.MaxLanes);
            for (int r = 0; r < rows; r++) (start is null ? c.AsSpan(cRows[r] + j, rest) : start.AsSpan(startAt + j, rest)).CopyTo(tile.Slice(r * width));
            Block1<TVector, TOps, TWalk>(ref a0, ref a1, ref a2, ref a3, walk, depth, ref Unsafe.Add(ref b, j),
                ref tile[0], ref tile[width], ref tile[2 * width], ref tile[3 * width],
                ref tile[0], ref tile[width], ref tile[2 * width], ref tile[3 * width], load);
            for (int r = 0; r < rows; r++) tile.Slice(r * width, rest).CopyTo(c.AsSpan(cRows[r] + j, rest));
        }
    }

    private static ref float Row(float[] c, ReadOnlySpan<int> cRows, int r, int j, Span<float> spare)
        => ref r < cRows.Length ? ref c[cRows[r] + j] : ref spare[r * 4 * Simd.MaxLanes];

    /// <summary>Where row <paramref name="r"/>'s accumulators start from: the start row when there is one, else the row of C itself.</summary>
    private static ref float Start(float[] c, ReadOnlySpan<int> cRows, int r, int j, float[]? start, int startAt, Span<float> spare)
        => ref start is not null ? ref start[startAt + j] : ref Row(c, cRows, r, j, spare);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block4<TVector, TOps, TWalk>(ref float a0, ref float a1, ref float a2, ref float a3, TWalk walk, int depth, ref float b,
        ref float c0, ref float c1, ref float c2, ref float c3, ref float i0, ref float i1, ref float i2, ref float i3, bool load)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
        where TWalk : struct, IWalk, allows ref struct
    {
        nint w = TOps.Count;
        TVector c00 = TOps.Zero, c01 = TOps.Zero, c02 = TOps.Zero, c03 = TOps.Zero, c10 = TOps.Zero, c11 = TOps.Zero, c12 = TOps.Zero, c13 = TOps.Zero;
        TVector c20 = TOps.Zero, c21 = TOps.Zero, c22 = TOps.Zero, c23 = TOps.Zero, c30 = TOps.Zero, c31 = TOps.Zero, c32 = TOps.Zero, c33 = TOps.Zero;
        if (load)
        {
            c00 = TOps.Load(ref i0, 0); c01 = TOps.Load(ref i0, w); c02 = TOps.Load(ref i0, 2 * w); c03 = TOps.Load(ref i0, 3 * w);
            c10 = TOps.Load(ref i1, 0); c11 = TOps.Load(ref i1, w); c12 = TOps.Load(ref i1, 2 * w); c13 = TOps.Load(ref i1, 3 * w);
            c20 = TOps.Load(ref i2, 0); c21 = TOps.Load(ref i2, w); c22 = TOps.Load(ref i2, 2 * w); c23 = TOps.Load(ref i2, 3 * w);
            c30 = TOps.Load(ref i3, 0); c31 = TOps.Load(ref i3, w); c32 = TOps.Load(ref i3, 2 * w); c33 = TOps.Load(ref i3, 3 * w);
        }
        for (int k = 0; k < depth; k++, walk.Next())
        {
            nint ai = walk.A, bi = walk.B;
            TVector b0 = TOps.Load(ref b, bi), b1 = TOps.Load(ref b, bi + w), b2 = TOps.Load(ref b, bi + 2 * w), b3 = TOps.Load(ref b, bi + 3 * w);
            TVector s = TOps.Broadcast(ref a0, ai);
            c00 = TOps.MultiplyAdd(s, b0, c00); c01 = TOps.MultiplyAdd(s, b1, c01); c02 = TOps.MultiplyAdd(s, b2, c02); c03 = TOps.MultiplyAdd(s, b3, c03);
            s = TOps.Broadcast(ref a1, ai);
            c10 = TOps.MultiplyAdd(s, b0, c10); c11 = TOps.MultiplyAdd(s, b1, c11); c12 = TOps.MultiplyAdd(s, b2, c12); c13 = TOps.MultiplyAdd(s, b3, c13);
            s = TOps.Broadcast(ref a2, ai);
            c20 = TOps.MultiplyAdd(s, b0, c20); c21 = TOps.MultiplyAdd(s, b1, c21); c22 = TOps.MultiplyAdd(s, b2, c22); c23 = TOps.MultiplyAdd(s, b3, c23);
            s = TOps.Broadcast(ref a3, ai);
            c30 = TOps.MultiplyAdd(s, b0, c30); c31 = TOps.MultiplyAdd(s, b1, c31); c32 = TOps.MultiplyAdd(s, b2, c32); c33 = TOps.MultiplyAdd(s, b3, c33);
        }
        TOps.Store(c00, ref c0, 0); TOps.Store(c01, ref c0, w); TOps.Store(c02, ref c0, 2 * w); TOps.Store(c03, ref c0, 3 * w);
        TOps.Store(c10, ref c1, 0); TOps.Store(c11, ref c1, w); TOps.Store(c12, ref c1, 2 * w); TOps.Store(c13, ref c1, 3 * w);
        TOps.Store(c20, ref c2, 0); TOps.Store(c21, ref c2, w); TOps.Store(c22, ref c2, 2 * w); TOps.Store(c23, ref c2, 3 * w);
        TOps.Store(c30, ref c3, 0); TOps.Store(c31, ref c3, w); TOps.Store(c32, ref c3, 2 * w); TOps.Store(c33, ref c3, 3 * w);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block2<TVector, TOps, TWalk>(ref float a0, ref float a1, ref float a2, ref float a3, TWalk walk, int depth, ref float b,
        ref float c0, ref float c1, ref float c2, ref float c3, ref float i0, ref float i1, ref float i2, ref float i3, bool load)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
        where TWalk : struct, IWalk, allows ref struct
    {
        nint w = TOps.Count;
        TVector c00 = TOps.Zero, c01 = TOps.Zero, c10 = TOps.Zero, c11 = TOps.Zero, c20 = TOps.Zero, c21 = TOps.Zero, c30 = TOps.Zero, c31 = TOps.Zero;
        if (load)
        {
            c00 = TOps.Load(ref i0, 0); c01 = TOps.Load(ref i0, w);
            c10 = TOps.Load(ref i1, 0); c11 = TOps.Load(ref i1, w);
            c20 = TOps.Load(ref i2, 0); c21 = TOps.Load(ref i2, w);
            c30 = TOps.Load(ref i3, 0); c31 = TOps.Load(ref i3, w);
        }
        for (int k = 0; k < depth; k++, walk.Next())
        {
            nint ai = walk.A, bi = walk.B;
            TVector b0 = TOps.Load(ref b, bi), b1 = TOps.Load(ref b, bi + w);
            TVector s = TOps.Broadcast(ref a0, ai);
            c00 = TOps.MultiplyAdd(s, b0, c00); c01 = TOps.MultiplyAdd(s, b1, c01);
            s = TOps.Broadcast(ref a1, ai);
            c10 = TOps.MultiplyAdd(s, b0, c10); c11 = TOps.MultiplyAdd(s, b1, c11);
            s = TOps.Broadcast(ref a2, ai);
            c20 = TOps.MultiplyAdd(s, b0, c20); c21 = TOps.MultiplyAdd(s, b1, c21);
            s = TOps.Broadcast(ref a3, ai);
            c30 = TOps.MultiplyAdd(s, b0, c30); c31 = TOps.MultiplyAdd(s, b1, c31);
        }
        TOps.Store(c00, ref c0, 0); TOps.Store(c01, ref c0, w);
        TOps.Store(c10, ref c1, 0); TOps.Store(c11, ref c1, w);
        TOps.Store(c20, ref c2, 0); TOps.Store(c21, ref c2, w);
        TOps.Store(c30, ref c3, 0); TOps.Store(c31, ref c3, w);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block1<TVector, TOps, TWalk>(ref float a0, ref float a1, ref float a2, ref float a3, TWalk walk, int depth, ref float b,
        ref float c0, ref float c1, ref float c2, ref float c3, ref float i0, ref float i1, ref float i2, ref float i3, bool load)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
        where TWalk : struct, IWalk, allows ref struct
    {
        TVector c00 = TOps.Zero, c10 = TOps.Zero, c20 = TOps.Zero, c30 = TOps.Zero;
        if (load)
        {
            c00 = TOps.Load(ref i0, 0); c10 = TOps.Load(ref i1, 0); c20 = TOps.Load(ref i2, 0); c30 = TOps.Load(ref i3, 0);
        }
        for (int k = 0; k < depth; k++, walk.Next())
        {
            nint ai = walk.A, bi = walk.B;
            TVector b0 = TOps.Load(ref b, bi);
            c00 = TOps.MultiplyAdd(TOps.Broadcast(ref a0, ai), b0, c00);
            c10 = TOps.MultiplyAdd(TOps.Broadcast(ref a1, ai), b0, c10);
            c20 = TOps.MultiplyAdd(TOps.Broadcast(ref a2, ai), b0, c20);
            c30 = TOps.MultiplyAdd(TOps.Broadcast(ref a3, ai), b0, c30);
        }
        TOps.Store(c00, ref c0, 0); TOps.Store(c10, ref c1, 0); TOps.Store(c20, ref c2, 0); TOps.Store(c30, ref c3, 0);
    }
}
