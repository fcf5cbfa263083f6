using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using CnnDsl.Kernels;

namespace CnnDsl.Training;

/// <summary>
/// Channel-by-channel sums of products, the inner loops of a depthwise convolution in NHWC (each channel its own
/// filter), vectorized over channels at the widest hardware width (AVX-512, AVX2, SSE or scalar, as for inference).
/// Up to four channel vectors are summed side by side so that their multiply-add chains overlap (one chain alone waits
/// on each add). Every channel is summed in the same order with the same instructions whatever the caller's split of
/// the work; a channel count that is not a whole number of vectors ends in scalar code (no read or write past a row,
/// so items on other threads may write the next pixel meanwhile).
/// </summary>
internal static class ChannelProducts
{
    /// <summary>
    /// For each pixel j &lt; <paramref name="count"/> of a run: destination[at + j dStep + c] = start[startAt + j sStep + c]
    /// + sum over k, in increasing k, of a[aRows[k] + j aStep + c] * b[bRows[k] + c], for c in [0, channels) (start may
    /// be the destination itself: an accumulation). A run is pixels whose taps are the same weights (b) and whose inputs
    /// (a) lie the same distance apart, like the inner pixels of a row.
    /// </summary>
    public static void Sum(float[] a, ReadOnlySpan<int> aRows, int aStep, float[] b, ReadOnlySpan<int> bRows, float[] start, int startAt, int sStep,
        float[] destination, int at, int dStep, int count, int channels)
    {
        if (aRows.Length != bRows.Length) throw new ArgumentException("A and B need one row each per product.", nameof(bRows));
        if (count <= 0 || channels <= 0) return;
        long last = count - 1;
        for (int k = 0; k < aRows.Length; k++)
        {
            if (aRows[k] < 0 || aRows[k] + last * aStep + channels > a.Length) throw new ArgumentOutOfRangeException(nameof(aRows), "An A row runs past its buffer.");
            if (bRows[k] < 0 || bRows[k] + channels > b.Length) throw new ArgumentOutOfRangeException(nameof(bRows), "A B row runs past its buffer.");
        }
        if (startAt < 0 || startAt + last * sStep + channels > start.Length) throw new ArgumentOutOfRangeException(nameof(startAt), "The start rows run past their buffer.");
        if (at < 0 || at + last * dStep + channels > destination.Length) throw new ArgumentOutOfRangeException(nameof(at), "The destination rows run past their buffer.");
        switch (Simd.Best)
        {
            case SimdWidth.Vector512: Sum<Vector512<float>, Vector512Ops>(a, aRows, aStep, b, bRows, start, startAt, sStep, destination, at, dStep, count, channels); break;
            case SimdWidth.Vector256: Sum<Vector256<float>, Vector256Ops>(a, aRows, aStep, b, bRows, start, startAt, sStep, destination, at, dStep, count, channels); break;
            case SimdWidth.Vector128: Sum<Vector128<float>, Vector128Ops>(a, aRows, aStep, b, bRows, start, startAt, sStep, destination, at, dStep, count, channels); break;
            default: Sum<float, ScalarOps>(a, aRows, aStep, b, bRows, start, startAt, sStep, destination, at, dStep, count, channels); break;
        }
    }

