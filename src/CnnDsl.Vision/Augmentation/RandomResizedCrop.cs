using System;

namespace CnnDsl.Vision;

/// <summary>
/// Inception-style random-resized crop (Szegedy et al. 2015; torchvision's <c>RandomResizedCrop</c>): a box whose
/// area is a uniform 8-100% of the image and whose aspect ratio is log-uniform in 3/4..4/3, at a uniform position,
/// resized bilinearly to <see cref="Width"/> x <see cref="Height"/>. After 10 draws that do not fit, the centre crop
/// with the aspect ratio clamped to the range.
/// </summary>
public sealed class RandomResizedCrop : IAugmentation
{
    private readonly ImageData _crop = new(1, 1, 1);

    /// <summary>The transform with the area share and aspect-ratio ranges given.</summary>
    public RandomResizedCrop(int width, int height, double minArea = 0.08, double maxArea = 1.0, double minRatio = 3.0 / 4, double maxRatio = 4.0 / 3)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"The output needs a positive size; got {width}x{height}.");
        if (!(minArea > 0 && minArea <= maxArea && maxArea <= 1)) throw new ArgumentOutOfRangeException(nameof(minArea), $"Area shares need 0 < min <= max <= 1; got {minArea}..{maxArea}.");
        if (!(minRatio > 0 && minRatio <= maxRatio)) throw new ArgumentOutOfRangeException(nameof(minRatio), $"Aspect ratios need 0 < min <= max; got {minRatio}..{maxRatio}.");
        (Width, Height, MinArea, MaxArea, MinRatio, MaxRatio) = (width, height, minArea, maxArea, minRatio, maxRatio);
    }

    /// <summary>Output width.</summary>
    public int Width { get; }
    /// <summary>Output height.</summary>
    public int Height { get; }
    /// <summary>Smallest share of the image's area.</summary>
    public double MinArea { get; }
    /// <summary>Largest share of the image's area.</summary>
    public double MaxArea { get; }
    /// <summary>Smallest width/height ratio.</summary>
    public double MinRatio { get; }
    /// <summary>Largest width/height ratio.</summary>
    public double MaxRatio { get; }

    /// <summary>Draws the crop box for an <paramref name="imageWidth"/> x <paramref name="imageHeight"/> image, as <see cref="Apply"/> does.</summary>
    public (int Left, int Top, int Width, int Height) SampleBox(int imageWidth, int imageHeight, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double area = (double)imageWidth * imageHeight;
        double logMin = Math.Log(MinRatio), logMax = Math.Log(MaxRatio);
        for (int attempt = 0; attempt < 10; attempt++)
        {
            double target = area * (MinArea + (MaxArea - MinArea) * random.NextDouble());
            double ratio = Math.Exp(logMin + (logMax - logMin) * random.NextDouble());
            int w = (int)Math.Round(Math.Sqrt(target * ratio)), h = (int)Math.Round(Math.Sqrt(target / ratio));
            if (w > 0 && h > 0 && w <= imageWidth && h <= imageHeight)
                return (random.Next(imageWidth - w + 1), random.Next(imageHeight - h + 1), w, h);
        }
        double imageRatio = (double)imageWidth / imageHeight;
        int cw = imageWidth, ch = imageHeight;
        if (imageRatio < MinRatio) ch = (int)Math.Round(cw / MinRatio);
        else if (imageRatio > MaxRatio) cw = (int)Math.Round(ch * MaxRatio);
        return ((imageWidth - cw) / 2, (imageHeight - ch) / 2, cw, ch);
    }

    /// <inheritdoc/>
    public void Apply(ImageData image, Random random)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (left, top, w, h) = SampleBox(image.Width, image.Height, random);
        _crop.Reshape(image.Width, image.Height, image.Channels); // grow to the largest box once, not box by box
        Crop.Copy(image, left, top, w, h, _crop);
        Resize.Bilinear(_crop, image, Width, Height);
    }
}
