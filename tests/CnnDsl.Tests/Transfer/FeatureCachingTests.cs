using System;
using System.Linq;
using CnnDsl.Oracles;
using CnnDsl.Tests.Inference;
using CnnDsl.Training;

namespace CnnDsl.Tests.Transfer;

/// <summary>
/// A frozen prefix is computed once per image and reused: its features are checked against the reference executor
/// run on the prefix of the graph, and training on them against training on the images.
/// </summary>
public class FeatureCachingTests
{
    private static NetworkWeights Loaded<T>(Func<T> create, int seed) where T : NetworkWeights
    {
        var backbone = new TransferBackbone.Weights();
        RandomWeights.Fill(backbone, seed);
        var weights = create();
        weights.InitializeRandom(seed + 1);
        weights.CopyMatching(backbone);
        return weights;
    }

    [Fact]
    public void The_feature_node_is_the_last_frozen_node_whose_output_feeds_the_rest()
    {
        using var head = new Trainer(Loaded(() => new TransferHead.Weights(), 1), new TrainingOptions { Threads = 1 });
        Assert.Equal("gap1", head.FeatureNode);
        Assert.Equal(6, head.FeatureLength);

        // The residual block trains: the cut is its input (the stem's output), not a node inside the block.
        using var fineTuned = new Trainer(Loaded(() => new TransferFineTuned.Weights(), 1), new TrainingOptions { Threads = 1 });
        var first = TransferFineTuned.Graph.First(n => n.Trainable && n.Id > 0);
        Assert.Equal(TransferFineTuned.Graph[first.Inputs[0]].Name, fineTuned.FeatureNode);
        Assert.Equal(5 * 5 * 6, fineTuned.FeatureLength);
    }

    [Fact]
    public void Nothing_is_cached_when_dropout_or_the_input_gradient_comes_first()
    {
        var weights = new TransferDropoutBeforeHead.Weights();
        weights.InitializeRandom(3);
        using var dropout = new Trainer(weights, new TrainingOptions { Threads = 1 });
        Assert.Equal("conv1", dropout.FeatureNode); // before the dropout, not after it

        using var inputGradient = new Trainer(Loaded(() => new TransferHead.Weights(), 2), new TrainingOptions { Threads = 1, InputGradient = true });
        Assert.Null(inputGradient.FeatureNode);
        Assert.Equal(0, inputGradient.FeatureLength);
        var error = Assert.Throws<InvalidOperationException>(() => inputGradient.ComputeFeatures(new float[TransferHead.InputLength], new float[6]));
        Assert.Contains("no frozen prefix", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(typeof(TransferHead))]
    [InlineData(typeof(TransferFineTuned))]
    public void Features_are_the_reference_output_of_the_feature_node(Type network)
    {
        var weights = network == typeof(TransferHead) ? Loaded(() => new TransferHead.Weights(), 4) : Loaded(() => new TransferFineTuned.Weights(), 4);
        using var trainer = new Trainer(weights, new TrainingOptions { Threads = 2 });
        const int batch = 3;
        float[] images = RandomWeights.Input(batch * weights.Graph[0].Output.Length, 8);
        var features = new float[batch * trainer.FeatureLength];
        trainer.ComputeFeatures(images, features);

        var prefix = weights.Graph.TakeWhile(n => n.Name != trainer.FeatureNode).Append(weights.Graph.First(n => n.Name == trainer.FeatureNode)).ToList();
        float[] expected = ReferenceExecutor.Run(prefix, weights, images, batch);
        Agreement.AssertClose(expected, features, prefix);
    }

    [Theory]
    [InlineData(typeof(TransferHead))]
    [InlineData(typeof(TransferFineTuned))]
    public void Steps_on_cached_features_train_exactly_as_steps_on_the_images(Type network)
    {
        NetworkWeights Create() => network == typeof(TransferHead) ? Loaded(() => new TransferHead.Weights(), 5) : Loaded(() => new TransferFineTuned.Weights(), 5);
        var onImages = Create();
        var onFeatures = Create();
        var options = new TrainingOptions { Threads = 2, Optimizer = AdamOptimizer.AdamW(1e-2f, 1e-3f), Seed = 3 };
        using var imageTrainer = new Trainer(onImages, options);
        using var featureTrainer = new Trainer(onFeatures, options);
        const int batch = 4;
        int[] labels = [0, 2, 1, 2];
        var features = new float[batch * featureTrainer.FeatureLength];
        for (int step = 0; step < 3; step++)
        {
            float[] images = RandomWeights.Input(batch * onImages.Graph[0].Output.Length, 20 + step);
            featureTrainer.ComputeFeatures(images, features);
            float expectedLoss = imageTrainer.Step(images, labels);
            Assert.Equal(expectedLoss, featureTrainer.StepOnFeatures(features, labels));
        }
        foreach (var t in onImages.Tensors) Assert.Equal(onImages[t.Name], onFeatures[t.Name]);

        float[] test = RandomWeights.Input(batch * onImages.Graph[0].Output.Length, 40);
        featureTrainer.ComputeFeatures(test, features);
        Assert.Equal(imageTrainer.Evaluate(test, labels), featureTrainer.EvaluateOnFeatures(features, labels));
    }

    [Fact]
    public void Wrong_feature_lengths_and_labels_are_refused_with_nothing_changed()
    {
        var weights = Loaded(() => new TransferHead.Weights(), 6);
        var before = weights.Tensors.ToDictionary(t => t.Name, t => (float[])weights[t.Name].Clone());
        using var trainer = new Trainer(weights, new TrainingOptions { Threads = 1 });

        var length = Assert.Throws<ArgumentException>(() => trainer.StepOnFeatures(new float[7], [0]));
        Assert.Contains("'gap1'", length.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => trainer.ComputeFeatures(new float[TransferHead.InputLength], new float[5]));
        Assert.Throws<ArgumentOutOfRangeException>(() => trainer.StepOnFeatures(new float[12], [0, 3]));
        Assert.Equal(0, trainer.StepCount);
        foreach (var t in weights.Tensors) Assert.Equal(before[t.Name], weights[t.Name]);
    }
}
