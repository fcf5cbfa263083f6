using System;
using System.Diagnostics;
using CnnDsl.Training;
using CnnDsl.Zoo;
using static System.FormattableString;

namespace CnnDsl.Benchmarks;

/// <summary>
/// Training rows: one step (forward in training mode, backward, SGD-with-momentum update) at batch 32 for MobileNet V2
/// and ResNet-18 at 224x224, and ResNet-18 at 64x64 with a 10-class head (fine-tuning on small images), with 1 and 2
/// threads, as images per second and as the ratio to the same network's batch-32 generated inference (single-threaded,
/// one instance) in the same run. Cross-entropy on the network's output. Wall-clock and CPU time both: on a shared
/// machine the CPU time (the process's, for a step; the thread's, for inference) leaves out time spent descheduled.
/// With --breakdown, each network's one-thread row is followed by where its step goes (<see cref="TrainingBreakdown"/>).
/// Usage: dotnet run -c Release --project tests/CnnDsl.Benchmarks -- --training [--quick] [--breakdown] [MobileNetV2 ResNet-18 ResNet-18-64px: only those rows]
/// </summary>
internal static class TrainingBenchmark
{
    private const int Batch = 32;

    public static int Run(bool quick, bool breakdown, string[] only)
    {
        Console.WriteLine(Invariant($"Training steps at batch {Batch} ({(quick ? "quick" : "full")} pass), {Environment.ProcessorCount} logical cores. Times are medians of whole steps after one warm-up step."));
        Console.WriteLine(Invariant($"{"network",-14} {"threads",7} | {"step s",8} {"cpu s",8} {"img/s",7} | {"infer s",8} {"cpu s",8} | {"step/infer",10} {"cpu/cpu",8} | {"bytes/img",10}"));
        if (Wanted("MobileNetV2")) Row("MobileNetV2", new MobileNetV2.Weights(), w => new MobileNetV2((MobileNetV2.Weights)w).Forward, quick, breakdown);
        if (Wanted("ResNet-18")) Row("ResNet-18", new ResNet18.Weights(), w => new ResNet18((ResNet18.Weights)w).Forward, quick, breakdown);
        if (Wanted("ResNet-18-64px")) Row("ResNet-18 64px", new ResNet18At64.Weights(), w => new ResNet18At64((ResNet18At64.Weights)w).Forward, quick, breakdown);
        return 0;

        bool Wanted(string name) => only.Length == 0 || Array.IndexOf(only, name) >= 0;
    }

    private static void Row(string name, NetworkWeights weights, Func<NetworkWeights, Forward> inference, bool quick, bool breakdown)
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
        var (infer, inferCpu) = Median(runs, () => forward(images, output), ThreadCpuClock.Seconds);

        foreach (int threads in new[] { 1, 2 })
        {
            // A tiny learning rate: the weights barely move, so every timed step does the same work.
            using var trainer = new Trainer(weights, new TrainingOptions { Optimizer = new SgdOptimizer { LearningRate = 1e-6f, Momentum = 0.9f }, Threads = threads });
            var (step, stepCpu) = Median(runs, () => trainer.Step(images, labels), ProcessCpuSeconds);
            Console.WriteLine(Invariant($"{name,-14} {threads,7} | {step,8:F2} {stepCpu,8:F2} {Batch / step,7:F1} | {infer,8:F3} {inferCpu,8:F3} | {step / infer,10:F2} {stepCpu / inferCpu,8:F2} | {trainer.BytesPerImage,10}"));
            if (breakdown && threads == 1) TrainingBreakdown.Print(name, trainer, () => trainer.Step(images, labels), runs);
        }
    }

    private static double ProcessCpuSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    /// <summary>One untimed warm-up call, then the medians of <paramref name="runs"/> timed calls' wall-clock and <paramref name="cpuClock"/> seconds.</summary>
    private static (double Wall, double Cpu) Median(int runs, Action action, Func<double> cpuClock)
    {
        action();
        var times = new double[runs];
        var cpu = new double[runs];
        for (int r = 0; r < runs; r++)
        {
            double cpuStart = cpuClock();
            long start = Stopwatch.GetTimestamp();
            action();
            times[r] = Stopwatch.GetElapsedTime(start).TotalSeconds;
            cpu[r] = cpuClock() - cpuStart;
        }
        Array.Sort(times);
        Array.Sort(cpu);
        return (times[runs / 2], cpu[runs / 2]);
    }
}
