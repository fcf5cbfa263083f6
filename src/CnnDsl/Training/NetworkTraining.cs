using System;

namespace CnnDsl.Training;

/// <summary>
/// The base of every generated network's <c>Training</c> type: a <see cref="Trainer"/> on the network's weights and
/// its compile-time memory plan, with the calls a training loop makes. The weights are updated in place, so they are
/// always the trained ones: save them, export them, or build the generated inference class from them.
/// </summary>
/// <typeparam name="TWeights">The network's generated <c>Weights</c> class.</typeparam>
public abstract class NetworkTraining<TWeights> : IDisposable
    where TWeights : NetworkWeights
{
    /// <summary>Builds the trainer on <paramref name="plan"/> when it was made for what <paramref name="options"/> trains (see <see cref="Trainer.PlannedAtCompileTime"/>).</summary>
    protected NetworkTraining(TWeights weights, TrainingOptions? options, TrainingPlan plan)
    {
        Weights = weights ?? throw new ArgumentNullException(nameof(weights));
        Trainer = new Trainer(weights, options, plan ?? throw new ArgumentNullException(nameof(plan)));
    }

    /// <summary>
    /// As <see cref="NetworkTraining{TWeights}(TWeights, TrainingOptions?, TrainingPlan)"/>, with the network's generated
    /// training layers: <paramref name="layers"/> gives the layer generated for a node id, or null where the trainer's
    /// own kernels run the node.
    /// </summary>
    protected NetworkTraining(TWeights weights, TrainingOptions? options, TrainingPlan plan, Func<int, TrainingLayer?> layers)
    {
        Weights = weights ?? throw new ArgumentNullException(nameof(weights));
        Trainer = new Trainer(weights, options, plan ?? throw new ArgumentNullException(nameof(plan)), layers ?? throw new ArgumentNullException(nameof(layers)));
    }

    /// <summary>The weights being trained (updated in place by each step).</summary>
    public TWeights Weights { get; }

    /// <summary>The engine, for everything else it offers (gradients, cached features, the learning rate, the plan in use).</summary>
    public Trainer Trainer { get; }

    /// <summary>One step with cross-entropy on integer labels: forward, loss, backward, update; returns the batch's mean loss before the update.</summary>
    /// <param name="images">batch x H x W x C values, NHWC.</param>
    /// <param name="labels">One class per image.</param>
    public float Step(ReadOnlySpan<float> images, ReadOnlySpan<int> labels) => Trainer.Step(images, labels);

    /// <summary>One step with mean squared error against <paramref name="targets"/> (batch x output values).</summary>
    public float Step(ReadOnlySpan<float> images, ReadOnlySpan<float> targets) => Trainer.Step(images, targets);

    /// <summary>Loss and top-1 accuracy in inference mode (running statistics, no dropout); changes nothing.</summary>
    public Evaluation Evaluate(ReadOnlySpan<float> images, ReadOnlySpan<int> labels) => Trainer.Evaluate(images, labels);

    /// <summary>Mean squared error in inference mode; changes nothing.</summary>
    public Evaluation Evaluate(ReadOnlySpan<float> images, ReadOnlySpan<float> targets) => Trainer.Evaluate(images, targets);

    /// <summary>Stops the trainer's worker threads.</summary>
    public void Dispose()
    {
        Trainer.Dispose();
        GC.SuppressFinalize(this);
    }
}
