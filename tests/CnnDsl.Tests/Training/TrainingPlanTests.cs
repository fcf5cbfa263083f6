using System;
using System.Collections.Generic;
using System.Linq;
using CnnDsl.Tests.Transfer;
using CnnDsl.Training;
using CnnDsl.Zoo;

namespace CnnDsl.Tests.Training;

/// <summary>
/// The compile-time training memory plan against rules written here from each operation's derivative (not the
/// planner's table): which values every node keeps for backward, and the bytes per image, which must hold every kept
/// activation at the loss step and stay below keeping every buffer apart (the engine before the plan).
/// </summary>
public class TrainingPlanTests
{
    public static TheoryData<string> Networks() => new(Plans.Keys);

    private static readonly Dictionary<string, (TrainingPlan Plan, long Bytes, Func<NetworkWeights> Create)> Plans = new()
    {
        ["MobileNetV2"] = (MobileNetV2.Training.MemoryPlan, MobileNetV2.Training.BytesPerImage, () => new MobileNetV2.Weights()),
        ["ResNet18"] = (ResNet18.Training.MemoryPlan, ResNet18.Training.BytesPerImage, () => new ResNet18.Weights()),
        ["TinyMobileNetV2"] = (TinyMobileNetV2.Training.MemoryPlan, TinyMobileNetV2.Training.BytesPerImage, () => new TinyMobileNetV2.Weights()),
        ["TrainMerges"] = (TrainMerges.Training.MemoryPlan, TrainMerges.Training.BytesPerImage, () => new TrainMerges.Weights()),
        ["TrainPools"] = (TrainPools.Training.MemoryPlan, TrainPools.Training.BytesPerImage, () => new TrainPools.Weights()),
        ["TrainConvolutions"] = (TrainConvolutions.Training.MemoryPlan, TrainConvolutions.Training.BytesPerImage, () => new TrainConvolutions.Weights()),
        ["TrainStandaloneBatchNorm"] = (TrainStandaloneBatchNorm.Training.MemoryPlan, TrainStandaloneBatchNorm.Training.BytesPerImage, () => new TrainStandaloneBatchNorm.Weights()),
        ["TrainDense"] = (TrainDense.Training.MemoryPlan, TrainDense.Training.BytesPerImage, () => new TrainDense.Weights()),
        ["TransferFineTuned"] = (TransferFineTuned.Training.MemoryPlan, TransferFineTuned.Training.BytesPerImage, () => new TransferFineTuned.Weights()),
        ["TransferDropoutBeforeHead"] = (TransferDropoutBeforeHead.Training.MemoryPlan, TransferDropoutBeforeHead.Training.BytesPerImage, () => new TransferDropoutBeforeHead.Weights()),
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void Each_node_keeps_what_its_backward_reads_and_nothing_else(string network)
    {
        var (plan, bytes, create) = Plans[network];
        var weights = create();
        var graph = weights.Graph;
        var expected = new Expectation(graph, weights.Tensors);
        Assert.Equal(graph.Count, plan.Nodes.Count);
        for (int j = 0; j < graph.Count; j++)
        {
            Assert.True(expected.Kept[j] == plan.Nodes[j].Kept, $"{network} node {j} '{graph[j].Name}' ({graph[j].Op}, {graph[j].Act}): keeps {plan.Nodes[j].Kept}, expected {expected.Kept[j]}");
            Assert.True(expected.NeedsGradient[j] == plan.Nodes[j].Gradient >= 0, $"{network} node '{graph[j].Name}': gradient slot {plan.Nodes[j].Gradient}, expected {(expected.NeedsGradient[j] ? "one" : "none")}");
        }
        Assert.Equal(bytes, plan.BytesPerImage);
        // At the loss step every kept activation and the loss's gradient are alive at once: the plan holds at least that.
        long atLoss = expected.KeptBytes + (expected.NeedsGradient[^1] ? graph[^1].Output.Length * sizeof(float) : 0);
        Assert.True(bytes >= atLoss, $"{network}: {bytes} bytes per image cannot hold the {atLoss} alive at the loss");
        Assert.True(bytes <= expected.EverythingBytes, $"{network}: {bytes} bytes per image, more than keeping every buffer ({expected.EverythingBytes})");
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void The_runtime_trainer_sees_the_same_trained_parts_and_plans_the_same(string network)
    {
        // The generator reads freezing from the definition, the trainer from the weights' graph: a trainer with no
        // extra options must arrive at the same assumptions, or the generated Training type would plan again.
        var entry = Plans[network];
        // (Mean squared error takes any output; the loss does not change the plan.)
        using var trainer = new Trainer(entry.Create(), new TrainingOptions { Threads = 1, Loss = TrainingLoss.MeanSquaredError });
        Assert.Equal(entry.Plan.Nodes.Select(b => b.Trains), trainer.Plan.Nodes.Select(b => b.Trains));
        Assert.Equal(entry.Plan.Nodes, trainer.Plan.Nodes);
        Assert.Equal(entry.Plan.SlotLengths, trainer.Plan.SlotLengths);
    }

    [Fact]
    public void MobileNetV2_keeps_well_under_every_buffer_and_a_frozen_prefix_keeps_nothing()
    {
        var expected = new Expectation(MobileNetV2.Graph, MobileNetV2.Tensors);
        Assert.True(MobileNetV2.Training.BytesPerImage < expected.EverythingBytes * 0.6,
            $"{MobileNetV2.Training.BytesPerImage} bytes per image vs {expected.EverythingBytes} keeping every buffer");
        // TransferFineTuned trains from its residual block: the stem before it keeps nothing and gets no gradient.
        var plan = TransferFineTuned.Training.MemoryPlan;
        int firstTrained = TransferFineTuned.Graph.First(n => n.Trainable && n.Op != Op.Input).Id;
        Assert.True(firstTrained > 1);
        for (int j = 0; j < firstTrained - 1; j++)
        {
            Assert.Equal(KeptValues.None, plan.Nodes[j].Kept);
            Assert.Equal(-1, plan.Nodes[j].Gradient);
        }
    }

    /// <summary>What each node must keep, from the operations' derivatives and the definition's frozen layers.</summary>
    private sealed class Expectation
    {
        public Expectation(IReadOnlyList<NodeInfo> graph, IReadOnlyList<TensorInfo> tensors)
        {
            int n = graph.Count, last = n - 1;
            bool Trains(int j) => graph[j].Trainable && tensors.Any(t => t.Node == j);
            bool HasBatchNorm(int j) => graph[j].BatchNorm || graph[j].Op == Op.BatchNorm;
            bool WeightTrains(int j) => Trains(j) && graph[j].Op is Op.Conv or Op.DepthwiseConv or Op.Dense;
            // ReLU, ReLU6, sigmoid and softmax have derivatives in terms of their output; Swish and HardSwish need their input.
            bool FromOutput(Act act) => act is Act.Relu or Act.Relu6 or Act.Sigmoid or Act.Softmax;
            bool FromInput(Act act) => act is Act.Swish or Act.HardSwish;

            NeedsGradient = new bool[n];
            for (int j = 1; j < n; j++) NeedsGradient[j] = Trains(j) || graph[j].Inputs.Any(i => NeedsGradient[i]);
            var outputRead = new bool[n];
            outputRead[last] = true; // the loss
            for (int k = 1; k < n; k++)
            {
                if (!NeedsGradient[k]) continue;
                var node = graph[k];
                if (FromOutput(node.Act)) outputRead[k] = true;
                for (int m = 0; m < node.Inputs.Count; m++)
                {
                    int i = node.Inputs[m];
                    // dW = x dy; max pooling routes to the largest input; the channel scale multiplies by the other input.
                    bool read = node.Op switch
                    {
                        Op.Conv or Op.DepthwiseConv or Op.Dense => WeightTrains(k),
                        Op.MaxPool => NeedsGradient[i],
                        Op.Scale => NeedsGradient[node.Inputs[1 - m]],
                        _ => false,
                    };
                    outputRead[i] |= read;
                }
            }
            Kept = new KeptValues[n];
            for (int j = 0; j < n; j++)
            {
                var node = graph[j];
                int length = node.Output.Length;
                bool batchNormTrains = HasBatchNorm(j) && Trains(j);
                bool preActivationApart = node.Act != Act.None && (j == last || NeedsGradient[j] && FromInput(node.Act));
                var kept = KeptValues.None;
                if (batchNormTrains) kept |= KeptValues.Core;
                if (preActivationApart) kept |= KeptValues.Normalized;
                if (outputRead[j]) kept |= KeptValues.Output;
                Kept[j] = kept;
                int values = System.Numerics.BitOperations.PopCount((uint)kept);
                KeptBytes += (long)values * length * sizeof(float);
                // Keeping every buffer: the operation's output, the batch norm's and the activation's when apart, the gradient.
                int buffers = 1 + (batchNormTrains ? 1 : 0) + (preActivationApart ? 1 : 0) + (NeedsGradient[j] ? 1 : 0);
                EverythingBytes += (long)buffers * length * sizeof(float);
            }
        }

        public bool[] NeedsGradient { get; }
        public KeptValues[] Kept { get; }
        public long KeptBytes { get; }
        public long EverythingBytes { get; }
    }
}
