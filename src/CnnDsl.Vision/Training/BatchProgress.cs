namespace CnnDsl.Vision;

/// <summary>Progress within an epoch of a <see cref="TrainingLoop"/>, reported after each batch.</summary>
/// <param name="Epoch">0 for the first.</param>
/// <param name="Images">Images trained on so far in this epoch.</param>
/// <param name="TotalImages">Images the epoch covers.</param>
/// <param name="Loss">Mean loss so far in this epoch.</param>
/// <param name="Accuracy">Training top-1 accuracy so far in this epoch.</param>
/// <param name="ImagesPerSecond">Training speed so far in this epoch.</param>
public readonly record struct BatchProgress(int Epoch, int Images, int TotalImages, double Loss, double Accuracy, double ImagesPerSecond);
