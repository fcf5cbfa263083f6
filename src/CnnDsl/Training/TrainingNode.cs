using System;

namespace CnnDsl.Training;

/// <summary>
/// One graph node during training: its operation (<see cref="Kernel"/>), then its batch norm, then its activation, and
/// the buffers between them. A buffer is shared with the next stage when that stage's backward does not need it:
/// an activation whose derivative follows from its output (ReLU, ReLU6, sigmoid, softmax) runs in place, and so does a
/// batch norm with fixed statistics.
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
    /// <summary>The activation's input must be kept (its derivative needs it, or the loss reads the logits).</summary>
    public bool KeepsPreActivation { get; set; }

    /// <summary>The operation's output (the batch norm's input).</summary>
    public float[] Core { get; private set; } = Array.Empty<float>();
    /// <summary>The activation's input.</summary>
    public float[] PreActivation { get; private set; } = Array.Empty<float>();
    /// <summary>The node's output.</summary>
    public float[] Output { get; private set; } = Array.Empty<float>();
    /// <summary>dloss/doutput, then in place dloss/dpre-activation and dloss/dcore during the node's backward; null when not needed.</summary>
    public float[]? OutputGradient { get; private set; }

    /// <summary>Floats held per image.</summary>
    public long FloatsPerImage
    {
        get
        {
            long length = Info.Output.Length;
            long floats = length;
            if (!ReferenceEquals(PreActivation, Core)) floats += length;
            if (!ReferenceEquals(Output, PreActivation)) floats += length;
            if (OutputGradient is not null) floats += length;
            return floats;
        }
    }

    public void Allocate(int capacity)
    {
        // Slack past the last image: vector loads of a row's last channels may read a little beyond it (PanelProduct).
        int length = checked(capacity * Info.Output.Length + PanelProduct.Slack);
        Core = new float[length];
        PreActivation = BatchNorm is { KeepsInput: true } ? new float[length] : Core;
        Output = Activation is not null && KeepsPreActivation ? new float[length] : PreActivation;
        OutputGradient = NeedsGradient ? new float[length] : null;
        Kernel.Allocate(capacity);
        BatchNorm?.Allocate(capacity);
    }
}
