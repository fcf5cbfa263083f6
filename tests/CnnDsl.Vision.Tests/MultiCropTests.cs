using System;
using System.Collections.Generic;
using System.Linq;

namespace CnnDsl.Vision.Tests;

/// <summary>
/// Multi-crop evaluation and ensembles against a reference written here: the crops enumerated from the papers'
/// descriptions, each run through the network alone, softmax in double precision, averaged.
/// </summary>
public class MultiCropTests
{
    private static TinyLogits Logits(int seed)
    {
        var weights = new TinyLogits.Weights();
        weights.InitializeRandom(seed);
        return new TinyLogits(weights);
    }

    private static TinySoftmax Softmax(int seed)
    {
        var weights = new TinySoftmax.Weights();
        weights.InitializeRandom(seed);
        return new TinySoftmax(weights);
    }

    /// <summary>The crops by definition: (scaled image, left, top, mirror) or a whole square resized.</summary>
    private static List<float[]> ReferenceCrops(ImageData image, int crop, int[] scales, bool threeSquares, bool wholeSquare)
    {
        var crops = new List<float[]>();
        foreach (int s in scales)
        {
            var scaled = new ImageData(1, 1, 1);
            Preprocess.ScaleShorterSide(image, s, scaled);
            int side = Math.Min(scaled.Width, scaled.Height), longer = Math.Max(scaled.Width, scaled.Height);
            int[] offsets = threeSquares ? [0, (longer - side) / 2, longer - side] : [(longer - side) / 2];
            foreach (int offset in offsets)
            {
                int sx = scaled.Width >= scaled.Height ? offset : 0, sy = scaled.Width >= scaled.Height ? 0 : offset;
                var windows = new List<(ImageData Source, int X, int Y)>
                {
                    (scaled, sx, sy), (scaled, sx + side - crop, sy), (scaled, sx, sy + side - crop),
                    (scaled, sx + side - crop, sy + side - crop), (scaled, sx + (side - crop) / 2, sy + (side - crop) / 2),
                };
                if (wholeSquare)
                {
                    var square = new ImageData(side, side, 3);
                    for (int y = 0; y < side; y++) for (int x = 0; x < side; x++) for (int c = 0; c < 3; c++) square[y, x, c] = scaled[sy + y, sx + x, c];
                    var resized = new ImageData(1, 1, 1);
                    Resize.Area(square, resized, crop, crop);
                    windows.Add((resized, 0, 0));
                }
                foreach (var (source, x0, y0) in windows)
                    foreach (bool mirror in new[] { false, true })
                    {
                        var values = new float[crop * crop * 3];
                        for (int y = 0; y < crop; y++)
                            for (int x = 0; x < crop; x++)
                                for (int c = 0; c < 3; c++)
                                    values[(y * crop + x) * 3 + c] = source[y0 + y, x0 + (mirror ? crop - 1 - x : x), c] / 255f;
                        crops.Add(values);
                    }
            }
        }
        return crops;
    }

    private static double[] SoftmaxDouble(float[] logits)
    {
        double max = logits.Max();
        double[] e = [.. logits.Select(v => Math.Exp(v - max))];
        double sum = e.Sum();
        return [.. e.Select(v => v / sum)];
    }

    private static double[] ReferenceAverage(INetwork network, List<float[]> crops, bool softmax)
    {
        var average = new double[network.OutputLength];
        var output = new float[network.OutputLength];
        foreach (var crop in crops)
        {
            network.Forward(crop, output);
            double[] p = softmax ? SoftmaxDouble(output) : [.. output.Select(v => (double)v)];
            for (int k = 0; k < p.Length; k++) average[k] += p[k] / crops.Count;
        }
        return average;
    }

    private static void AssertBatchHoldsCrops(ReadOnlySpan<float> batch, List<float[]> expected)
    {
        int length = expected[0].Length;
        Assert.Equal(expected.Count * length, batch.Length);
        var remaining = Enumerable.Range(0, expected.Count).ToList();
        for (int i = 0; i < expected.Count; i++)
        {
            var actual = batch.Slice(i * length, length).ToArray();
            int match = remaining.FindIndex(r => expected[r].Zip(actual, (a, b) => Math.Abs(a - b)).Max() < 1e-4);
            Assert.True(match >= 0, $"batch crop {i} is none of the expected crops");
            remaining.RemoveAt(match);
        }
    }

