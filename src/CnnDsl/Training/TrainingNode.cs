using System;

namespace CnnDsl.Training;

/// <summary>
/// One graph node during training: its operation (<see cref="Kernel"/>), then its batch norm, then its activation, and
/// the buffers between them. The buffers are the slots the <see cref="TrainingPlan"/> gives the node: a stage runs in
/// place when its backward does not need its input (an activation whose derivative follows from its output, a batch
/// norm with fixed statistics), and values no backward reads share their slot with buffers that live at other times.
/// </summary>
internal sealed class TrainingNode
{
    public TrainingNode(NodeInfo info, TrainingNode[] inputs)
    {
        Info = info;
        Inputs = inputs;
    }

    public NodeInfo Info { get; }
    public TrainingNode[] Inputs { get; }
    public OperationKernel Kernel { get; set; } = null!;
    public BatchNormStage? BatchNorm { get; set; }
    public ActivationStage? Activation { get; set; }
    /// <summary>Whether the loss's gradient must reach this node (a trainable parameter here or upstream, or the input gradient was asked for).</summary>
    public bool NeedsGradient { get; set; }
    /// <summary>The operation's output (the batch norm's input).</summary>
    public float[] Core { get; private set; } = Array.Empty<float>();
    /// <summary>The activation's input.</summary>
    public float[] PreActivation { get; private set; } = Array.Empty<float>();
    /// <summary>The node's output.</summary>
    public float[] Output { get; private set; } = Array.Empty<float>();
    /// <summary>dloss/doutput, then in place dloss/dpre-activation and dloss/dcore during the node's backward; null when not needed.</summary>
    public float[]? OutputGradient { get; private set; }

    /// <summary>
    /// The node's activation when its kernel applies it to each stretch of output it has just written, while that is
    /// still in cache (no separate pass over memory): when the node has no batch norm, the activation runs in place
    /// (its backward reads its output only) and the kernel writes whole positions per item; else null.
    /// </summary>
    public ActivationStage? FusedActivation { get; private set; }

    /// <summary>Points the node at its slots (arrays of the trainer's capacity) and sizes its stages' scratch.</summary>
    public void Bind(float[] core, float[] normalized, float[] output, float[]? gradient, int capacity)
    {
        Core = core;
        PreActivation = normalized;
        Output = output;
        OutputGradient = gradient;
        FusedActivation = Activation is not null && BatchNorm is null && ReferenceEquals(core, output) && Kernel.AppliesActivation ? Activation : null;
        Kernel.Allocate(capacity);
        BatchNorm?.Allocate(capacity);
    }
}
