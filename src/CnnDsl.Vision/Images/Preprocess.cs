using System;

namespace CnnDsl.Vision;

/// <summary>The usual evaluation transform: resize the shorter side, then take the centre square.</summary>
public static class Preprocess
{
    /// <summary>
    /// Resizes <paramref name="source"/> so its shorter side is <paramref name="shorterSide"/> (area averaging when
    /// shrinking, bilinear when enlarging), then centre-crops <paramref name="cropSize"/> x <paramref name="cropSize"/>
    /// into <paramref name="target"/>. <paramref name="scratch"/> holds the resized image (reused across calls).
    /// </summary>
    public static void ResizeAndCenterCrop(ImageData source, int shorterSide, int cropSize, ImageData scratch, ImageData target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(scratch);
        if (cropSize > shorterSide) throw new ArgumentOutOfRangeException(nameof(cropSize), $"The crop ({cropSize}) must fit in the resized shorter side ({shorterSide}).");
        ScaleShorterSide(source, shorterSide, scratch);
        Crop.Center(scratch, cropSize, cropSize, target);
    }

    /// <summary>Resizes so the shorter side is <paramref name="shorterSide"/>, keeping the aspect ratio (longer side rounded).</summary>
    public static void ScaleShorterSide(ImageData source, int shorterSide, ImageData target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        int width, height;
        if (source.Width <= source.Height)
        {
            width = shorterSide;
            height = Math.Max(shorterSide, (int)Math.Round((double)source.Height * shorterSide / source.Width));
        }
        else
        {
            height = shorterSide;
            width = Math.Max(shorterSide, (int)Math.Round((double)source.Width * shorterSide / source.Height));
        }
        ResizeTo(source, width, height, target);
    }

    /// <summary>Area averaging when shrinking in both directions, bilinear otherwise.</summary>
    public static void ResizeTo(ImageData source, int width, int height, ImageData target)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (width <= source.Width && height <= source.Height) Resize.Area(source, target, width, height);
        else Resize.Bilinear(source, target, width, height);
    }
}
