using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using CnnDsl.Kernels;

namespace CnnDsl.Training;

/// <summary>
/// One output row of a depthwise convolution's forward, NHWC, weights packed [kH][kW][C]:
/// y[ox, c] = start[c] + the sum over the taps inside the input, kernel row by kernel row and column by column, of
/// x[tap's pixel, c] w[tap, c], one multiply-add chain per channel in that order (so the bits do not depend on how a
/// row is cut into tiles or which thread runs it). Pixels whose every kernel column lies inside the input run in tiles
/// of <see cref="Pixels"/> that share each weight vector loaded, two channel vectors at a time (eight independent
/// chains); the edge pixels one at a time over their taps inside. The row's geometry is worked out once per row, not
/// per pixel: per pixel it cost more than a 32-channel pixel's multiply-adds.
/// </summary>
internal static class DepthwiseRow
{
    /// <summary>Output pixels per tile.</summary>
    private const int Pixels = 4;

    /// <summary>Output row <paramref name="oy"/> of image <paramref name="image"/> of <paramref name="info"/>'s forward into <paramref name="y"/>.</summary>
    public static void Forward(NodeInfo info, float[] x, int image, int oy, float[] weights, float[] start, float[] y)
    {
        int channels = info.Input.Channels, inH = info.Input.Height, inW = info.Input.Width, outW = info.Output.Width;
        if (weights.Length < info.KernelH * info.KernelW * channels || start.Length < channels) throw new ArgumentException("The packed weights or the start row are too short.", nameof(weights));
        if ((long)(image + 1) * inH * inW * channels > x.Length || (long)((image * info.Output.Height) + oy + 1) * outW * channels > y.Length)
            throw new ArgumentOutOfRangeException(nameof(image), "The image or the row lies past its buffer.");
        // Kernel rows inside the input: where their input row starts, and their first tap.
        Span<int> rowAt = stackalloc int[info.KernelH], rowTap = stackalloc int[info.KernelH];
        int rows = 0, top = oy * info.StrideH - info.PadTop;
        for (int ky = 0; ky < info.KernelH; ky++)
        {
            int iy = top + ky * info.DilationH;
            if (iy < 0 || iy >= inH) continue;
            rowAt[rows] = (image * inH + iy) * inW * channels;
            rowTap[rows++] = ky * info.KernelW * channels;
        }
        var row = new Geometry(channels, info.StrideW * channels, info.DilationW * channels, info.KernelW, rowAt[..rows], rowTap[..rows]);
        int yAt = (image * info.Output.Height + oy) * outW * channels;
        switch (Simd.Best)
        {
            case SimdWidth.Vector512: Row<Vector512<float>, Vector512Ops>(info, x, row, weights, start, y, yAt); break;
            case SimdWidth.Vector256: Row<Vector256<float>, Vector256Ops>(info, x, row, weights, start, y, yAt); break;
            case SimdWidth.Vector128: Row<Vector128<float>, Vector128Ops>(info, x, row, weights, start, y, yAt); break;
            default: Row<float, ScalarOps>(info, x, row, weights, start, y, yAt); break;
        }
    }

