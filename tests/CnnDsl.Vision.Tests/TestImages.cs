using System;
using System.IO;
using SkiaSharp;

namespace CnnDsl.Vision.Tests;

/// <summary>Builds test images: random pixels, and their encodings written by Skia's encoders or by hand.</summary>
internal static class TestImages
{
    public static ImageData Random(int width, int height, int channels, int seed)
    {
        var random = new Random(seed);
        var image = new ImageData(width, height, channels);
        Span<float> pixels = image.Pixels;
        for (int i = 0; i < pixels.Length; i++) pixels[i] = random.Next(256);
        return image;
    }

    /// <summary>RGB bytes (HWC) encoded as PNG or JPEG by Skia.</summary>
    public static byte[] Encode(byte[] rgb, int width, int height, SKEncodedImageFormat format, int quality = 100)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = (y * width + x) * 3;
                bitmap.SetPixel(x, y, new SKColor(rgb[i], rgb[i + 1], rgb[i + 2]));
            }
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, quality);
        return data.ToArray();
    }

    /// <summary>Gray bytes encoded as an 8-bit grayscale PNG.</summary>
    public static byte[] EncodeGrayPng(byte[] gray, int width, int height)
    {
        var info = new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        gray.AsSpan().CopyTo(bitmap.GetPixelSpan());
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>A 24-bit bottom-up BMP written from the format's definition (Skia has no BMP encoder).</summary>
    public static byte[] EncodeBmp(byte[] rgb, int width, int height)
    {
        int rowBytes = (width * 3 + 3) & ~3;
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write((byte)'B');
        writer.Write((byte)'M');
        writer.Write(54 + rowBytes * height);
        writer.Write(0);
        writer.Write(54);
        writer.Write(40);
        writer.Write(width);
        writer.Write(height);
        writer.Write((short)1);
        writer.Write((short)24);
        writer.Write(0);
        writer.Write(rowBytes * height);
        writer.Write(2835);
        writer.Write(2835);
        writer.Write(0);
        writer.Write(0);
        for (int y = height - 1; y >= 0; y--)
        {
            for (int x = 0; x < width; x++)
            {
                int i = (y * width + x) * 3;
                writer.Write(rgb[i + 2]);
                writer.Write(rgb[i + 1]);
                writer.Write(rgb[i]);
            }
            for (int p = width * 3; p < rowBytes; p++) writer.Write((byte)0);
        }
        writer.Flush();
        return stream.ToArray();
    }

    public static byte[] EncodePpm(byte[] rgb, int width, int height)
    {
        byte[] header = System.Text.Encoding.ASCII.GetBytes($"P6\n# test\n{width} {height}\n255\n");
        var data = new byte[header.Length + rgb.Length];
        header.CopyTo(data, 0);
        rgb.CopyTo(data, header.Length);
        return data;
    }

    public static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A temporary folder deleted on dispose.</summary>
    public sealed class TempFolder : IDisposable
    {
        public TempFolder() => Directory.CreateDirectory(Path);
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cnndsl-vision-" + Guid.NewGuid().ToString("N"));
        public string File(string relative)
        {
            string full = System.IO.Path.Combine(Path, relative);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            return full;
        }
        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
