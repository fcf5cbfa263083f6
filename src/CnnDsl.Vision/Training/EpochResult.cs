using System;

namespace CnnDsl.Vision;

/// <summary>What one epoch of a <see cref="TrainingLoop"/> did.</summary>
/// <param name="Epoch">0 for the first.</param>
/// <param name="Images">Images trained on (fewer than the training set when the epoch was stopped).</param>
/// <param name="Loss">Mean training loss over the epoch's batches, each taken before its update.</param>
/// <param name="Accuracy">Training top-1 accuracy over the same batches.</param>
/// <param name="ValidationLoss">Loss on the validation reader after the epoch (NaN without one).</param>
/// <param name="ValidationAccuracy">Top-1 accuracy on the validation reader after the epoch (NaN without one).</param>
/// <param name="TrainingTime">Wall-clock time of the training steps, including the features computed for the cache in this epoch.</param>
/// <param name="FromCachedFeatures">Whether the steps started from cached features instead of running the frozen prefix.</param>
public readonly record struct EpochResult(
    int Epoch, int Images, double Loss, double Accuracy, double ValidationLoss, double ValidationAccuracy,
    TimeSpan TrainingTime, bool FromCachedFeatures)
{
    /// <summary>Training images per second of <see cref="TrainingTime"/>.</summary>
    public double ImagesPerSecond => TrainingTime > TimeSpan.Zero ? Images / TrainingTime.TotalSeconds : 0;
}
