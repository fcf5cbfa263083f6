using System;

namespace CnnDsl.Vision;

/// <summary>Rectangular crops and horizontal mirroring of HWC pixels; nothing is allocated.</summary>
public static class Crop
{
    /// <summary>
    /// Copies the <paramref name="width"/> x <paramref name="height"/> rectangle whose top-left corner is
    /// (<paramref name="left"/>, <paramref name="top"/>) into <paramref name="target"/>, mirrored left-right when
    /// <paramref name="mirror"/> is set. The rectangle must lie inside the source.
    /// </summary>
    public static void Copy(ReadOnlySpan<float> source, int inWidth, int inHeight, int channels,
        int left, int top, int width, int height, Span<float> target, bool mirror = false)
    {
        if (left < 0 || top < 0 || width <= 0 || height <= 0 || left + width > inWidth || top + height > inHeight)
            throw new ArgumentOutOfRangeException(nameof(left), $"The crop {width}x{height} at ({left}, {top}) does not lie inside the {inWidth}x{inHeight} image.");
        if (source.Length < inWidth * inHeight * channels)
            throw new ArgumentException($"The source holds {source.Length} values; a {inWidth}x{inHeight}x{channels} image needs {inWidth * inHeight * channels}.", nameof(source));
        if (target.Length < width * height * channels)
            throw new ArgumentException($"The target holds {target.Length} values; a {width}x{height}x{channels} crop needs {width * height * channels}.", nameof(target));
        int rowLength = width * channels;
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<float> from = source.Slice(((top + y) * inWidth + left) * channels, rowLength);
            Span<float> to = target.Slice(y * rowLength, rowLength);
            if (!mirror)
            {
                from.CopyTo(to);
                continue;
            }
            for (int x = 0; x < width; x++) from.Slice((width - 1 - x) * channels, channels).CopyTo(to.Slice(x * channels, channels));
        }
    }

    /// <summary>Crops <paramref name="source"/> into <paramref name="target"/> (resized to fit the crop).</summary>
    public static void Copy(ImageData source, int left, int top, int width, int height, ImageData target, bool mirror = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        if (ReferenceEquals(source, target)) throw new ArgumentException("Crop into a different image than the source.", nameof(target));
        target.Reshape(width, height, source.Channels);
        Copy(source.Pixels, source.Width, source.Height, source.Channels, left, top, width, height, target.Pixels, mirror);
    }

    /// <summary>The centred <paramref name="width"/> x <paramref name="height"/> crop (odd margins: one more on the right and bottom).</summary>
    public static void Center(ImageData source, int width, int height, ImageData target)
    {
        ArgumentNullException.ThrowIfNull(source);
        Copy(source, (source.Width - width) / 2, (source.Height - height) / 2, width, height, target);
    }

    /// <summary>Mirrors the image left-right in place.</summary>
    public static void MirrorInPlace(Span<float> pixels, int width, int height, int channels)
    {
        for (int y = 0; y < height; y++)
        {
            Span<float> row = pixels.Slice(y * width * channels, width * channels);
            for (int x = 0; x < width / 2; x++)
            {
                Span<float> a = row.Slice(x * channels, channels), b = row.Slice((width - 1 - x) * channels, channels);
                for (int c = 0; c < channels; c++) (a[c], b[c]) = (b[c], a[c]);
            }
        }
    }
}
