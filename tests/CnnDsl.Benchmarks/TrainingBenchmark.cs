using System;
using System.Linq;
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
/// With --torch, each row is followed by PyTorch's on the same network (<see cref="TorchPeer"/>, in its own process).
/// Steps run the network's generated <c>Training</c> type (its generated layers, on its compile-time plan); with
/// --runtime-kernels, the runtime <see cref="Trainer"/> on the same graph, whose own kernels run every layer. With
/// --input-gradient, the steps compute the images' gradient too (the stem's input gradient, which training leaves out).
/// Usage: dotnet run -c Release --project tests/CnnDsl.Benchmarks -- --training [--quick] [--breakdown] [--torch] [--runtime-kernels] [--input-gradient] [MobileNetV2 ResNet-18 ResNet-18-64px: only those rows; EfficientNetB0, GoogLeNet and InceptionV3 only when named]
/// </summary>
internal static class TrainingBenchmark
{
    private const int Batch = 32;

    public static int Run(bool quick, bool breakdown, bool torch, bool runtimeKernels, bool inputGradient, string[] only)
    {
        var peer = torch ? TorchPeer.Prepare(quick) : null;
        Console.WriteLine(Invariant($"Training steps at batch {Batch} ({(quick ? "quick" : "full")} pass), {Environment.ProcessorCount} logical cores. Times are medians of whole steps after one warm-up step."));
        Console.WriteLine(runtimeKernels ? "Steps on the runtime Trainer (its own kernels for every layer)." : "Steps on each network's generated Training type (its generated layers, its compile-time plan).");
        Console.WriteLine(Invariant($"{"network",-14} {"threads",7} | {"step s",8} {"cpu s",8} {"img/s",7} | {"infer s",8} {"cpu s",8} | {"step/infer",10} {"cpu/cpu",8} | {"bytes/img",10}"));
        if (Wanted("MobileNetV2"))
            Row("MobileNetV2", new MobileNetV2.Weights(), w => new MobileNetV2((MobileNetV2.Weights)w).Forward, Trainer<MobileNetV2.Weights>((w, o) => new MobileNetV2.Training(w, o)), quick, breakdown, peer);
        if (Wanted("ResNet-18"))
            Row("ResNet-18", new ResNet18.Weights(), w => new ResNet18((ResNet18.Weights)w).Forward, Trainer<ResNet18.Weights>((w, o) => new ResNet18.Training(w, o)), quick, breakdown, peer);
        if (Wanted("ResNet-18-64px"))
            Row("ResNet-18 64px", new ResNet18At64.Weights(), w => new ResNet18At64((ResNet18At64.Weights)w).Forward, Trainer<ResNet18At64.Weights>((w, o) => new ResNet18At64.Training(w, o)), quick, breakdown, peer);
        // Only when named: swish and squeeze-and-excitation in training (PyTorch has no such row here).
        if (Array.IndexOf(only, "EfficientNetB0") >= 0)
            Row("EfficientNetB0", new EfficientNetB0.Weights(), w => new EfficientNetB0((EfficientNetB0.Weights)w).Forward, Trainer<EfficientNetB0.Weights>((w, o) => new EfficientNetB0.Training(w, o)), quick, breakdown, peer: null);
        // Only when named: the Winograd 5x5 (GoogLeNet) and 1 x 7 / 7 x 1 (Inception v3) layers in training.
        if (Array.IndexOf(only, "GoogLeNet") >= 0)
            Row("GoogLeNet", new GoogLeNet.Weights(), w => new GoogLeNet((GoogLeNet.Weights)w).Forward, Trainer<GoogLeNet.Weights>((w, o) => new GoogLeNet.Training(w, o)), quick, breakdown, peer: null);
        if (Array.IndexOf(only, "InceptionV3") >= 0)
            Row("InceptionV3", new InceptionV3.Weights(), w => new InceptionV3((InceptionV3.Weights)w).Forward, Trainer<InceptionV3.Weights>((w, o) => new InceptionV3.Training(w, o)), quick, breakdown, peer: null);
        return 0;

        Func<NetworkWeights, TrainingOptions, Trainer> Trainer<TWeights>(Func<TWeights, TrainingOptions, NetworkTraining<TWeights>> generated) where TWeights : NetworkWeights
            => runtimeKernels ? (w, o) => new Trainer(w, o with { InputGradient = inputGradient }) : (w, o) => generated((TWeights)w, o with { InputGradient = inputGradient }).Trainer;

        bool Wanted(string name) => only.Length == 0 || Array.IndexOf(only, name) >= 0;
    }

    private static void Row(string name, NetworkWeights weights, Func<NetworkWeights, Forward> inference, Func<NetworkWeights, TrainingOptions, Trainer> training,
        bool quick, bool breakdown, TorchPeer? peer)
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
        var (infer, inferCpu) = StepTiming.Median(1, runs, () => forward(images, output), ThreadCpuClock.Seconds);

        foreach (int threads in new[] { 1, 2 })
        {
            // A tiny learning rate: the weights barely move, so every timed step does the same work.
            using var trainer = training(weights, new TrainingOptions { Optimizer = new SgdOptimizer { LearningRate = 1e-6f, Momentum = 0.9f }, Threads = threads });
            var (step, stepCpu) = StepTiming.Median(1, runs, () => trainer.Step(images, labels), StepTiming.ProcessCpuSeconds);
            Console.WriteLine(Invariant($"{name,-14} {threads,7} | {step,8:F2} {stepCpu,8:F2} {Batch / step,7:F1} | {infer,8:F3} {inferCpu,8:F3} | {step / infer,10:F2} {stepCpu / inferCpu,8:F2} | {trainer.BytesPerImage,10}"));
            if (breakdown && threads == 1) TrainingBreakdown.Print(name, trainer, () => trainer.Step(images, labels), quick ? 3 : 5);
            peer?.Row(name.Replace(' ', '-'), threads, TrainedParameters(weights), step, stepCpu);
        }
    }

    /// <summary>Weights and biases, as PyTorch counts parameters (batch norm's running averages are its buffers).</summary>
    private static long TrainedParameters(NetworkWeights weights) => weights.Tensors
        .Where(t => !t.Name.EndsWith("running_mean", StringComparison.Ordinal) && !t.Name.EndsWith("running_var", StringComparison.Ordinal))
        .Sum(t => (long)t.Length);
}
