using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CnnDsl.Training;

namespace CnnDsl.Vision.Tests;

/// <summary>
/// The training loop: epochs from cached features must train exactly as epochs that run the frozen backbone on every
/// image (the trainer's own path, checked against the reference elsewhere), with features from generated inference
/// code within rounding; a budget stops an epoch; a wrong feature network is refused.
/// </summary>
public class TrainingLoopTests
{
    /// <summary>Seeded images in memory, values 0..255.</summary>
    private sealed class ArrayDataset(int count, int seed) : IImageDataset
    {
        private readonly float[][] _images = [.. Enumerable.Range(0, count).Select(i => Enumerable.Range(0, 8 * 8 * 3).Select(p => (float)((i * 37 + p * (seed + 11)) % 256)).ToArray())];
        public int Count => count;
        public TensorShape SampleShape => new(8, 8, 3);
        public IReadOnlyList<string> ClassNames { get; } = ["a", "b", "c"];
        public IReadOnlyList<DatasetProblem> Problems => [];
        public int LabelOf(int index) => (index * 7 + seed) % 3;
        public string Describe(int index) => $"image {index}";
        public void Load(int index, Span<float> target) => _images[index].CopyTo(target);
        public void Report(DatasetProblem problem) { }
    }

    private static readonly Normalization Scale = new("test", 1f / 255, [0.5f], [0.25f]);

    private static (LoopHead.Weights Head, LoopFeatures.Weights Features) Weights()
    {
        var backbone = new LoopBackbone.Weights();
        backbone.InitializeRandom(4);
        backbone["conv1.bn.running_mean"].AsSpan().Fill(0.1f);
        backbone["conv1.bn.running_var"].AsSpan().Fill(0.7f);
        var head = new LoopHead.Weights();
        head.InitializeRandom(5);
        head.CopyMatching(backbone);
        var features = new LoopFeatures.Weights();
        features.CopyMatching(backbone);
        return (head, features);
    }

    private static (TrainingLoop Loop, Trainer Trainer) Loop(LoopHead.Weights weights, bool augmented, INetwork? features = null)
    {
        var trainer = new Trainer(weights, new TrainingOptions { Threads = 2, Optimizer = new AdamOptimizer { LearningRate = 1e-2f }, Seed = 2 });
        var train = new ArrayDataset(22, 1);
        var validation = new ArrayDataset(9, 2);
        var reader = new BatchReader(train, 4, normalization: Scale, augmentation: augmented ? new AugmentationPipeline() : null);
        return (new TrainingLoop(trainer, reader, new BatchReader(validation, 4, normalization: Scale), batchSize: 4, features), trainer);
    }

    [Fact]
    public void Epochs_from_cached_features_train_exactly_as_epochs_over_the_images()
    {
        var (cachedWeights, _) = Weights();
        var (plainWeights, _) = Weights();
        var (cached, cachedTrainer) = Loop(cachedWeights, augmented: false);
        var (plain, plainTrainer) = Loop(plainWeights, augmented: true); // an empty pipeline still counts as augmenting
        using (cachedTrainer)
        using (plainTrainer)
        {
            Assert.True(cached.CachesFeatures);
            Assert.False(plain.CachesFeatures);
            for (int epoch = 0; epoch < 3; epoch++)
            {
                var a = cached.RunEpoch(seed: 9);
                var b = plain.RunEpoch(seed: 9);
                Assert.True(a.FromCachedFeatures);
                Assert.Equal(22, a.Images);
                Assert.Equal(b.Loss, a.Loss);
                Assert.Equal(b.Accuracy, a.Accuracy);
                Assert.Equal(b.ValidationLoss, a.ValidationLoss);
            }
            foreach (var t in cachedWeights.Tensors) Assert.Equal(plainWeights[t.Name], cachedWeights[t.Name]);
            Assert.True(cached.FeatureTime > TimeSpan.Zero);
        }
    }

