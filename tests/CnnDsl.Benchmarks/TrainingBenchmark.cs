using System;
using System.Diagnostics;
using CnnDsl.Training;
using CnnDsl.Zoo;
using static System.FormattableString;

namespace CnnDsl.Benchmarks;

/// <summary>
/// Training rows: one step (forward in training mode, backward, SGD-with-momentum update) at batch 32 for MobileNet V2
/// and ResNet-18 at 224x224, with 1 and 2 threads, as images per second and as the ratio to the same network's batch-32
/// generated inference (single-threaded, one instance) in the same run. Cross-entropy on the network's output.
/// Usage: dotnet run -c Release --project tests/CnnDsl.Benchmarks -- --training [--quick]
/// </summary>
internal static class TrainingBenchmark
{
    private const int Batch = 32;

    public static int Run(bool quick)
    {
        Console.WriteLine(Invariant($"Training steps at batch {Batch} ({(quick ? "quick" : "full")} pass), {Environment.ProcessorCount} logical cores. Times are medians of whole steps after one warm-up step."));
        Console.WriteLine(Invariant($"{"network",-14} {"threads",7} | {"step s",8} {"img/s",7} | {"infer s",8} {"step/infer",10} | {"bytes/img",10}"));
        Row("MobileNetV2", new MobileNetV2.Weights(), w => new MobileNetV2((MobileNetV2.Weights)w).Forward, quick);
        Row("ResNet-18", new ResNet18.Weights(), w => new ResNet18((ResNet18.Weights)w).Forward, quick);
        return 0;
    }

    private static void Row(string name, NetworkWeights weights, Func<NetworkWeights, Forward> inference, bool quick)
    {
        weights.InitializeRandom(seed: 1);
        var graph = weights.Graph;
        var random = new Random(2);
        var images = new float[Batch * graph[0].Output.Length];
        for (int i = 0; i < images.Length; i++) images[i] = (float)(random.NextDouble() * 2 - 1);
        var labels = new int[Batch];
        for (int n = 0; n < Batch; n++) labels[n] = n % graph[^1].Output.Length;
        int runs = quick ? 1 : 3;

        var forward = inference(weights);
        var output = new float[Batch * graph[^1].Output.Length];
        double infer = Median(runs, () => forward(images, output));

        foreach (int threads in new[] { 1, 2 })
        {
            // A tiny learning rate: the weights barely move, so every timed step does the same work.
            using var trainer = new Trainer(weights, new TrainingOptions { Optimizer = new SgdOptimizer { LearningRate = 1e-6f, Momentum = 0.9f }, Threads = threads });
            double step = Median(runs, () => trainer.Step(images, labels));
            Console.WriteLine(Invariant($"{name,-14} {threads,7} | {step,8:F2} {Batch / step,7:F1} | {infer,8:F3} {step / infer,10:F2} | {trainer.BytesPerImage,10}"));
        }
    }

    /// <summary>One untimed warm-up call, then the median of <paramref name="runs"/> timed calls, in seconds.</summary>
    private static double Median(int runs, Action action)
    {
        action();
        var times = new double[runs];
        for (int r = 0; r < runs; r++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            times[r] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        Array.Sort(times);
        return times[runs / 2];
    }
}
