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
    private readonly string _kind;
    private readonly bool[] _overwrite;
    private int _phase;

    protected OperationKernel(KernelSetup setup)
    {
        Node = setup.Node;
        Run = setup.Run;
        _kind = TrainingProfile.KindOf(setup.Node.Info);
        _overwrite = new bool[setup.Node.Inputs.Length];
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

    /// <summary>
    /// Whether <see cref="Backward"/> can write every value of input <paramref name="k"/>'s gradient instead of adding to
    /// it: then, when this node is the gradient's first writer, the trainer leaves the buffer uncleared and sets
    /// <see cref="SetOverwrite"/>, saving a pass over memory that writes zeros and a read of them.
    /// </summary>
    public virtual bool CanOverwriteInputGradient(int k) => false;

    /// <summary>
    /// Whether <see cref="Forward"/> writes whole positions per item and applies <see cref="TrainingNode.FusedActivation"/>
    /// to each item's output when the node has one (see there); otherwise the activation runs as a pass of its own.
    /// </summary>
    public virtual bool AppliesActivation => false;

    /// <summary>Set before each backward: whether input <paramref name="k"/>'s gradient holds garbage to overwrite rather than a sum to add to.</summary>
    public void SetOverwrite(int k, bool overwrite) => _overwrite[k] = overwrite;

    /// <summary>Whether this backward overwrites input <paramref name="k"/>'s gradient (see <see cref="CanOverwriteInputGradient"/>).</summary>
    protected bool Overwrites(int k) => _overwrite[k];

    /// <summary>
    /// Runs items 0 .. count-1 of phase <paramref name="phase"/> on the pool. Every kernel numbers its phases alike:
    /// 0 forward, 1 input gradient, 2 and later parameter gradients (so a profile can tell them apart).
    /// </summary>
    protected void Parallel(int phase, int count)
    {
        _phase = phase;
        var profile = Run.Profile;
        double start = profile?.Now() ?? 0;
        Run.Pool.Run(this, count);
        profile?.Add(_kind, phase switch { 0 => TrainingStage.Forward, 1 => TrainingStage.InputGradient, _ => TrainingStage.ParameterGradient }, start);
    }

    /// <summary>Runs <paramref name="work"/> on this thread, its time counted in the profile as <paramref name="stage"/> (e.g. weights transformed before a pass).</summary>
    protected void Serial(TrainingStage stage, Action work)
    {
        var profile = Run.Profile;
        double start = profile?.Now() ?? 0;
        work();
        profile?.Add(_kind, stage, start);
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
