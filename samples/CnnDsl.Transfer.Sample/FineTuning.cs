using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using CnnDsl.Onnx;
using CnnDsl.Training;
using CnnDsl.Vision;
using CnnDsl.Zoo;

namespace CnnDsl.Transfer.Sample;

/// <summary>One trained network: its weights, its generated inference instance, its epochs and what it cost.</summary>
internal sealed record TrainedRun(string Name, NetworkWeights Weights, INetwork Network, IReadOnlyList<EpochResult> History, TimeSpan Time, double ImagesPerSecond, string Training);

/// <summary>
/// The course's two stages and the baseline: (1) the pretrained backbone frozen, a new softmax head trained on cached
/// features; (2) the last stage unfrozen and fine-tuned from (1) at a lower learning rate; (3) the same network from
/// a random start, trained for as long as (1) and (2) took together.
/// </summary>
internal static class FineTuning
{
    public static TrainedRun[] Run(TransferSettings settings)
    {
        var clock = Stopwatch.StartNew();
        var fashion = IdxDataset.Load(Path.Combine(settings.DataFolder, "train-images-idx3-ubyte.gz"), Path.Combine(settings.DataFolder, "train-labels-idx1-ubyte.gz"), IdxDataset.FashionMnistClasses);
        int classes = fashion.ClassNames.Count;
        var (trainIndices, validationIndices) = DatasetSplit.Subset(fashion, settings.TrainingImages / classes, TransferSettings.ValidationImages / classes, TransferSettings.Seed);
        Console.WriteLine($"Fashion-MNIST: {trainIndices.Length:N0} training and {validationIndices.Length:N0} validation images (a fixed stratified subset of the {fashion.Count:N0}), enlarged to {TransferSettings.Size}x{TransferSettings.Size}x3, {Normalization.CaffeBgr.Name} normalization; read in {clock.ElapsedMilliseconds} ms");

        var resnet = new ResNet18.Weights();
        var import = OnnxImporter.ImportWeights(resnet, settings.PretrainedModel);
        Console.WriteLine($"Pretrained ResNet-18: {import.Matches.Count} nodes imported from {Path.GetFileName(settings.PretrainedModel)}");
        BatchReader Reader(int[] indices) => new(new ResizedDataset(fashion, TransferSettings.Size), TransferSettings.BatchSize, indices, Normalization.CaffeBgr);

        // Stage 1: frozen backbone, new head. Only the head trains, so the loop caches the backbone's pooled features.
        var frozen = new FashionFrozen.Weights();
        frozen.InitializeRandom(TransferSettings.Seed);
        frozen.CopyMatching(resnet);
        var pooled = new FashionPooledFeatures.Weights();
        pooled.CopyMatching(resnet);
        const int headEpochs = 30, tuningEpochs = 5;
        int steps = (trainIndices.Length + TransferSettings.BatchSize - 1) / TransferSettings.BatchSize;
        var stage1 = Train("frozen backbone + new head", frozen,
            new TrainingOptions { Optimizer = AdamOptimizer.AdamW(1e-3f, 1e-4f), Schedule = new CosineDecay(headEpochs * steps), Seed = TransferSettings.Seed },
            Reader(trainIndices), Reader(validationIndices), headEpochs, budget: null, new FashionPooledFeatures(pooled));

        // Stage 2: the last stage trains too, from stage 1's weights, at a tenth of the learning rate.
        var fineTuned = new FashionFineTuned.Weights();
        fineTuned.CopyMatching(frozen);
        var lastStageInput = new FashionLastStageInput.Weights();
        lastStageInput.CopyMatching(resnet);
        var stage2 = Train("fine-tuned last stage", fineTuned,
            new TrainingOptions { Optimizer = AdamOptimizer.AdamW(3e-4f, 1e-4f), Schedule = new CosineDecay(tuningEpochs * steps), Seed = TransferSettings.Seed },
            Reader(trainIndices), Reader(validationIndices), tuningEpochs, budget: null, new FashionLastStageInput(lastStageInput));
        var transferTime = stage1.Time + stage2.Time;

        // The baseline: the same network from scratch, for the time both stages took.
        var scratch = new FashionScratch.Weights();
        scratch.InitializeRandom(TransferSettings.Seed);
        var stage3 = Train("from scratch", scratch, new TrainingOptions { Optimizer = AdamOptimizer.AdamW(1e-3f, 1e-4f), Seed = TransferSettings.Seed },
            Reader(trainIndices), Reader(validationIndices), epochs: int.MaxValue, budget: transferTime);

        var runs = new[]
        {
            stage1 with { Network = new FashionFrozen(frozen) },
            stage2 with { Network = new FashionFineTuned(fineTuned), Time = transferTime, Training = FormattableString.Invariant($"stage 1 ({stage1.Time.TotalSeconds:0} s), then {stage2.Training}") },
            stage3 with { Network = new FashionScratch(scratch) },
        };
        string lossPlot = Path.Combine(settings.Output, "fashion-transfer-loss.png"), accuracyPlot = Path.Combine(settings.Output, "fashion-transfer-accuracy.png");
        TrainingHistoryPlot.SavePng([.. runs.Select(r => (r.Name, r.History))], lossPlot, accuracyPlot);
        Console.WriteLine($"Loss and validation accuracy per epoch: {lossPlot}, {accuracyPlot}");
        return runs;
    }

