using System;
using System.Linq;

namespace CnnDsl.Vision.Tests;

/// <summary>Each augmentation against its definition, replayed with the same seed; then allocation after warm-up.</summary>
public class AugmentationTests
{
    [Fact]
    public void Flip_mirrors_about_half_of_the_time()
    {
        var flip = new HorizontalFlip();
        var random = new Random(1);
        int flipped = 0;
        for (int n = 0; n < 400; n++)
        {
            var source = TestImages.Random(5, 3, 3, n);
            var image = source.Clone();
            flip.Apply(image, random);
            bool same = image.Pixels.SequenceEqual(source.Pixels);
            if (!same)
            {
                flipped++;
                for (int y = 0; y < 3; y++)
                    for (int x = 0; x < 5; x++)
                        for (int c = 0; c < 3; c++) Assert.Equal(source[y, 4 - x, c], image[y, x, c]);
            }
        }
        Assert.InRange(flipped, 160, 240);
    }

    [Fact]
    public void Random_crop_is_a_window_of_the_zero_padded_image_at_every_offset()
    {
        var crop = new RandomCrop(6, 5, padding: 2);
        var source = TestImages.Random(8, 7, 3, 2);
        var offsets = new System.Collections.Generic.HashSet<(int, int)>();
        for (int seed = 0; seed < 300; seed++)
        {
            var image = source.Clone();
            crop.Apply(image, new Random(seed));
            var replay = new Random(seed);
            int left = replay.Next(8 + 4 - 6 + 1) - 2, top = replay.Next(7 + 4 - 5 + 1) - 2;
            offsets.Add((left, top));
            Assert.Equal((6, 5), (image.Width, image.Height));
            for (int y = 0; y < 5; y++)
                for (int x = 0; x < 6; x++)
                    for (int c = 0; c < 3; c++)
                    {
                        int sy = top + y, sx = left + x;
                        float expected = sy < 0 || sy >= 7 || sx < 0 || sx >= 8 ? 0 : source[sy, sx, c];
                        Assert.Equal(expected, image[y, x, c]);
                    }
        }
        Assert.Equal(7 * 7, offsets.Count);
    }

    [Fact]
    public void Random_resized_crop_boxes_follow_the_area_and_ratio_ranges_and_the_output_is_their_resize()
    {
        var transform = new RandomResizedCrop(16, 16);
        var random = new Random(3);
        double smallest = 1, largest = 0;
        for (int n = 0; n < 2000; n++)
        {
            var (left, top, w, h) = transform.SampleBox(200, 150, random);
            Assert.True(left >= 0 && top >= 0 && left + w <= 200 && top + h <= 150);
            double share = w * h / (200.0 * 150);
            double ratio = (double)w / h;
            // rounding w and h to whole pixels moves share and ratio slightly outside the exact ranges
            Assert.InRange(share, 0.08 * 0.95, 1.0);
            Assert.InRange(ratio, 0.75 * 0.97, 4.0 / 3 * 1.03);
            smallest = Math.Min(smallest, share);
            largest = Math.Max(largest, share);
        }
        Assert.True(smallest < 0.1 && largest > 0.9, $"areas {smallest}..{largest}");

        var source = TestImages.Random(40, 30, 3, 4);
        var image = source.Clone();
        transform.Apply(image, new Random(5));
        var box = transform.SampleBox(40, 30, new Random(5));
        var cropped = new ImageData(1, 1, 1);
        Crop.Copy(source, box.Left, box.Top, box.Width, box.Height, cropped);
        var expected = new ImageData(1, 1, 1);
        Resize.Bilinear(cropped, expected, 16, 16);
        Assert.Equal(expected.Pixels.ToArray(), image.Pixels.ToArray());
    }

