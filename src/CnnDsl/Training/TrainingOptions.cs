using System;
using System.Collections.Generic;

namespace CnnDsl.Training;

/// <summary>How a <see cref="Trainer"/> trains.</summary>
public sealed record TrainingOptions
{
    /// <summary>The update rule (default: SGD, learning rate 0.01, no momentum).</summary>
    public Optimizer Optimizer { get; init; } = new SgdOptimizer();

    /// <summary>The learning-rate schedule (default: constant).</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>The loss.</summary>
    public TrainingLoss Loss { get; init; } = TrainingLoss.SoftmaxCrossEntropy;

    /// <summary>Label smoothing for cross-entropy, in [0, 1).</summary>
    public float LabelSmoothing { get; init; }

    /// <summary>When set, gradients are scaled by max / (norm + 1e-6) whenever their global L2 norm exceeds max (torch.nn.utils.clip_grad_norm_).</summary>
    public float? ClipGlobalNorm { get; init; }

    /// <summary>
    /// Frozen parameters, beyond those the definition freezes (<c>Trainable = false</c>, a backbone before <c>TrainFrom</c>):
    /// an entry freezes the tensor of that exact name, and every tensor of every node whose name starts
    /// with it. Frozen tensors get no gradient memory and no backward work; a batch norm whose scale and shift are both
    /// frozen normalizes with its running statistics and does not update them.
    /// </summary>
    public IReadOnlyList<string> Frozen { get; init; } = Array.Empty<string>();

    /// <summary>Threads (the caller's included). Results do not depend on it.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Seed of the dropout masks.</summary>
    public int Seed { get; init; }

    /// <summary>Batch-norm momentum: the weight of the batch statistic in the running average (PyTorch's 0.1; Keras' 0.99 is 0.01 here).</summary>
    public float BatchNormMomentum { get; init; } = 0.1f;

    /// <summary>Dropout rates by node name, overriding <see cref="NodeInfo.Rate"/>.</summary>
    public IReadOnlyDictionary<string, float>? DropoutRates { get; init; }

    /// <summary>Also compute dloss/dinput (see <see cref="Trainer.InputGradient"/>).</summary>
    public bool InputGradient { get; init; }
}