    private static TrainedRun Train(string name, NetworkWeights weights, TrainingOptions options, BatchReader training, BatchReader validation, int epochs, TimeSpan? budget, INetwork? features = null)
    {
        Console.WriteLine();
        using var trainer = new Trainer(weights, options);
        var loop = new TrainingLoop(trainer, training, validation, TransferSettings.BatchSize, features);
        long trainable = weights.Tensors.Where(t => trainer.IsTrainable(t.Name)).Sum(t => (long)t.Length);
        Console.WriteLine($"{name}: {trainable:N0} trainable parameters; {(loop.CachesFeatures ? $"the frozen prefix through '{trainer.FeatureNode}' runs once per image ({trainer.FeatureLength:N0} cached values each{(features is null ? "" : ", computed by the generated inference code of the backbone")})" : "every step runs the whole network")}");
        using var cancellation = budget is { } b ? new CancellationTokenSource(b) : new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        for (int epoch = 0; epoch < epochs && !cancellation.IsCancellationRequested; epoch++)
            EpochProgress.Run(loop, name, TransferSettings.Seed, cancellation.Token);
        var time = clock.Elapsed;
        int images = loop.History.Sum(e => e.Images);
        string cache = loop.CachesFeatures ? FormattableString.Invariant($", of which {loop.FeatureTime.TotalSeconds:0.0} s computing cached features") : "";
        Console.WriteLine(FormattableString.Invariant($"{name}: {loop.History.Count} epochs, {images:N0} images in {time.TotalSeconds:0.0} s ({images / time.TotalSeconds:N0} images/s{cache}); validation accuracy {loop.History[^1].ValidationAccuracy:P1}"));
        if (loop.CachesFeatures && loop.History.Count > 1)
        {
            // What caching saves: a later epoch against the same epoch with the frozen prefix run on every image again.
            double perImage = loop.FeatureTime.TotalSeconds / (training.Count + validation.Count);
            double cached = loop.History.Skip(1).Average(e => e.TrainingTime.TotalSeconds);
            double uncached = cached + perImage * training.Count;
            Console.WriteLine(FormattableString.Invariant($"  feature cache: {perImage * 1000:0.00} ms per image once; a cached epoch takes {cached:0.00} s, against about {uncached:0.0} s with the prefix run again ({uncached / cached:0.0}x)"));
        }
        string what = FormattableString.Invariant($"{loop.History.Count} epochs{(budget is null ? "" : ", until the time ran out")} ({time.TotalSeconds:0} s)");
        return new TrainedRun(name, weights, null!, loop.History, time, images / time.TotalSeconds, what);
    }
}
