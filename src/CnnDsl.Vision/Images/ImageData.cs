using System;

namespace CnnDsl.Vision;

/// <summary>
/// A decoded image as float pixels in height x width x channels order (HWC, the NHWC layout of one image), values as
/// decoded (0..255) until a <see cref="Normalization"/> is applied. The buffer is reused: <see cref="Reshape"/> grows
/// it only when a larger image arrives, so a loop over images of one size allocates nothing after the first.
/// </summary>
public sealed class ImageData
{
    private float[] _pixels;

    /// <summary>An image of the given size with every value zero.</summary>
    public ImageData(int width, int height, int channels)
    {
        Check(width, height, channels);
        _pixels = new float[checked(width * height * channels)];
        Width = width;
        Height = height;
        Channels = channels;
    }

    /// <summary>Columns.</summary>
    public int Width { get; private set; }

    /// <summary>Rows.</summary>
    public int Height { get; private set; }

    /// <summary>Channels: 3 (RGB) or 1 (gray).</summary>
    public int Channels { get; private set; }

    /// <summary>Values in the image: <c>Width * Height * Channels</c>.</summary>
    public int Length => Width * Height * Channels;

    /// <summary>The pixels, HWC.</summary>
    public Span<float> Pixels => _pixels.AsSpan(0, Length);

    /// <summary>The value at row <paramref name="y"/>, column <paramref name="x"/>, channel <paramref name="c"/>.</summary>
    public float this[int y, int x, int c]
    {
        get => _pixels[(y * Width + x) * Channels + c];
        set => _pixels[(y * Width + x) * Channels + c] = value;
    }

    /// <summary>Changes the size, keeping the buffer when it is large enough (the contents are then undefined).</summary>
    public void Reshape(int width, int height, int channels)
    {
        Check(width, height, channels);
        int length = checked(width * height * channels);
        if (_pixels.Length < length) _pixels = new float[length];
        Width = width;
        Height = height;
        Channels = channels;
    }

    /// <summary>Makes this image a copy of <paramref name="source"/>.</summary>
    public void CopyFrom(ImageData source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Reshape(source.Width, source.Height, source.Channels);
        source.Pixels.CopyTo(Pixels);
    }

    /// <summary>A copy with its own buffer.</summary>
    public ImageData Clone()
    {
        var copy = new ImageData(Width, Height, Channels);
        Pixels.CopyTo(copy.Pixels);
        return copy;
    }

    private static void Check(int width, int height, int channels)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"An image needs a positive size; got {width}x{height}.");
        if (channels <= 0) throw new ArgumentOutOfRangeException(nameof(channels), $"An image needs at least one channel; got {channels}.");
    }
}