    /// <summary>
    /// sum[at + c] += sum over p &lt; count, in increasing p, of a[aAt + p * aStep + c] * b[bAt + p * bStep + c], for c in
    /// [0, channels): one depthwise tap's weight gradient along a row of positions.
    /// </summary>
    public static void Along(float[] a, int aAt, int aStep, float[] b, int bAt, int bStep, int count, float[] sum, int at, int channels)
    {
        if (count <= 0 || channels <= 0) return;
        if (aAt < 0 || aAt + (long)(count - 1) * aStep + channels > a.Length) throw new ArgumentOutOfRangeException(nameof(aAt), "A's positions run past its buffer.");
        if (bAt < 0 || bAt + (long)(count - 1) * bStep + channels > b.Length) throw new ArgumentOutOfRangeException(nameof(bAt), "B's positions run past its buffer.");
        if (at < 0 || at + channels > sum.Length) throw new ArgumentOutOfRangeException(nameof(at), "The sum row runs past its buffer.");
        ref float x = ref a[aAt];
        ref float y = ref b[bAt];
        ref float s = ref sum[at];
        switch (Simd.Best)
        {
            case SimdWidth.Vector512: Along<Vector512<float>, Vector512Ops>(ref x, aStep, ref y, bStep, count, ref s, channels); break;
            case SimdWidth.Vector256: Along<Vector256<float>, Vector256Ops>(ref x, aStep, ref y, bStep, count, ref s, channels); break;
            case SimdWidth.Vector128: Along<Vector128<float>, Vector128Ops>(ref x, aStep, ref y, bStep, count, ref s, channels); break;
            default: Along<float, ScalarOps>(ref x, aStep, ref y, bStep, count, ref s, channels); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Sum<TVector, TOps>(float[] a, ReadOnlySpan<int> aRows, int aStep, float[] b, ReadOnlySpan<int> bRows, float[] start, int startAt, int sStep,
        float[] destination, int at, int dStep, int count, int channels)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        // A's base moves by aStep per pixel; it is only read through aRows (none for a pixel no tap reaches).
        ref float a0 = ref MemoryMarshal.GetArrayDataReference(a);
        for (int j = 0; j < count; j++)
            Pixel<TVector, TOps>(ref Unsafe.Add(ref a0, (nint)j * aStep), aRows, b, bRows, ref start[startAt + j * sStep], ref destination[at + j * dStep], channels);
    }

    /// <summary>One pixel of <see cref="Sum"/>, A's rows relative to <paramref name="a0"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Pixel<TVector, TOps>(ref float a0, ReadOnlySpan<int> aRows, float[] b, ReadOnlySpan<int> bRows, ref float start, ref float destination, int channels)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        int w = TOps.Count, taps = aRows.Length, c = 0;
        ref float b0 = ref b[0];
        for (; c + 4 * w <= channels; c += 4 * w)
        {
            TVector s0 = TOps.Load(ref start, c), s1 = TOps.Load(ref start, c + w), s2 = TOps.Load(ref start, c + 2 * w), s3 = TOps.Load(ref start, c + 3 * w);
            for (int k = 0; k < taps; k++)
            {
                nint ai = aRows[k] + c, bi = bRows[k] + c;
                s0 = TOps.MultiplyAdd(TOps.Load(ref a0, ai), TOps.Load(ref b0, bi), s0);
                s1 = TOps.MultiplyAdd(TOps.Load(ref a0, ai + w), TOps.Load(ref b0, bi + w), s1);
                s2 = TOps.MultiplyAdd(TOps.Load(ref a0, ai + 2 * w), TOps.Load(ref b0, bi + 2 * w), s2);
                s3 = TOps.MultiplyAdd(TOps.Load(ref a0, ai + 3 * w), TOps.Load(ref b0, bi + 3 * w), s3);
            }
            TOps.Store(s0, ref destination, c);
            TOps.Store(s1, ref destination, c + w);
            TOps.Store(s2, ref destination, c + 2 * w);
            TOps.Store(s3, ref destination, c + 3 * w);
        }
        for (; c + 2 * w <= channels; c += 2 * w)
        {
            TVector s0 = TOps.Load(ref start, c), s1 = TOps.Load(ref start, c + w);
            for (int k = 0; k < taps; k++)
            {
                nint ai = aRows[k] + c, bi = bRows[k] + c;
                s0 = TOps.MultiplyAdd(TOps.Load(ref a0, ai), TOps.Load(ref b0, bi), s0);
                s1 = TOps.MultiplyAdd(TOps.Load(ref a0, ai + w), TOps.Load(ref b0, bi + w), s1);
            }
            TOps.Store(s0, ref destination, c);
            TOps.Store(s1, ref destination, c + w);
        }
        for (; c + w <= channels; c += w)
        {
            TVector s0 = TOps.Load(ref start, c);
            for (int k = 0; k < taps; k++) s0 = TOps.MultiplyAdd(TOps.Load(ref a0, aRows[k] + c), TOps.Load(ref b0, bRows[k] + c), s0);
            TOps.Store(s0, ref destination, c);
        }
        for (; c < channels; c++)
        {
            float s0 = Unsafe.Add(ref start, c);
            for (int k = 0; k < taps; k++) s0 = ScalarOps.MultiplyAdd(Unsafe.Add(ref a0, aRows[k] + c), b[bRows[k] + c], s0);
            Unsafe.Add(ref destination, c) = s0;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Along<TVector, TOps>(ref float a, nint aStep, ref float b, nint bStep, int count, ref float sum, int channels)
        where TVector : struct
        where TOps : struct, IVectorOps<TVector>
    {
        int w = TOps.Count, c = 0;
        for (; c + 4 * w <= channels; c += 4 * w)
        {
            TVector s0 = TOps.Load(ref sum, c), s1 = TOps.Load(ref sum, c + w), s2 = TOps.Load(ref sum, c + 2 * w), s3 = TOps.Load(ref sum, c + 3 * w);
            nint ai = c, bi = c;
            for (int p = 0; p < count; p++, ai += aStep, bi += bStep)
            {
                s0 = TOps.MultiplyAdd(TOps.Load(ref a, ai), TOps.Load(ref b, bi), s0);
                s1 = TOps.MultiplyAdd(TOps.Load(ref a, ai + w), TOps.Load(ref b, bi + w), s1);
                s2 = TOps.MultiplyAdd(TOps.Load(ref a, ai + 2 * w), TOps.Load(ref b, bi + 2 * w), s2);
                s3 = TOps.MultiplyAdd(TOps.Load(ref a, ai + 3 * w), TOps.Load(ref b, bi + 3 * w), s3);
            }
            TOps.Store(s0, ref sum, c);
            TOps.Store(s1, ref sum, c + w);
            TOps.Store(s2, ref sum, c + 2 * w);
            TOps.Store(s3, ref sum, c + 3 * w);
        }
        for (; c + 2 * w <= channels; c += 2 * w)
        {
            TVector s0 = TOps.Load(ref sum, c), s1 = TOps.Load(ref sum, c + w);
            nint ai = c, bi = c;
            for (int p = 0; p < count; p++, ai += aStep, bi += bStep)
            {
                s0 = TOps.MultiplyAdd(TOps.Load(ref a, ai), TOps.Load(ref b, bi), s0);
                s1 = TOps.MultiplyAdd(TOps.Load(ref a, ai + w), TOps.Load(ref b, bi + w), s1);
            }
            TOps.Store(s0, ref sum, c);
            TOps.Store(s1, ref sum, c + w);
        }
        for (; c + w <= channels; c += w)
        {
            TVector s0 = TOps.Load(ref sum, c);
            nint ai = c, bi = c;
            for (int p = 0; p < count; p++, ai += aStep, bi += bStep) s0 = TOps.MultiplyAdd(TOps.Load(ref a, ai), TOps.Load(ref b, bi), s0);
            TOps.Store(s0, ref sum, c);
        }
        for (; c < channels; c++)
        {
            float s0 = Unsafe.Add(ref sum, c);
            nint ai = c, bi = c;
            for (int p = 0; p < count; p++, ai += aStep, bi += bStep) s0 = ScalarOps.MultiplyAdd(Unsafe.Add(ref a, ai), Unsafe.Add(ref b, bi), s0);
            Unsafe.Add(ref sum, c) = s0;
        }
    }
}
