using System;
using System.Linq;
using CnnDsl.Oracles;
using CnnDsl.Tests.Inference;

namespace CnnDsl.Tests.Transfer;

/// <summary>
/// A network From a backbone loads the backbone's weights by name and computes the backbone's features, then its
/// new head: checked against the reference executor, which knows nothing of backbones.
/// </summary>
public class TransferTests
{
    [Fact]
    public void Backbone_weights_load_by_name_and_the_head_is_left_for_its_seed()
    {
        var backbone = new TransferBackbone.Weights();
        RandomWeights.Fill(backbone, 3);
        var head = new TransferHead.Weights();
        head.InitializeRandom(11);
        float[] headBefore = (float[])head["dense2.weight"].Clone();

        var copy = head.CopyMatching(backbone);

        Assert.Equal(new[] { "dense2.weight", "dense2.bias" }, copy.NotInSource);
        Assert.Equal(TransferHead.Tensors.Count - 2, copy.Copied.Count);
        foreach (var name in copy.Copied) Assert.Equal(backbone[name], head[name]);
        Assert.Equal(headBefore, head["dense2.weight"]);
        Assert.DoesNotContain(TransferHead.Graph, n => n.Name == "dense1");
    }

    [Fact]
    public void Generated_head_on_loaded_backbone_matches_the_reference()
    {
        var backbone = new TransferBackbone.Weights();
        RandomWeights.Fill(backbone, 5);
        var weights = new TransferHead.Weights();
        weights.InitializeRandom(2);
        weights.CopyMatching(backbone);

        float[] input = RandomWeights.Input(2 * TransferHead.InputLength, 9);
        float[] expected = ReferenceExecutor.Run(TransferHead.Graph, weights, input, 2);
        var actual = new float[2 * TransferHead.OutputLength];
        new TransferHead(weights).Forward(input, actual);
        Agreement.AssertClose(expected, actual, TransferHead.Graph);
    }

    [Fact]
    public void Frozen_backbone_is_described_in_the_graph_and_the_costs()
    {
        Assert.All(TransferHead.Graph.Where(n => n.Name != "dense2" && n.Id > 0), n => Assert.False(n.Trainable, n.Name));
        Assert.True(TransferHead.Graph.Single(n => n.Name == "dense2").Trainable);
        Assert.Equal(6 * 3 + 3, TransferHead.TrainableParameters);
        Assert.Contains("Trainable:     21 (frozen: ", TransferHead.Summary(), StringComparison.Ordinal);
    }

    [Fact]
    public void Training_updates_the_head_and_leaves_the_frozen_backbone_as_it_was()
    {
        var backbone = new TransferBackbone.Weights();
        RandomWeights.Fill(backbone, 6);
        var weights = new TransferHead.Weights();
        weights.InitializeRandom(1);
        weights.CopyMatching(backbone);
        var before = weights.Tensors.ToDictionary(t => t.Name, t => (float[])weights[t.Name].Clone());

        using var trainer = new CnnDsl.Training.Trainer(weights, new CnnDsl.Training.TrainingOptions { Threads = 1 });
        float[] images = RandomWeights.Input(4 * TransferHead.InputLength, 12);
        trainer.Step(images, new[] { 0, 1, 2, 1 });

        foreach (var t in weights.Tensors)
        {
            bool head = t.Name.StartsWith("dense2.", StringComparison.Ordinal);
            Assert.Equal(head, trainer.IsTrainable(t.Name));
            if (head) Assert.NotEqual(before[t.Name], weights[t.Name]);
            else Assert.Equal(before[t.Name], weights[t.Name]); // frozen batch norms keep their running statistics too
        }
    }

    [Fact]
    public void A_tensor_of_the_same_name_and_another_shape_stops_the_copy_before_anything_changes()
    {
        // TransferSameNames' head is dense2 [20, 6]; load it from a network whose dense2 is [3, 6].
        var source = new TransferHead.Weights();
        RandomWeights.Fill(source, 1);
        var target = new TransferSameNames.Weights();
        target.InitializeRandom(4);
        var before = target.Tensors.ToDictionary(t => t.Name, t => (float[])target[t.Name].Clone());
        var error = Assert.Throws<WeightsMismatchException>(() => target.CopyMatching(source));
        Assert.Equal("dense2.weight", error.TensorName);
        Assert.Contains("[20, 6]", error.Message, StringComparison.Ordinal);
        foreach (var t in target.Tensors) Assert.Equal(before[t.Name], target[t.Name]);
    }
}
