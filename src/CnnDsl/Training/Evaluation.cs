namespace CnnDsl.Training;

/// <summary>The loss and (for labels) the number of correct top-1 predictions on a batch, in inference mode.</summary>
/// <param name="Loss">Mean loss over the batch.</param>
/// <param name="Correct">Images whose largest output is their label (0 for regression targets).</param>
/// <param name="Count">Images in the batch.</param>
public readonly record struct Evaluation(float Loss, int Correct, int Count)
{
    /// <summary>Correct / Count.</summary>
    public double Accuracy => Count == 0 ? 0 : (double)Correct / Count;
}
