namespace CnnDsl.Training;

/// <summary>
/// An update rule (configuration only: the <see cref="Trainer"/> keeps the per-parameter state). The learning rate
/// at step t is <see cref="LearningRate"/> times the schedule's factor at t.
/// </summary>
public abstract record Optimizer
{
    /// <summary>The base learning rate.</summary>
    public float LearningRate { get; init; } = 0.01f;

    /// <summary>Weight decay: L2 added to the gradient (SGD, Adam) or decoupled (AdamW).</summary>
    public float WeightDecay { get; init; }

    /// <summary>Updates <paramref name="parameter"/> from its gradient; <paramref name="step"/> counts from 1.</summary>
    internal abstract void Update(Parameter parameter, float learningRate, long step);
}
