using System;
using System.Collections.Generic;
using System.Linq;
using CnnDsl.Training;

namespace CnnDsl.Tests.Training;

/// <summary>A network, loss and settings the gradient checks run on.</summary>
internal sealed record TrainingCase(string Name, Func<NetworkWeights> Create, TrainingLoss Loss)
{
    public int Batch { get; init; } = 3;
    /// <summary>Dropout rates by operation order: each dropout node gets this rate (the generated graph does not carry the rate yet).</summary>
    public float DropoutRate { get; init; }
    public IReadOnlyList<string> Frozen { get; init; } = Array.Empty<string>();
    public float LabelSmoothing { get; init; }

    public IReadOnlyDictionary<string, float> DropoutRates(NetworkWeights weights)
        => weights.Graph.Where(n => n.Op == Op.Dropout).ToDictionary(n => n.Name, _ => DropoutRate);

    public override string ToString() => Name;

    public static readonly TrainingCase[] All =
    [
        new("convolutions", () => new TrainConvolutions.Weights(), TrainingLoss.MeanSquaredError),
        new("depthwise", () => new TrainDepthwise.Weights(), TrainingLoss.MeanSquaredError),
        new("dense-dropout-softmax", () => new TrainDense.Weights(), TrainingLoss.SoftmaxCrossEntropy) { DropoutRate = 0.5f, LabelSmoothing = 0.1f },
        new("pools", () => new TrainPools.Weights(), TrainingLoss.SoftmaxCrossEntropy),
        new("fused-batch-norm", () => new TrainFusedBatchNorm.Weights(), TrainingLoss.MeanSquaredError),
        new("standalone-batch-norm-channel-softmax", () => new TrainStandaloneBatchNorm.Weights(), TrainingLoss.MeanSquaredError),
        new("add-concat-squeeze-excite", () => new TrainMerges.Weights(), TrainingLoss.MeanSquaredError),
        new("mobilenet-v2-like", () => new TinyMobileNetV2.Weights(), TrainingLoss.SoftmaxCrossEntropy) { DropoutRate = 0.5f, Batch = 4 },
        new("frozen-stem-and-one-tensor", () => new TinyMobileNetV2.Weights(), TrainingLoss.SoftmaxCrossEntropy)
            { Frozen = ["stem", "classifier.bias"], Batch = 4 },
        new("general-convolutions", () => new TrainGeneralConvolutions.Weights(), TrainingLoss.MeanSquaredError),
        new("general-depthwise-count-include-pad", () => new TrainGeneralDepthwisePools.Weights(), TrainingLoss.MeanSquaredError),
        new("pools-21-channels-relu-ties-batch-3", () => new TrainWidePools.Weights(), TrainingLoss.SoftmaxCrossEntropy) { Batch = 3 },
        new("max-pools-on-the-input-batch-2", () => new TrainTiedPools.Weights(), TrainingLoss.SoftmaxCrossEntropy) { Batch = 2 },
        new("wide-channels-batch-5", () => new TrainWide.Weights(), TrainingLoss.SoftmaxCrossEntropy) { Batch = 5 },
        new("long-rows-depthwise-pointwise-batch-5", () => new TrainLongRows.Weights(), TrainingLoss.SoftmaxCrossEntropy) { Batch = 5 },
        new("resnet-stem-7x7-on-3-channels-batch-3", () => new TrainResNetStem.Weights(), TrainingLoss.SoftmaxCrossEntropy) { Batch = 3 },
        new("weight-gradient-tiles-chunks-paddings-batch-3", () => new TrainWeightGradientTiles.Weights(), TrainingLoss.SoftmaxCrossEntropy) { Batch = 3 },
        new("forward-edges-bias-free-stride-2-pad-2-batch-3", () => new TrainForwardEdges.Weights(), TrainingLoss.SoftmaxCrossEntropy) { Batch = 3 },
        new("forward-edges-frozen-pointwise-batch-3", () => new TrainForwardEdges.Weights(), TrainingLoss.SoftmaxCrossEntropy) { Frozen = ["expand"], Batch = 3 },
        new("pointwise-depthwise-branches-residuals-270-channels-batch-3", () => new TrainPointwise.Weights(), TrainingLoss.SoftmaxCrossEntropy) { Batch = 3 },
        new("pointwise-weight-gradient-runs-odd-channels-batch-3", () => new TrainPointwiseWeightGradient.Weights(), TrainingLoss.SoftmaxCrossEntropy) { Batch = 3 },
        new("winograd-odd-sizes-channels-paddings-residual-batch-3", () => new TrainWinograd.Weights(), TrainingLoss.SoftmaxCrossEntropy) { Batch = 3 },
        new("winograd-generated-f4-14x14-f2-7x7-f4-9x9-pads-0-1-2-residual-batch-3", () => new TrainWinogradTiles.Weights(), TrainingLoss.SoftmaxCrossEntropy) { Batch = 3 },
        new("direct-weight-gradient-blocks-70-66-130-37-stride-2-groups-dilations-batch-3", () => new TrainDirectBlocks.Weights(), TrainingLoss.SoftmaxCrossEntropy) { Batch = 3 },
        new("winograd-weight-gradient-blocks-70-129-35-channels-pads-2-1-0-1-batch-3", () => new TrainWinogradBlocks.Weights(), TrainingLoss.SoftmaxCrossEntropy) { Batch = 3 },
        new("winograd-generated-5x5-1x7-7x1-odd-sizes-pads-0-to-4-3x3-pad-3-inception-concat-batch-3", () => new TrainWinogradKernels.Weights(), TrainingLoss.SoftmaxCrossEntropy) { Batch = 3 },
        new("depthwise-stride-2-same-same-lower-odd-even-13-channels-batch-3", () => new TrainDepthwiseStride2.Weights(), TrainingLoss.SoftmaxCrossEntropy) { Batch = 3 },
        new("depthwise-stride-2-dilated-valid-one-axis-19-channels-batch-3", () => new TrainDepthwiseStride2Geometries.Weights(), TrainingLoss.SoftmaxCrossEntropy) { Batch = 3 },
        new("depthwise-stride-2-explicit-pads-past-reach-batch-3", () => new TrainDepthwiseExplicitPads.Weights(), TrainingLoss.SoftmaxCrossEntropy) { Batch = 3 },
        new("strided-input-gradients-1x1-stride-2-branches-groups-7-dilated-131-channels-asymmetric-pads-batch-3", () => new TrainStridedInputGradients.Weights(), TrainingLoss.SoftmaxCrossEntropy) { Batch = 3 },
        new("strided-input-gradients-image-blocks-of-4-and-1-batch-5", () => new TrainStridedInputGradients.Weights(), TrainingLoss.SoftmaxCrossEntropy) { Batch = 5 },
    ];

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in All) data.Add(c.Name);
        return data;
    }

    public static TrainingCase Get(string name) => All.Single(c => c.Name == name);
}
