using System;

namespace CnnDsl.Vision;

/// <summary>
/// A fixed-size crop at a uniformly random position of the image padded with <see cref="Padding"/> zero pixels on
/// every side (the CIFAR recipe: pad 4, crop 32x32).
/// </summary>
public sealed class RandomCrop : IAugmentation
{
    private readonly ImageData _scratch = new(1, 1, 1);

    /// <summary>Crops <paramref name="width"/> x <paramref name="height"/> after padding by <paramref name="padding"/>.</summary>
    public RandomCrop(int width, int height, int padding = 0)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"A crop needs a positive size; got {width}x{height}.");
        if (padding < 0) throw new ArgumentOutOfRangeException(nameof(padding), $"Padding cannot be negative; got {padding}.");
        Width = width;
        Height = height;
        Padding = padding;
    }

    /// <summary>Crop width.</summary>
    public int Width { get; }

    /// <summary>Crop height.</summary>
    public int Height { get; }

    /// <summary>Zero pixels added on each side before cropping.</summary>
    public int Padding { get; }

    /// <inheritdoc/>
    public void Apply(ImageData image, Random random)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(random);
        int paddedW = image.Width + 2 * Padding, paddedH = image.Height + 2 * Padding;
        if (Width > paddedW || Height > paddedH)
            throw new ArgumentException($"A {Width}x{Height} crop does not fit the {image.Width}x{image.Height} image padded by {Padding}.", nameof(image));
        int left = random.Next(paddedW - Width + 1) - Padding, top = random.Next(paddedH - Height + 1) - Padding;
        int channels = image.Channels;
        _scratch.Reshape(Width, Height, channels);
        Span<float> target = _scratch.Pixels;
        ReadOnlySpan<float> source = image.Pixels;
        for (int y = 0; y < Height; y++)
        {
            int sy = top + y;
            Span<float> row = target.Slice(y * Width * channels, Width * channels);
            if (sy < 0 || sy >= image.Height)
            {
                row.Clear();
                continue;
            }
            for (int x = 0; x < Width; x++)
            {
                int sx = left + x;
                Span<float> pixel = row.Slice(x * channels, channels);
                if (sx < 0 || sx >= image.Width) pixel.Clear();
                else source.Slice((sy * image.Width + sx) * channels, channels).CopyTo(pixel);
            }
        }
        image.CopyFrom(_scratch);
    }
}