    [Fact]
    public void Color_jitter_follows_the_brightness_contrast_saturation_and_offset_formulas()
    {
        var jitter = new ColorJitter(brightness: 0.4, contrast: 0.4, saturation: 0.4, channelShift: 20);
        var source = TestImages.Random(6, 4, 3, 6);
        var image = source.Clone();
        jitter.Apply(image, new Random(7));
        var f = jitter.Draw(new Random(7));
        Assert.InRange(f.Brightness, 0.6f, 1.4f);
        Assert.InRange(f.OffsetG, -20f, 20f);
        static double Clamp(double v) => Math.Clamp(v, 0, 255);
        static double Gray(double[] p) => 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];
        int n = 6 * 4;
        var pixels = new double[n][];
        for (int i = 0; i < n; i++) pixels[i] = [.. Enumerable.Range(0, 3).Select(c => Clamp(source.Pixels[i * 3 + c] * (double)f.Brightness))];
        double mean = pixels.Average(Gray);
        double[] offsets = [f.OffsetR, f.OffsetG, f.OffsetB];
        for (int i = 0; i < n; i++)
        {
            double[] p = [.. pixels[i].Select(v => Clamp(mean + f.Contrast * (v - mean)))];
            double g = Gray(p);
            for (int c = 0; c < 3; c++)
            {
                double expected = Clamp(Clamp(g + f.Saturation * (p[c] - g)) + offsets[c]);
                Assert.Equal(expected, image.Pixels[i * 3 + c], 0.01);
            }
        }
    }

    [Fact]
    public void Pca_colour_lies_in_the_eigenvector_span_with_variance_sigma_lambda_squared()
    {
        // Training pixels that vary only in a plane of RGB space: (1, 1, 1) and (1, -1, 0) directions around grey.
        // The covariance then has rank 2, so the third eigenvector is the plane's normal and must get nothing.
        var random = new Random(8);
        var images = Enumerable.Range(0, 20).Select(_ =>
        {
            var image = new ImageData(8, 8, 3);
            for (int i = 0; i < 64; i++)
            {
                double s = 40 * Gaussian(random), t = 15 * Gaussian(random);
                image.Pixels[i * 3] = (float)(128 + s + t);
                image.Pixels[i * 3 + 1] = (float)(128 + s - t);
                image.Pixels[i * 3 + 2] = (float)(128 + s);
            }
            return image;
        }).ToArray();
        var pca = PcaColorAugmentation.Fit(images);

        // Eigen-decomposition checked against the covariance computed here: C p = l p, unit p.
        var cov = new double[3, 3];
        int count = images.Length * 64;
        var mean = new double[3];
        foreach (var im in images) for (int i = 0; i < 64; i++) for (int c = 0; c < 3; c++) mean[c] += im.Pixels[i * 3 + c] / (double)count;
        foreach (var im in images)
            for (int i = 0; i < 64; i++)
                for (int a = 0; a < 3; a++)
                    for (int b = 0; b < 3; b++) cov[a, b] += (im.Pixels[i * 3 + a] - mean[a]) * (im.Pixels[i * 3 + b] - mean[b]) / (count - 1);
        for (int k = 0; k < 3; k++)
        {
            double norm = 0;
            for (int r = 0; r < 3; r++)
            {
                double cp = 0;
                for (int c = 0; c < 3; c++) cp += cov[r, c] * pca.Eigenvector(k, c);
                Assert.Equal(pca.Eigenvalues[k] * pca.Eigenvector(k, r), cp, 1e-6 * pca.Eigenvalues[0]);
                norm += pca.Eigenvector(k, r) * pca.Eigenvector(k, r);
            }
            Assert.Equal(1, norm, 1e-9);
        }
        Assert.True(pca.Eigenvalues[0] >= pca.Eigenvalues[1] && pca.Eigenvalues[1] >= pca.Eigenvalues[2]);
        Assert.True(pca.Eigenvalues[2] < 1e-6 * pca.Eigenvalues[0], $"third eigenvalue {pca.Eigenvalues[2]}");
        // The normal of the plane spanned by (1,1,1) and (1,-1,0) is (1,1,-2)/sqrt(6).
        double[] normal = [1 / Math.Sqrt(6), 1 / Math.Sqrt(6), -2 / Math.Sqrt(6)];

        int draws = 20000;
        var projections = new double[3][];
        for (int k = 0; k < 3; k++) projections[k] = new double[draws];
        var draw = new Random(9);
        var source = TestImages.Random(4, 3, 3, 10);
        var image = new ImageData(1, 1, 1);
        for (int n = 0; n < draws; n++)
        {
            image.CopyFrom(source);
            pca.Apply(image, draw);
            var added = new double[3];
            for (int c = 0; c < 3; c++) added[c] = image.Pixels[c] - source.Pixels[c];
            for (int p = 1; p < 12; p++)
                for (int c = 0; c < 3; c++) Assert.Equal(added[c], image.Pixels[p * 3 + c] - source.Pixels[p * 3 + c], 1e-3);
            Assert.Equal(0, added.Select((v, c) => v * normal[c]).Sum(), 1e-3);
            for (int k = 0; k < 3; k++) projections[k][n] = Enumerable.Range(0, 3).Sum(c => added[c] * pca.Eigenvector(k, c));
        }
        for (int k = 0; k < 2; k++)
        {
            double expectedSd = 0.1 * pca.Eigenvalues[k];
            double sd = Math.Sqrt(projections[k].Select(v => v * v).Average());
            Assert.InRange(projections[k].Average(), -0.05 * expectedSd, 0.05 * expectedSd);
            Assert.InRange(sd / expectedSd, 0.97, 1.03); // 20,000 draws: the sd estimate's own sd is 0.5%
        }
    }

    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [Fact]
    public void Pipeline_is_seeded_and_allocation_free_after_warm_up()
    {
        var pca = new PcaColorAugmentation([100, 10, 1], new double[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } });
        var pipeline = new AugmentationPipeline(new RandomResizedCrop(24, 24), new HorizontalFlip(), new RandomCrop(20, 20, 2),
            new ColorJitter(0.3, 0.3, 0.3, 10), pca);
        var source = TestImages.Random(40, 32, 3, 11);
        var a = new ImageData(1, 1, 1);
        var b = new ImageData(1, 1, 1);
        var randomA = new Random(12);
        var randomB = new Random(12);
        for (int n = 0; n < 5; n++)
        {
            a.CopyFrom(source);
            b.CopyFrom(source);
            pipeline.Apply(a, randomA);
            pipeline.Apply(b, randomB);
            Assert.Equal(a.Pixels.ToArray(), b.Pixels.ToArray());
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int n = 0; n < 50; n++)
        {
            a.CopyFrom(source);
            pipeline.Apply(a, randomA);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal((20, 20, 3), (a.Width, a.Height, a.Channels));
    }
}