    /// <summary>A row's constants: channels, input floats between output pixels and between kernel columns, and its kernel rows inside the input.</summary>
    private readonly ref struct Geometry(int channels, int pixelStep, int columnStep, int kernelW, ReadOnlySpan<int> rowAt, ReadOnlySpan<int> rowTap)
    {
        public readonly int Channels = channels, PixelStep = pixelStep, ColumnStep = columnStep, KernelW = kernelW;
        public readonly ReadOnlySpan<int> RowAt = rowAt, RowTap = rowTap;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row<TV, TO>(NodeInfo info, float[] x, Geometry row, float[] weights, float[] start, float[] y, int yAt)
        where TV : struct where TO : struct, IVectorOps<TV>
    {
        int inW = info.Input.Width, outW = info.Output.Width, span = (info.KernelW - 1) * info.DilationW;
        // Output columns [lo, hi) have every kernel column inside the input.
        int lo = Math.Min(outW, (info.PadLeft + info.StrideW - 1) / info.StrideW);
        int hi = inW - 1 - span + info.PadLeft < 0 ? 0 : Math.Min(outW, (inW - 1 - span + info.PadLeft) / info.StrideW + 1);
        ref float x0 = ref MemoryMarshal.GetArrayDataReference(x);
        ref float w0 = ref MemoryMarshal.GetArrayDataReference(weights);
        ref float s0 = ref MemoryMarshal.GetArrayDataReference(start);
        ref float y0 = ref MemoryMarshal.GetArrayDataReference(y);
        for (int ox = 0; ox < outW;)
        {
            int ix = ox * info.StrideW - info.PadLeft;
            if (ox >= lo && ox + Pixels <= hi)
            {
                Tile<TV, TO>(ref x0, ix * row.Channels, row, ref w0, ref s0, ref Unsafe.Add(ref y0, yAt + ox * row.Channels));
                ox += Pixels;
                continue;
            }
            // Kernel columns [first, end) of this pixel fall inside the input.
            int first = ix >= 0 ? 0 : (-ix + info.DilationW - 1) / info.DilationW;
            int end = ix > inW - 1 ? 0 : Math.Min(info.KernelW, (inW - 1 - ix) / info.DilationW + 1);
            Pixel<TV, TO>(ref x0, ix * row.Channels, row, first, end, ref w0, ref s0, ref Unsafe.Add(ref y0, yAt + ox * row.Channels));
            ox++;
        }
    }

    /// <summary>
    /// One pixel over kernel columns [first, end); its kernel column 0 reads <paramref name="at"/> floats past each
    /// kernel row's start (negative left of the input: only offsets inside the buffer are ever formed into references).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Pixel<TV, TO>(ref float x, nint at, Geometry row, int first, int end, ref float w, ref float start, ref float y)
        where TV : struct where TO : struct, IVectorOps<TV>
    {
        int width = TO.Count, c = 0, channels = row.Channels;
        var rowAt = row.RowAt;
        var rowTap = row.RowTap;
        for (; c + 2 * width <= channels; c += 2 * width)
        {
            TV a0 = TO.Load(ref start, c), a1 = TO.Load(ref start, c + width);
            for (int r = 0; r < rowAt.Length; r++)
            for (int kx = first; kx < end; kx++)
            {
                nint xi = at + rowAt[r] + kx * row.ColumnStep + c, wi = rowTap[r] + kx * channels + c;
                a0 = TO.MultiplyAdd(TO.Load(ref x, xi), TO.Load(ref w, wi), a0);
                a1 = TO.MultiplyAdd(TO.Load(ref x, xi + width), TO.Load(ref w, wi + width), a1);
            }
            TO.Store(a0, ref y, c);
            TO.Store(a1, ref y, c + width);
        }
        for (; c + width <= channels; c += width)
        {
            TV a0 = TO.Load(ref start, c);
            for (int r = 0; r < rowAt.Length; r++)
            for (int kx = first; kx < end; kx++)
                a0 = TO.MultiplyAdd(TO.Load(ref x, at + rowAt[r] + kx * row.ColumnStep + c), TO.Load(ref w, rowTap[r] + kx * channels + c), a0);
            TO.Store(a0, ref y, c);
        }
        for (; c < channels; c++)
        {
            float a0 = Unsafe.Add(ref start, c);
            for (int r = 0; r < rowAt.Length; r++)
            for (int kx = first; kx < end; kx++)
                a0 = ScalarOps.MultiplyAdd(Unsafe.Add(ref x, at + rowAt[r] + kx * row.ColumnStep + c), Unsafe.Add(ref w, rowTap[r] + kx * channels + c), a0);
            Unsafe.Add(ref y, c) = a0;
        }
    }

    /// <summary><see cref="Pixels"/> pixels with every kernel column inside, each weight vector loaded once for all of them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile<TV, TO>(ref float x, nint at, Geometry row, ref float w, ref float start, ref float y)
        where TV : struct where TO : struct, IVectorOps<TV>
    {
        int width = TO.Count, c = 0, channels = row.Channels, kernelW = row.KernelW;
        nint step = row.PixelStep;
        var rowAt = row.RowAt;
        var rowTap = row.RowTap;
        for (; c + 2 * width <= channels; c += 2 * width)
        {
            TV a0 = TO.Load(ref start, c), a1 = TO.Load(ref start, c + width);
            TV b0 = a0, b1 = a1, d0 = a0, d1 = a1, e0 = a0, e1 = a1;
            for (int r = 0; r < rowAt.Length; r++)
            for (int kx = 0; kx < kernelW; kx++)
            {
                nint xi = at + rowAt[r] + kx * row.ColumnStep + c, wi = rowTap[r] + kx * channels + c;
                TV v0 = TO.Load(ref w, wi), v1 = TO.Load(ref w, wi + width);
                a0 = TO.MultiplyAdd(TO.Load(ref x, xi), v0, a0);
                a1 = TO.MultiplyAdd(TO.Load(ref x, xi + width), v1, a1);
                b0 = TO.MultiplyAdd(TO.Load(ref x, xi + step), v0, b0);
                b1 = TO.MultiplyAdd(TO.Load(ref x, xi + step + width), v1, b1);
                d0 = TO.MultiplyAdd(TO.Load(ref x, xi + 2 * step), v0, d0);
                d1 = TO.MultiplyAdd(TO.Load(ref x, xi + 2 * step + width), v1, d1);
                e0 = TO.MultiplyAdd(TO.Load(ref x, xi + 3 * step), v0, e0);
                e1 = TO.MultiplyAdd(TO.Load(ref x, xi + 3 * step + width), v1, e1);
            }
            nint out1 = channels;
            TO.Store(a0, ref y, c);
            TO.Store(a1, ref y, c + width);
            TO.Store(b0, ref y, out1 + c);
            TO.Store(b1, ref y, out1 + c + width);
            TO.Store(d0, ref y, 2 * out1 + c);
            TO.Store(d1, ref y, 2 * out1 + c + width);
            TO.Store(e0, ref y, 3 * out1 + c);
            TO.Store(e1, ref y, 3 * out1 + c + width);
        }
        for (; c + width <= channels; c += width)
        {
            TV a0 = TO.Load(ref start, c), b0 = a0, d0 = a0, e0 = a0;
            for (int r = 0; r < rowAt.Length; r++)
            for (int kx = 0; kx < kernelW; kx++)
            {
                nint xi = at + rowAt[r] + kx * row.ColumnStep + c;
                TV v0 = TO.Load(ref w, rowTap[r] + kx * channels + c);
                a0 = TO.MultiplyAdd(TO.Load(ref x, xi), v0, a0);
                b0 = TO.MultiplyAdd(TO.Load(ref x, xi + step), v0, b0);
                d0 = TO.MultiplyAdd(TO.Load(ref x, xi + 2 * step), v0, d0);
                e0 = TO.MultiplyAdd(TO.Load(ref x, xi + 3 * step), v0, e0);
            }
            TO.Store(a0, ref y, c);
            TO.Store(b0, ref y, channels + c);
            TO.Store(d0, ref y, 2 * channels + c);
            TO.Store(e0, ref y, 3 * channels + c);
        }
        if (c == channels) return;
        // The channels past the last whole vector, pixel by pixel (their tail is scalar there).
        for (int p = 0; p < Pixels; p++)
        {
            for (int k = c; k < channels; k++)
            {
                float a0 = Unsafe.Add(ref start, k);
                for (int r = 0; r < rowAt.Length; r++)
                for (int kx = 0; kx < kernelW; kx++)
                    a0 = ScalarOps.MultiplyAdd(Unsafe.Add(ref x, at + rowAt[r] + kx * row.ColumnStep + p * step + k), Unsafe.Add(ref w, rowTap[r] + kx * channels + k), a0);
                Unsafe.Add(ref y, p * channels + k) = a0;
            }
        }
    }
}
