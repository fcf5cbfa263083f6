namespace CnnDsl.Training;

/// <summary>The loss a <see cref="Trainer"/> minimizes, averaged over the batch.</summary>
public enum TrainingLoss
{
    /// <summary>
    /// Softmax cross-entropy against integer labels, with optional label smoothing s (targets (1 - s) one-hot + s / K).
    /// A network ending in a softmax is read as probabilities (the loss works from the logits before it, for stability);
    /// otherwise the output is read as logits.
    /// </summary>
    SoftmaxCrossEntropy,
    /// <summary>Mean over every output value of the batch of (output - target)^2.</summary>
    MeanSquaredError,
}
