using System;
using System.Collections.Generic;

namespace CnnDsl.Oracles;

/// <summary>The loss the reference training pass ends in.</summary>
public enum ReferenceLossKind
{
    /// <summary>Softmax cross-entropy against integer labels (see <see cref="ReferenceLoss.SoftmaxCrossEntropy"/>).</summary>
    SoftmaxCrossEntropy,
    /// <summary>Mean squared error against float targets.</summary>
    MeanSquaredError,
}

/// <summary>How <see cref="ReferenceTraining"/> runs a pass.</summary>
public sealed record ReferenceTrainingOptions
{
    /// <summary>The loss.</summary>
    public ReferenceLossKind Loss { get; init; }
    /// <summary>Label smoothing for cross-entropy.</summary>
    public double LabelSmoothing { get; init; }
    /// <summary>Training mode (batch statistics, dropout) or inference mode (running statistics, no dropout).</summary>
    public bool Training { get; init; } = true;
    /// <summary>Whether a parameter tensor (by full name) is frozen: no gradient; a batch norm with both scale and shift frozen uses its running statistics.</summary>
    public Func<string, bool> IsFrozen { get; init; } = _ => false;
    /// <summary>Batch-norm momentum: the weight of the new batch statistic in the running average (PyTorch's convention).</summary>
    public double Momentum { get; init; } = 0.1;
    /// <summary>Dropout mask seed.</summary>
    public int DropoutSeed { get; init; }
    /// <summary>The step number the dropout masks belong to (0 for the first step).</summary>
    public long Step { get; init; }
    /// <summary>Dropout rate per dropout node name (absent: the node's <see cref="NodeInfo.Rate"/>).</summary>
    public IReadOnlyDictionary<string, double>? DropoutRates { get; init; }
}
