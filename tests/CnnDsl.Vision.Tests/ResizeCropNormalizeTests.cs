using System;

namespace CnnDsl.Vision.Tests;

/// <summary>Resizing, cropping and normalization against the textbook formulas, written here in doubles.</summary>
public class ResizeCropNormalizeTests
{
    [Theory]
    [InlineData(17, 11, 3, 9, 5)]
    [InlineData(8, 8, 3, 20, 13)]
    [InlineData(5, 9, 1, 5, 9)]
    public void Bilinear_matches_the_half_pixel_formula(int inW, int inH, int channels, int outW, int outH)
    {
        var source = TestImages.Random(inW, inH, channels, 7);
        var target = new ImageData(1, 1, 1);
        Resize.Bilinear(source, target, outW, outH);
        Assert.Equal((outW, outH, channels), (target.Width, target.Height, target.Channels));
        for (int y = 0; y < outH; y++)
            for (int x = 0; x < outW; x++)
            {
                double sy = Math.Clamp((y + 0.5) * inH / outH - 0.5, 0, inH - 1), sx = Math.Clamp((x + 0.5) * inW / outW - 0.5, 0, inW - 1);
                int y0 = (int)Math.Floor(sy), x0 = (int)Math.Floor(sx);
                int y1 = Math.Min(y0 + 1, inH - 1), x1 = Math.Min(x0 + 1, inW - 1);
                double fy = sy - y0, fx = sx - x0;
                for (int c = 0; c < channels; c++)
                {
                    double expected = (1 - fy) * ((1 - fx) * source[y0, x0, c] + fx * source[y0, x1, c])
                        + fy * ((1 - fx) * source[y1, x0, c] + fx * source[y1, x1, c]);
                    Assert.True(Math.Abs(expected - target[y, x, c]) < 1e-3, $"({y},{x},{c}): {target[y, x, c]} vs {expected}");
                }
            }
    }

    [Theory]
    [InlineData(17, 11, 3, 9, 5)]
    [InlineData(12, 12, 3, 4, 4)]
    [InlineData(451, 300, 3, 224, 149)]
    public void Area_is_the_mean_over_the_covered_rectangle(int inW, int inH, int channels, int outW, int outH)
    {
        var source = TestImages.Random(inW, inH, channels, 8);
        var target = new ImageData(1, 1, 1);
        Resize.Area(source, target, outW, outH);
        // Reference: integrate over a fine grid of sub-samples, exact here because the rectangle edges fall on
        // multiples of 1/out of a source pixel, and out*in sub-samples per pixel resolve them.
        for (int y = 0; y < outH; y += Math.Max(1, outH / 7))
            for (int x = 0; x < outW; x += Math.Max(1, outW / 7))
                for (int c = 0; c < channels; c++)
                {
                    double sum = 0;
                    int count = 0;
                    for (int sy = y * inH / outH; sy < Math.Min(inH, (y + 1) * inH / outH + 1); sy++)
                        for (int sx = x * inW / outW; sx < Math.Min(inW, (x + 1) * inW / outW + 1); sx++)
                        {
                            // the unit square of source pixel (sx, sy) split into outW x outH cells; each cell's
                            // centre maps to one output pixel.
                            for (int ky = 0; ky < outH; ky++)
                            {
                                double py = sy + (ky + 0.5) / outH;
                                if ((int)(py * outH / inH) != y) continue;
                                for (int kx = 0; kx < outW; kx++)
                                {
                                    double px = sx + (kx + 0.5) / outW;
                                    if ((int)(px * outW / inW) != x) continue;
                                    sum += source[sy, sx, c];
                                    count++;
                                }
                            }
                        }
                    double expected = sum / count;
                    Assert.True(Math.Abs(expected - target[y, x, c]) < 1e-2, $"({y},{x},{c}): {target[y, x, c]} vs {expected}");
                }
    }

    [Fact]
    public void Crop_and_mirror_copy_the_right_pixels()
    {
        var source = TestImages.Random(10, 8, 3, 9);
        var target = new ImageData(1, 1, 1);
        foreach (bool mirror in new[] { false, true })
        {
            Crop.Copy(source, 3, 2, 5, 4, target, mirror);
            for (int y = 0; y < 4; y++)
                for (int x = 0; x < 5; x++)
                    for (int c = 0; c < 3; c++)
                        Assert.Equal(source[2 + y, 3 + (mirror ? 4 - x : x), c], target[y, x, c]);
        }
        Crop.Center(source, 4, 4, target);
        Assert.Equal(source[2, 3, 1], target[0, 0, 1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => Crop.Copy(source, 7, 0, 5, 4, target));
    }

    [Fact]
    public void Presets_follow_their_definitions()
    {
        float[] rgb = [10, 128, 250, 0, 255, 77];
        var output = new float[6];
        Normalization.ImageNet.Apply(rgb, output, 3);
        double[] mean = [0.485, 0.456, 0.406], std = [0.229, 0.224, 0.225];
        for (int i = 0; i < 6; i++) Assert.Equal((rgb[i] / 255.0 - mean[i % 3]) / std[i % 3], output[i], 5);
        Normalization.ZeroOne.Apply(rgb, output, 3);
        for (int i = 0; i < 6; i++) Assert.Equal(rgb[i] / 255.0, output[i], 6);
        Normalization.MinusOneToOne.Apply(rgb, output, 3);
        for (int i = 0; i < 6; i++) Assert.Equal(rgb[i] / 127.5 - 1, output[i], 5);
        Normalization.CaffeBgr.Apply(rgb, output, 3);
        double[] bgrMean = [103.939, 116.779, 123.68];
        for (int p = 0; p < 2; p++)
            for (int c = 0; c < 3; c++) Assert.Equal(rgb[p * 3 + 2 - c] - bgrMean[c], output[p * 3 + c], 4);
        Assert.Throws<ArgumentException>(() => Normalization.ImageNet.Apply(new float[4], new float[4], 1));
    }

    [Fact]
    public void Resize_and_center_crop_of_a_landscape_photo()
    {
        var source = TestImages.Random(451, 300, 3, 10);
        var scratch = new ImageData(1, 1, 1);
        var target = new ImageData(1, 1, 1);
        Preprocess.ResizeAndCenterCrop(source, 256, 224, scratch, target);
        Assert.Equal((256 * 451 / 300 + 1, 256), (scratch.Width, scratch.Height)); // 384.85 rounds to 385
        Assert.Equal((224, 224), (target.Width, target.Height));
        Assert.Equal(scratch[16, (385 - 224) / 2, 2], target[0, 0, 2]);
    }
}
