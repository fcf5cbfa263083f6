using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace CnnDsl.Training;

/// <summary>The parts of a training step a <see cref="TrainingProfile"/> times separately.</summary>
internal enum TrainingStage
{
    /// <summary>An operation's forward (convolution, pooling, addition, ...), before its batch norm and activation.</summary>
    Forward,
    /// <summary>Batch norm's batch statistics (mean and variance passes).</summary>
    BatchNormStatistics,
    /// <summary>Batch norm's y = a x + b, with the node's activation when it has one (one pass).</summary>
    BatchNormApply,
    /// <summary>An activation's forward (one after no batch norm: a batch norm applies its node's in its own pass).</summary>
    Activation,
    /// <summary>The loss and its gradient.</summary>
    Loss,
    /// <summary>An activation's backward (dy times its derivative).</summary>
    ActivationBackward,
    /// <summary>Batch norm's backward: its two reductions and the input gradient.</summary>
    BatchNormBackward,
    /// <summary>An operation's input gradient.</summary>
    InputGradient,
    /// <summary>An operation's weight and bias gradients.</summary>
    ParameterGradient,
    /// <summary>The optimizer's update, clipping and the running statistics' commit.</summary>
    Update,
}

/// <summary>
/// Time (wall-clock, or the clock given) of each part of the training steps run while it is attached, summed by operation kind (a
/// convolution by kernel size, e.g. "Conv 1x1", since a pointwise convolution and a 3x3 one cost differently) and by
/// <see cref="TrainingStage"/>. For the benchmark's breakdown of where a step goes; it allocates when it meets a new
/// kind, so the trainer times nothing unless one is attached.
/// </summary>
internal sealed class TrainingProfile
{
    private static readonly int Stages = Enum.GetValues<TrainingStage>().Length;
    private readonly Dictionary<string, double[]> _seconds = new(StringComparer.Ordinal);
    private readonly Func<double> _clock;

    /// <summary>A profile on <paramref name="clock"/> (seconds; e.g. the calling thread's CPU time for one-thread steps on a shared machine), wall-clock by default.</summary>
    public TrainingProfile(Func<double>? clock = null)
    {
        _clock = clock ?? (() => Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency);
    }

    /// <summary>Every kind met, with its seconds per stage (indexed by <see cref="TrainingStage"/>).</summary>
    public IEnumerable<(string Kind, double[] Seconds)> Rows
    {
        get
        {
            foreach (var (kind, seconds) in _seconds) yield return (kind, (double[])seconds.Clone());
        }
    }

    /// <summary>Forgets everything timed so far (e.g. the warm-up step).</summary>
    public void Clear() => _seconds.Clear();

    /// <summary>The clock's reading, to pass to <see cref="Add"/> when the timed part ends.</summary>
    public double Now() => _clock();

    /// <summary>Adds the time since <paramref name="start"/> (a <see cref="Now"/>) to <paramref name="kind"/>'s <paramref name="stage"/>.</summary>
    public void Add(string kind, TrainingStage stage, double start)
    {
        double elapsed = _clock() - start;
        if (!_seconds.TryGetValue(kind, out var seconds)) _seconds.Add(kind, seconds = new double[Stages]);
        seconds[(int)stage] += elapsed;
    }

    /// <summary>
    /// Whether trainers created from now on count a convolution under its shape (kernel, input and output channels,
    /// output height / stride, e.g. "3x3 64>64 56/1") rather than its kernel size: for a per-layer breakdown.
    /// </summary>
    public static bool ByShape { get; set; }

    /// <summary>The kind a node's operation is counted under: its operation, and a convolution's kernel size (or shape, see <see cref="ByShape"/>).</summary>
    public static string KindOf(NodeInfo info)
        => info.Op is Op.Conv or Op.DepthwiseConv
            ? ByShape
                ? FormattableString.Invariant($"{info.KernelH}x{info.KernelW} {info.Input.Channels}>{info.Output.Channels} {info.Output.Height}/{info.StrideH}")
                : FormattableString.Invariant($"{info.Op} {info.KernelH}x{info.KernelW}")
            : info.Op.ToString();
}
