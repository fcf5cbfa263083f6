using System;

namespace CnnDsl.Training;

/// <summary>
/// One operation's forward and backward in training, before the node's batch norm and activation. Forward writes the
/// node's <see cref="TrainingNode.Core"/> from its inputs' outputs; backward reads dloss/dcore from the node's gradient
/// buffer, adds the inputs' gradients (only for inputs that need one) and sets the parameters' gradients (only for
/// trainable ones). Work is split into independent items (images, or rows of a weight gradient) run by the pool.
/// </summary>
internal abstract class OperationKernel : IParallelWork
{
    private int _phase;

    protected OperationKernel(KernelSetup setup)
    {
        Node = setup.Node;
        Run = setup.Run;
    }

    protected TrainingNode Node { get; }
    protected NodeInfo Info => Node.Info;
    protected TrainingRun Run { get; }
    protected int Batch => Run.Batch;

    /// <summary>Sizes per-image scratch for up to <paramref name="capacity"/> images.</summary>
    public virtual void Allocate(int capacity) { }

    /// <summary>Called once per pass before <see cref="Forward"/> (e.g. to repack weights the optimizer changed).</summary>
    public virtual void Prepare() { }

    public abstract void Forward();

    public abstract void Backward();

    /// <summary>Runs items 0 .. count-1 of phase <paramref name="phase"/> on the pool.</summary>
    protected void Parallel(int phase, int count)
    {
        _phase = phase;
        Run.Pool.Run(this, count);
    }

    public void Execute(int item) => Execute(_phase, item);

    protected abstract void Execute(int phase, int item);

    protected float[] Input(int k) => Node.Inputs[k].Output;

    protected float[]? InputGradient(int k) => Node.Inputs[k].OutputGradient;

    /// <summary>One image's slice of a per-image buffer.</summary>
    protected static Span<float> Image(float[] buffer, int image, int length) => buffer.AsSpan(image * length, length);

    /// <summary>Adds per-image partial sums (<paramref name="partial"/>, <paramref name="length"/> per image) in image order into <paramref name="total"/>.</summary>
    protected void SumInImageOrder(float[] partial, int length, float[] total)
    {
        Array.Clear(total);
        for (int n = 0; n < Batch; n++) System.Numerics.Tensors.TensorPrimitives.Add(total, partial.AsSpan(n * length, length), total);
    }
}
