using System;

namespace CnnDsl.Vision;

/// <summary>
/// Image resizing. Both methods read HWC pixels and write HWC pixels with the same channel count, and allocate
/// nothing.
/// </summary>
public static class Resize
{
    /// <summary>
    /// Bilinear interpolation with half-pixel centres (OpenCV's INTER_LINEAR, PyTorch's <c>align_corners=False</c>):
    /// output pixel x samples the source at <c>(x + 0.5) * inWidth / outWidth - 0.5</c>, clamped to the image.
    /// Right for enlarging and mild shrinking; for large reductions use <see cref="Area(ImageData, ImageData, int, int)"/>, which does not alias.
    /// </summary>
    public static void Bilinear(ImageData source, ImageData target, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        target.Reshape(width, height, source.Channels);
        Bilinear(source.Pixels, source.Width, source.Height, source.Channels, target.Pixels, width, height);
    }

    /// <inheritdoc cref="Bilinear(ImageData, ImageData, int, int)"/>
    public static void Bilinear(ReadOnlySpan<float> source, int inWidth, int inHeight, int channels, Span<float> target, int outWidth, int outHeight)
    {
        CheckSizes(source, inWidth, inHeight, channels, target, outWidth, outHeight);
        float scaleX = (float)inWidth / outWidth, scaleY = (float)inHeight / outHeight;
        for (int oy = 0; oy < outHeight; oy++)
        {
            Axis(oy, scaleY, inHeight, out int y0, out int y1, out float fy);
            ReadOnlySpan<float> row0 = source.Slice(y0 * inWidth * channels, inWidth * channels);
            ReadOnlySpan<float> row1 = source.Slice(y1 * inWidth * channels, inWidth * channels);
            Span<float> output = target.Slice(oy * outWidth * channels, outWidth * channels);
            for (int ox = 0; ox < outWidth; ox++)
            {
                Axis(ox, scaleX, inWidth, out int x0, out int x1, out float fx);
                for (int c = 0; c < channels; c++)
                {
                    float top = row0[x0 * channels + c] + (row0[x1 * channels + c] - row0[x0 * channels + c]) * fx;
                    float bottom = row1[x0 * channels + c] + (row1[x1 * channels + c] - row1[x0 * channels + c]) * fx;
                    output[ox * channels + c] = top + (bottom - top) * fy;
                }
            }
        }
    }

    /// <summary>
    /// Area averaging (OpenCV's INTER_AREA): each output pixel is the mean of the source rectangle it covers, partly
    /// covered source pixels weighted by the covered fraction. The right choice for shrinking photos to a network's
    /// input size; when enlarging it degenerates to nearest-neighbour-like blocks.
    /// </summary>
    public static void Area(ImageData source, ImageData target, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        target.Reshape(width, height, source.Channels);
        Area(source.Pixels, source.Width, source.Height, source.Channels, target.Pixels, width, height);
    }

    /// <inheritdoc cref="Area(ImageData, ImageData, int, int)"/>
    public static void Area(ReadOnlySpan<float> source, int inWidth, int inHeight, int channels, Span<float> target, int outWidth, int outHeight)
    {
        CheckSizes(source, inWidth, inHeight, channels, target, outWidth, outHeight);
        if (channels > 4) throw new ArgumentOutOfRangeException(nameof(channels), $"Area resizing takes 1 to 4 channels; got {channels}.");
        double scaleX = (double)inWidth / outWidth, scaleY = (double)inHeight / outHeight;
        Span<double> sum = stackalloc double[4];
        for (int oy = 0; oy < outHeight; oy++)
        {
            double ya = oy * scaleY, yb = (oy + 1) * scaleY;
            for (int ox = 0; ox < outWidth; ox++)
            {
                double xa = ox * scaleX, xb = (ox + 1) * scaleX;
                sum.Clear();
                double area = 0;
                for (int y = (int)ya; y < yb && y < inHeight; y++)
                {
                    double wy = Math.Min(yb, y + 1) - Math.Max(ya, y);
                    for (int x = (int)xa; x < xb && x < inWidth; x++)
                    {
                        double w = wy * (Math.Min(xb, x + 1) - Math.Max(xa, x));
                        int at = (y * inWidth + x) * channels;
                        for (int c = 0; c < channels; c++) sum[c] += w * source[at + c];
                        area += w;
                    }
                }
                int to = (oy * outWidth + ox) * channels;
                for (int c = 0; c < channels; c++) target[to + c] = (float)(sum[c] / area);
            }
        }
    }

    private static void Axis(int o, float scale, int size, out int i0, out int i1, out float fraction)
    {
        float s = (o + 0.5f) * scale - 0.5f;
        if (s < 0) s = 0;
        i0 = (int)s;
        if (i0 >= size - 1)
        {
            i0 = i1 = size - 1;
            fraction = 0;
            return;
        }
        i1 = i0 + 1;
        fraction = s - i0;
    }

    private static void CheckSizes(ReadOnlySpan<float> source, int inWidth, int inHeight, int channels, Span<float> target, int outWidth, int outHeight)
    {
        if (inWidth <= 0 || inHeight <= 0 || outWidth <= 0 || outHeight <= 0 || channels <= 0)
            throw new ArgumentOutOfRangeException(nameof(outWidth), $"Resizing needs positive sizes; got {inWidth}x{inHeight}x{channels} to {outWidth}x{outHeight}.");
        if (source.Length < inWidth * inHeight * channels)
            throw new ArgumentException($"The source holds {source.Length} values; a {inWidth}x{inHeight}x{channels} image needs {inWidth * inHeight * channels}.", nameof(source));
        if (target.Length < outWidth * outHeight * channels)
            throw new ArgumentException($"The target holds {target.Length} values; a {outWidth}x{outHeight}x{channels} image needs {outWidth * outHeight * channels}.", nameof(target));
    }
}
