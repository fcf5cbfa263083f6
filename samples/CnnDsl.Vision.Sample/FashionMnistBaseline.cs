using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using CnnDsl.Vision;

namespace CnnDsl.Vision.Sample;

/// <summary>
/// Fashion-MNIST through the dataset and evaluation tools. The classifier is the simplest honest one that needs no
/// training loop: each test image goes to the class whose mean training image is nearest (Euclidean).
/// </summary>
internal static class FashionMnistBaseline
{
    public static void Run(string folder, string output)
    {
        var clock = Stopwatch.StartNew();
        var train = IdxDataset.Load(Path.Combine(folder, "train-images-idx3-ubyte.gz"), Path.Combine(folder, "train-labels-idx1-ubyte.gz"), IdxDataset.FashionMnistClasses);
        var test = IdxDataset.Load(Path.Combine(folder, "t10k-images-idx3-ubyte.gz"), Path.Combine(folder, "t10k-labels-idx1-ubyte.gz"), IdxDataset.FashionMnistClasses);
        Console.WriteLine($"Fashion-MNIST: {train.Count:N0} training and {test.Count:N0} test images of {train.SampleShape}, read in {clock.ElapsedMilliseconds} ms");
        var (fit, validation) = DatasetSplit.Split(train, 0.1, seed: 1);

        // Training passes: batches of 64, shuffled, normalized to 0..1; once plain, once augmented (pad-2 random
        // crop, mirror). The class means are the whole "training".
        var augmentation = new AugmentationPipeline(new RandomCrop(28, 28, padding: 2), new HorizontalFlip());
        var plain = ClassMeans(new BatchReader(train, 64, fit, Normalization.ZeroOne), train.ClassNames.Count, out _);
        var augmented = ClassMeans(new BatchReader(train, 64, fit, Normalization.ZeroOne, augmentation), train.ClassNames.Count, out double perImageUs);
        Console.WriteLine($"  an augmented epoch over {fit.Length:N0} images ({validation.Length:N0} split off for validation): {perImageUs:0.0} us per image, class-mean sums included");

        var all = Enumerable.Range(0, test.Count).ToArray();
        foreach (var (name, means) in new[] { ("plain", plain), ("augmented", augmented) })
        {
            var onValidation = Evaluate(means, train, validation);
            var onTest = Evaluate(means, test, all);
            Console.WriteLine($"  nearest class mean ({name} training images): validation top-1 {onValidation.Top1:P1}, top-5 {onValidation.TopK:P1}; test top-1 {onTest.Top1:P1}, top-5 {onTest.TopK:P1}");
            if (name != "plain") continue;
            Console.Write(onTest.Confusion.ToString());
            string png = Path.Combine(output, "fashion-mnist-confusion.png");
            ConfusionMatrixPlot.SavePng(onTest.Confusion, png);
            Console.WriteLine($"  confusion matrix (plain, test set): {png}");
        }
        if (train.Problems.Count + test.Problems.Count > 0) Console.WriteLine($"  problems: {string.Join("; ", train.Problems.Concat(test.Problems))}");
    }

    private static float[][] ClassMeans(BatchReader reader, int classes, out double perImageUs)
    {
        var clock = Stopwatch.StartNew();
        double[][] sums = [.. Enumerable.Range(0, classes).Select(_ => new double[28 * 28])];
        var counts = new int[classes];
        foreach (var batch in reader.Epoch(seed: 1))
        {
            for (int i = 0; i < batch.Count; i++)
            {
                counts[batch.Labels[i]]++;
                var image = batch.Inputs.Slice(i * batch.SampleLength, batch.SampleLength);
                for (int p = 0; p < image.Length; p++) sums[batch.Labels[i]][p] += image[p];
            }
        }
        perImageUs = clock.Elapsed.TotalMilliseconds * 1000 / reader.Count;
        return [.. Enumerable.Range(0, classes).Select(c => sums[c].Select(v => (float)(v / counts[c])).ToArray())];
    }

    private static ClassificationMetrics Evaluate(float[][] means, IImageDataset data, int[] indices)
    {
        var metrics = new ClassificationMetrics(data.ClassNames);
        var scores = new float[means.Length];
        foreach (var batch in new BatchReader(data, 256, indices, Normalization.ZeroOne).Epoch(0, shuffle: false))
        {
            for (int i = 0; i < batch.Count; i++)
            {
                var image = batch.Inputs.Slice(i * batch.SampleLength, batch.SampleLength);
                for (int c = 0; c < means.Length; c++)
                {
                    double distance = 0;
                    for (int p = 0; p < image.Length; p++) distance += (image[p] - means[c][p]) * (image[p] - means[c][p]);
                    scores[c] = (float)-distance;
                }
                metrics.Add(scores, batch.Labels[i]);
            }
        }
        return metrics;
    }
}