    [Fact]
    public void Features_from_generated_inference_code_train_as_the_trainers_own_within_rounding()
    {
        var (ownWeights, _) = Weights();
        var (generatedWeights, featureWeights) = Weights();
        var (own, ownTrainer) = Loop(ownWeights, augmented: false);
        var (generated, generatedTrainer) = Loop(generatedWeights, augmented: false, new LoopFeatures(featureWeights));
        using (ownTrainer)
        using (generatedTrainer)
        {
            for (int epoch = 0; epoch < 2; epoch++)
            {
                var a = own.RunEpoch(seed: 3);
                var b = generated.RunEpoch(seed: 3);
                Assert.Equal(a.Loss, b.Loss, 1e-4);
                Assert.Equal(a.ValidationAccuracy, b.ValidationAccuracy);
            }
            foreach (var t in ownWeights.Tensors)
            {
                float[] x = ownWeights[t.Name], y = generatedWeights[t.Name];
                for (int i = 0; i < x.Length; i++) Assert.True(Math.Abs(x[i] - y[i]) <= 1e-4 + 1e-4 * Math.Abs(x[i]), $"{t.Name}[{i}]: {x[i]} vs {y[i]}");
            }
        }
    }

    [Fact]
    public void A_feature_network_of_another_shape_is_refused()
    {
        var (weights, _) = Weights();
        var tiny = new TinyLogits.Weights();
        tiny.InitializeRandom(1);
        var error = Assert.Throws<ArgumentException>(() => Loop(weights, augmented: false, new TinyLogits(tiny)));
        Assert.Contains("'gap1'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_spent_budget_stops_the_epoch_before_any_step_and_changes_nothing()
    {
        var (weights, _) = Weights();
        var before = weights.Tensors.ToDictionary(t => t.Name, t => (float[])weights[t.Name].Clone());
        var (loop, trainer) = Loop(weights, augmented: true);
        using (trainer)
        {
            var result = loop.RunEpoch(seed: 1, cancellation: new CancellationToken(canceled: true));
            Assert.Equal(0, result.Images);
            Assert.True(double.IsNaN(result.Loss));
            Assert.Equal(0, trainer.StepCount);
            foreach (var t in weights.Tensors) Assert.Equal(before[t.Name], weights[t.Name]);
        }
    }

    [Fact]
    public void A_grayscale_dataset_resized_repeats_the_bilinear_resize_in_three_channels()
    {
        var gray = new GrayDataset();
        var resized = new ResizedDataset(gray, 9);
        Assert.Equal(new TensorShape(9, 9, 3), resized.SampleShape);
        var sample = new float[resized.SampleShape.Length];
        resized.Load(0, sample);
        // Bilinear with half-pixel centres of a horizontal ramp v(x) = 10 x on 3 columns: output x samples
        // (x + 0.5) * 3 / 9 - 0.5, clamped to [0, 2].
        for (int y = 0; y < 9; y++)
        {
            for (int x = 0; x < 9; x++)
            {
                double source = Math.Clamp((x + 0.5) * 3 / 9 - 0.5, 0, 2);
                for (int c = 0; c < 3; c++) Assert.Equal(10 * source, sample[(y * 9 + x) * 3 + c], 4);
            }
        }
        Assert.Throws<ArgumentException>(() => new ResizedDataset(gray, 9, channels: 2));
    }

    /// <summary>One 3x3 grayscale image holding a horizontal ramp 0, 10, 20.</summary>
    private sealed class GrayDataset : IImageDataset
    {
        public int Count => 1;
        public TensorShape SampleShape => new(3, 3, 1);
        public IReadOnlyList<string> ClassNames { get; } = ["x"];
        public IReadOnlyList<DatasetProblem> Problems => [];
        public int LabelOf(int index) => 0;
        public string Describe(int index) => "ramp";
        public void Load(int index, Span<float> target)
        {
            for (int p = 0; p < 9; p++) target[p] = 10 * (p % 3);
        }
        public void Report(DatasetProblem problem) { }
    }
}
