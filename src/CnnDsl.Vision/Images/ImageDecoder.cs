using System;
using System.IO;
using SkiaSharp;

namespace CnnDsl.Vision;

/// <summary>
/// Decodes JPEG, PNG, BMP, GIF and WebP (through Skia) and binary PPM/PGM (<see cref="Netpbm"/>) into RGB
/// <see cref="ImageData"/>, values 0..255. Grayscale and CMYK images come out as RGB (Skia converts them); alpha is
/// dropped; EXIF orientation is not applied (pixels come as stored). A file that is not an image, or is cut short, is
/// an <see cref="InvalidDataException"/> naming it.
/// </summary>
public static class ImageDecoder
{
    /// <summary>Decodes the image file at <paramref name="path"/>.</summary>
    public static ImageData Decode(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Decode(File.ReadAllBytes(path), path);
    }

    /// <summary>Decodes an encoded image; <paramref name="name"/> names it in errors.</summary>
    public static ImageData Decode(ReadOnlySpan<byte> data, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Netpbm.IsNetpbm(data)) return Netpbm.Decode(data, name);
        if (data.Length == 0) throw new InvalidDataException($"{name}: the file is empty, not an image.");

        using var stream = new MemoryStream(data.ToArray(), writable: false);
        using var codec = SKCodec.Create(stream, out SKCodecResult opened);
        if (codec is null)
            throw new InvalidDataException($"{name}: not a readable image (expected JPEG, PNG, BMP, GIF, WebP or binary PPM/PGM; the decoder said {opened}).");
        int width = codec.Info.Width, height = codec.Info.Height;
        if (width <= 0 || height <= 0) throw new InvalidDataException($"{name}: the image claims a size of {width}x{height}.");

        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        SKCodecResult decoded = codec.GetPixels(info, bitmap.GetPixels());
        if (decoded == SKCodecResult.IncompleteInput || decoded == SKCodecResult.ErrorInInput)
            throw new InvalidDataException($"{name}: the {codec.EncodedFormat} data is truncated or corrupt ({decoded}); {width}x{height} pixels were expected.");
        if (decoded != SKCodecResult.Success)
            throw new InvalidDataException($"{name}: the {codec.EncodedFormat} image could not be decoded ({decoded}).");

        var image = new ImageData(width, height, 3);
        ReadOnlySpan<byte> rgba = bitmap.GetPixelSpan();
        Span<float> pixels = image.Pixels;
        int rowBytes = bitmap.RowBytes;
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<byte> row = rgba.Slice(y * rowBytes, width * 4);
            Span<float> target = pixels.Slice(y * width * 3, width * 3);
            for (int x = 0; x < width; x++)
            {
                target[x * 3] = row[x * 4];
                target[x * 3 + 1] = row[x * 4 + 1];
                target[x * 3 + 2] = row[x * 4 + 2];
            }
        }
        return image;
    }
}
