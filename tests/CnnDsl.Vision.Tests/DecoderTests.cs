using System;
using System.IO;
using System.Linq;
using SkiaSharp;

namespace CnnDsl.Vision.Tests;

public class DecoderTests
{
    private const int W = 13, H = 7;

    [Theory]
    [InlineData("png")]
    [InlineData("bmp")]
    [InlineData("ppm")]
    public void Lossless_formats_decode_to_the_encoded_pixels(string format)
    {
        byte[] rgb = TestImages.RandomBytes(W * H * 3, 1);
        byte[] encoded = format switch
        {
            "png" => TestImages.Encode(rgb, W, H, SKEncodedImageFormat.Png),
            "bmp" => TestImages.EncodeBmp(rgb, W, H),
            _ => TestImages.EncodePpm(rgb, W, H),
        };
        var image = ImageDecoder.Decode(encoded, "test." + format);
        Assert.Equal((W, H, 3), (image.Width, image.Height, image.Channels));
        for (int i = 0; i < rgb.Length; i++) Assert.Equal(rgb[i], image.Pixels[i]);
    }

    [Fact]
    public void Jpeg_decodes_close_to_the_encoded_pixels()
    {
        // A smooth image: JPEG at quality 100 keeps it within a few levels.
        var rgb = new byte[32 * 24 * 3];
        for (int y = 0; y < 24; y++)
            for (int x = 0; x < 32; x++)
            {
                int i = (y * 32 + x) * 3;
                (rgb[i], rgb[i + 1], rgb[i + 2]) = ((byte)(x * 8), (byte)(y * 10), (byte)128);
            }
        var image = ImageDecoder.Decode(TestImages.Encode(rgb, 32, 24, SKEncodedImageFormat.Jpeg, 100), "smooth.jpg");
        Assert.Equal((32, 24), (image.Width, image.Height));
        double worst = 0;
        for (int i = 0; i < rgb.Length; i++) worst = Math.Max(worst, Math.Abs(rgb[i] - image.Pixels[i]));
        Assert.True(worst <= 8, $"largest JPEG error {worst}");
    }

    [Fact]
    public void Grayscale_png_and_pgm_come_out_as_rgb()
    {
        byte[] gray = TestImages.RandomBytes(W * H, 2);
        byte[] pgmHeader = System.Text.Encoding.ASCII.GetBytes($"P5 {W} {H} 255\n");
        byte[] pgm = [.. pgmHeader, .. gray];
        foreach (var image in new[] { ImageDecoder.Decode(TestImages.EncodeGrayPng(gray, W, H), "gray.png"), ImageDecoder.Decode(pgm, "gray.pgm") })
        {
            Assert.Equal(3, image.Channels);
            for (int i = 0; i < gray.Length; i++)
                for (int c = 0; c < 3; c++) Assert.Equal(gray[i], image.Pixels[i * 3 + c]);
        }
    }

    [Fact]
    public void Cmyk_jpeg_comes_out_as_rgb()
    {
        // ImageMagick converted the same 16x16 RGB image to CMYK before JPEG encoding (quality 95).
        string data = Path.Combine(AppContext.BaseDirectory, "Data");
        var cmyk = ImageDecoder.Decode(Path.Combine(data, "cmyk-16.jpg"));
        var rgb = ImageDecoder.Decode(Path.Combine(data, "rgb-16.ppm"));
        Assert.Equal((16, 16, 3), (cmyk.Width, cmyk.Height, cmyk.Channels));
        double meanError = 0;
        for (int i = 0; i < rgb.Length; i++) meanError += Math.Abs(cmyk.Pixels[i] - rgb.Pixels[i]) / rgb.Length;
        Assert.True(meanError < 6, $"mean |CMYK decode - RGB| = {meanError:0.00} levels");
    }

    [Theory]
    [InlineData("chelsea-224")]
    [InlineData("coffee-224")]
    [InlineData("astronaut-224")]
    public void Shipped_jpeg_photos_are_the_shipped_ppm_photos(string name)
    {
        string root = typeof(DecoderTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;
        var jpeg = ImageDecoder.Decode(Path.Combine(root, "samples", "images", name + ".jpg"));
        var ppm = ImageDecoder.Decode(Path.Combine(root, "samples", "images", name + ".ppm"));
        Assert.Equal((224, 224), (jpeg.Width, jpeg.Height));
        double meanError = 0;
        for (int i = 0; i < ppm.Length; i++) meanError += Math.Abs(jpeg.Pixels[i] - ppm.Pixels[i]) / ppm.Length;
        Assert.True(meanError < 3, $"{name}: mean |JPEG - PPM| = {meanError:0.00} levels");
    }

    [Fact]
    public void Truncated_jpeg_is_an_error_naming_the_file()
    {
        byte[] jpeg = TestImages.Encode(TestImages.RandomBytes(64 * 64 * 3, 3), 64, 64, SKEncodedImageFormat.Jpeg, 90);
        var e = Assert.Throws<InvalidDataException>(() => ImageDecoder.Decode(jpeg.AsSpan(0, jpeg.Length / 2), "photos/cut.jpg"));
        Assert.Contains("photos/cut.jpg", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Truncated_ppm_and_garbage_are_errors_naming_the_file()
    {
        byte[] ppm = TestImages.EncodePpm(TestImages.RandomBytes(W * H * 3, 4), W, H);
        var cut = Assert.Throws<InvalidDataException>(() => ImageDecoder.Decode(ppm.AsSpan(0, ppm.Length - 5), "cut.ppm"));
        Assert.Contains("cut.ppm", cut.Message);
        Assert.Contains("truncated", cut.Message);
        var garbage = Assert.Throws<InvalidDataException>(() => ImageDecoder.Decode(TestImages.RandomBytes(500, 5), "noise.jpg"));
        Assert.Contains("noise.jpg", garbage.Message);
        Assert.Contains("not a readable image", garbage.Message);
        var empty = Assert.Throws<InvalidDataException>(() => ImageDecoder.Decode(ReadOnlySpan<byte>.Empty, "empty.png"));
        Assert.Contains("empty.png", empty.Message);
    }

    [Fact]
    public void Missing_file_names_the_path()
    {
        string path = Path.Combine(Path.GetTempPath(), "cnndsl-no-such-file.jpg");
        var e = Assert.Throws<FileNotFoundException>(() => ImageDecoder.Decode(path));
        Assert.Contains("cnndsl-no-such-file.jpg", e.Message);
    }
}