    [Theory]
    [InlineData(20, 14)]
    [InlineData(11, 17)]
    public void Ten_crop_takes_corners_centre_and_mirrors_and_averages_the_softmax(int width, int height)
    {
        var network = Logits(1);
        var image = TestImages.Random(width, height, 3, 2);
        var evaluator = new MultiCropEvaluator(network, CropPlan.TenCrop(8), Normalization.ZeroOne);
        Assert.Equal(10, evaluator.Plan.Count);
        var probabilities = new float[5];
        evaluator.Evaluate(image, probabilities);
        var crops = ReferenceCrops(image, 8, [9], threeSquares: false, wholeSquare: false);
        AssertBatchHoldsCrops(evaluator.LastBatch, crops);
        var expected = ReferenceAverage(network, crops, softmax: true);
        for (int k = 0; k < 5; k++) Assert.Equal(expected[k], probabilities[k], 1e-5);
        Assert.Equal(1, probabilities.Sum(), 1e-5);
    }

    [Fact]
    public void GoogLeNet_144_crop_takes_4_scales_3_squares_6_crops_2_mirrors()
    {
        var network = Softmax(3);
        var image = TestImages.Random(23, 16, 3, 4);
        var plan = CropPlan.GoogLeNet144(8);
        Assert.Equal(144, plan.Count);
        Assert.Equal([9, 10, 11, 13], plan.Scales);
        var evaluator = new MultiCropEvaluator(network, plan, Normalization.ZeroOne);
        var probabilities = new float[5];
        evaluator.Evaluate(image, probabilities);
        var crops = ReferenceCrops(image, 8, [9, 10, 11, 13], threeSquares: true, wholeSquare: true);
        Assert.Equal(144, crops.Count);
        AssertBatchHoldsCrops(evaluator.LastBatch, crops);
        var expected = ReferenceAverage(network, crops, softmax: false); // the network ends in softmax already
        for (int k = 0; k < 5; k++) Assert.Equal(expected[k], probabilities[k], 1e-5);
    }

    [Fact]
    public void Evaluating_image_after_image_allocates_nothing()
    {
        var evaluator = new MultiCropEvaluator(Logits(5), CropPlan.GoogLeNet144(8), Normalization.ImageNet);
        var images = Enumerable.Range(0, 3).Select(i => TestImages.Random(30, 20, 3, 10 + i)).ToArray();
        var probabilities = new float[5];
        evaluator.Evaluate(images[0], probabilities);
        long before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var image in images) evaluator.Evaluate(image, probabilities);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Ensemble_is_the_weighted_mean_of_the_members_softmax()
    {
        INetwork[] members = [Logits(6), Softmax(7), Logits(8)];
        double[] weights = [1, 2, 3];
        var ensemble = new Ensemble(members, weights);
        int images = 3;
        var inputs = new float[images * 8 * 8 * 3];
        var random = new Random(9);
        for (int i = 0; i < inputs.Length; i++) inputs[i] = (float)random.NextDouble();
        var probabilities = new float[images * 5];
        ensemble.Predict(inputs, probabilities);
        for (int n = 0; n < images; n++)
        {
            var expected = new double[5];
            for (int m = 0; m < 3; m++)
            {
                var output = new float[5];
                members[m].Forward(inputs.AsSpan(n * 192, 192), output);
                double[] p = m == 1 ? [.. output.Select(v => (double)v)] : SoftmaxDouble(output);
                for (int k = 0; k < 5; k++) expected[k] += weights[m] / 6 * p[k];
            }
            for (int k = 0; k < 5; k++) Assert.Equal(expected[k], probabilities[n * 5 + k], 1e-5);
        }
        Assert.Throws<ArgumentException>(() => new Ensemble(members, [1, 2]));
        Assert.Throws<ArgumentException>(() => ensemble.Predict(new float[100], new float[5]));
    }
}
