using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Numerics.Tensors;
using CnnDsl.Onnx;
using CnnDsl.Vision;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace CnnDsl.Transfer.Sample;

/// <summary>
/// The trained networks on Fashion-MNIST's 10,000 test images, which no run has seen: top-1 and top-5 of each, the
/// ensemble of the three, then single crop against 10-crop, and the fine-tuned network saved, loaded back and
/// exported to ONNX Runtime.
/// </summary>
internal static class HeldOutComparison
{
    public static void Run(TransferSettings settings, TrainedRun[] runs)
    {
        var test = IdxDataset.Load(Path.Combine(settings.DataFolder, "t10k-images-idx3-ubyte.gz"), Path.Combine(settings.DataFolder, "t10k-labels-idx1-ubyte.gz"), IdxDataset.FashionMnistClasses);
        var reader = new BatchReader(new ResizedDataset(test, TransferSettings.Size), 50, normalization: Normalization.CaffeBgr);
        Console.WriteLine();
        Console.WriteLine($"Held-out test set: {test.Count:N0} Fashion-MNIST test images (generated inference code, one thread)");
        Console.WriteLine("| network | training | total time | training images/s | test top-1 | test top-5 | ms per test image |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        ClassificationMetrics? fineTuned = null;
        foreach (var run in runs)
        {
            var (metrics, ms) = Evaluate(reader, test, run.Network.OutputLength, run.Network.Forward);
            fineTuned ??= run.Name.StartsWith("fine", StringComparison.Ordinal) ? metrics : null;
            Console.WriteLine(FormattableString.Invariant($"| {run.Name} | {run.Training} | {run.Time.TotalSeconds:0} s | {run.ImagesPerSecond:N0} | {metrics.Top1:P1} | {metrics.TopK:P1} | {ms:0.00} |"));
        }
        var ensemble = new Ensemble([.. runs.Select(r => r.Network)]);
        var (ensembleMetrics, ensembleMs) = Evaluate(reader, test, ensemble.OutputLength, ensemble.Predict);
        Console.WriteLine(FormattableString.Invariant($"| ensemble of the 3 (mean softmax) | | | | {ensembleMetrics.Top1:P1} | {ensembleMetrics.TopK:P1} | {ensembleMs:0.00} |"));

        Console.WriteLine();
        Console.WriteLine("Fine-tuned network, per class on the test set:");
        Console.Write(fineTuned!.Confusion.ToString());
        string confusion = Path.Combine(settings.Output, "fashion-transfer-confusion.png");
        ConfusionMatrixPlot.SavePng(fineTuned.Confusion, confusion);
        Console.WriteLine($"Confusion matrix: {confusion}");

        MultiCrop(test, runs, settings.MultiCropImages);
        SavedAndUsed(settings, runs.Single(r => r.Weights is FashionFineTuned.Weights), reader);
    }

    private static (ClassificationMetrics Metrics, double MsPerImage) Evaluate(BatchReader reader, IImageDataset test, int outputs, ForwardAction forward)
    {
        var metrics = new ClassificationMetrics(test.ClassNames);
        var probabilities = new float[50 * outputs];
        var clock = new Stopwatch();
        foreach (var batch in reader.Epoch(TransferSettings.Seed, shuffle: false))
        {
            var scores = probabilities.AsSpan(0, batch.Count * outputs);
            clock.Start();
            forward(batch.Inputs, scores);
            clock.Stop();
            metrics.AddBatch(scores, batch.Labels);
        }
        return (metrics, clock.Elapsed.TotalMilliseconds / metrics.Total);
    }

    private delegate void ForwardAction(ReadOnlySpan<float> inputs, Span<float> outputs);

    /// <summary>Single crop against AlexNet's 10-crop, on the first test images of each class.</summary>
    private static void MultiCrop(IImageDataset test, TrainedRun[] runs, int count)
    {
        int[] subset = [.. Enumerable.Range(0, test.Count).GroupBy(test.LabelOf).SelectMany(g => g.Take(count / test.ClassNames.Count)).Order()];
        var rgb = new ResizedDataset(test, test.SampleShape.Width); // the same size: only grey repeated into RGB
        var image = new ImageData(test.SampleShape.Width, test.SampleShape.Height, 3);
        const int size = TransferSettings.Size, larger = TransferSettings.Size * 9 / 8;
        var plans = new[] { CropPlan.Center(size, resizeTo: size), CropPlan.Center(size, resizeTo: larger), CropPlan.TenCrop(size, resizeTo: larger) };
        Console.WriteLine();
        Console.WriteLine($"Multi-crop on {subset.Length:N0} test images ({subset.Length / test.ClassNames.Count} per class); crops of {size}x{size} from the image enlarged to {size} or {larger} pixels:");
        Console.WriteLine("| network | evaluation | crops | test top-1 | ms per image | cost |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var run in runs.Where(r => r.Weights is not FashionFrozen.Weights))
        {
            double baseline = 0;
            foreach (var plan in plans)
            {
                var evaluator = new MultiCropEvaluator(run.Network, plan, Normalization.CaffeBgr);
                var metrics = new ClassificationMetrics(test.ClassNames);
                var probabilities = new float[run.Network.OutputLength];
                var clock = new Stopwatch();
                foreach (int index in subset)
                {
                    rgb.Load(index, image.Pixels);
                    clock.Start();
                    evaluator.Evaluate(image, probabilities);
                    clock.Stop();
                    metrics.Add(probabilities, test.LabelOf(index));
                }
                double ms = clock.Elapsed.TotalMilliseconds / subset.Length;
                if (baseline == 0) baseline = ms;
                string name = plan.Name + (plan.Scales[0] == size ? $" (whole image at {size})" : $" (from {larger})");
                Console.WriteLine(FormattableString.Invariant($"| {run.Name} | {name} | {plan.Count} | {metrics.Top1:P1} | {ms:0.00} | {ms / baseline:0.0}x |"));
            }
        }
    }

    /// <summary>The fine-tuned weights saved as safetensors, loaded into a new inference instance, and exported to ONNX Runtime.</summary>
    private static void SavedAndUsed(TransferSettings settings, TrainedRun run, BatchReader reader)
    {
        string path = Path.Combine(settings.Output, "fashion-fine-tuned.safetensors");
        SafeTensors.Save(run.Weights, path);
        var loaded = new FashionFineTuned.Weights();
        SafeTensors.Load(loaded, path);
        var network = new FashionFineTuned(loaded);
        string onnx = Path.Combine(settings.Output, "fashion-fine-tuned.onnx");
        File.WriteAllBytes(onnx, OnnxExporter.Export(loaded, "fashion_fine_tuned"));
        using var session = new InferenceSession(onnx);

        int images = 0, sameAsTrained = 0, sameInOnnx = 0;
        double largest = 0;
        var ours = new float[50 * 10];
        var trained = new float[50 * 10];
        foreach (var batch in reader.Epoch(TransferSettings.Seed, shuffle: false).Take(10))
        {
            var span = ours.AsSpan(0, batch.Count * 10);
            network.Forward(batch.Inputs, span);
            run.Network.Forward(batch.Inputs, trained.AsSpan(0, span.Length));
            var input = new DenseTensor<float>(batch.Inputs.ToArray(), [batch.Count, TransferSettings.Size, TransferSettings.Size, 3]);
            using var results = session.Run([NamedOnnxValue.CreateFromTensor(OnnxExporter.InputName, input)]);
            float[] theirs = [.. results.First().AsEnumerable<float>()];
            for (int n = 0; n < batch.Count; n++)
            {
                var mine = span.Slice(n * 10, 10);
                sameAsTrained += TensorPrimitives.IndexOfMax<float>(mine) == TensorPrimitives.IndexOfMax<float>(trained.AsSpan(n * 10, 10)) ? 1 : 0;
                sameInOnnx += TensorPrimitives.IndexOfMax<float>(mine) == TensorPrimitives.IndexOfMax<float>(theirs.AsSpan(n * 10, 10)) ? 1 : 0;
                for (int k = 0; k < 10; k++) largest = Math.Max(largest, Math.Abs(mine[k] - theirs[n * 10 + k]));
            }
            images += batch.Count;
        }
        Console.WriteLine();
        Console.WriteLine(FormattableString.Invariant($"Saved {path} ({new FileInfo(path).Length / 1e6:0.0} MB), loaded into a new FashionFineTuned, exported to {Path.GetFileName(onnx)}:"));
        Console.WriteLine(FormattableString.Invariant($"  on {images} test images the reloaded network predicts as the trained one on {sameAsTrained}, and ONNX Runtime as CnnDsl on {sameInOnnx} (largest probability difference {largest:0.0e0})"));
    }
}
