namespace CnnDsl;

/// <summary>A depthwise 2-D convolution: one square kernel per input channel (channel multiplier 1).</summary>
/// <param name="kernel">Kernel height and width.</param>
#if CNNDSL_ROSLYN
internal
#else
public
#endif
sealed class DepthwiseConvAttribute(int kernel) : LayerAttribute
{
    /// <summary>Kernel height and width.</summary>
    public int Kernel { get; } = kernel;
    /// <summary>Stride in both directions (default 1).</summary>
    public int Stride { get; set; } = 1;
    /// <summary>Padding mode (default <see cref="CnnDsl.Padding.Same"/>); ignored when <see cref="Pad"/> is set.</summary>
    public Padding Padding { get; set; } = Padding.Same;
    /// <summary>Explicit symmetric zero padding on every side; -1 (the default) means use <see cref="Padding"/>.</summary>
    public int Pad { get; set; } = -1;
    /// <summary>Activation after the convolution (default none).</summary>
    public Act Act { get; set; } = Act.None;
    /// <summary>Whether the convolution has a bias (default true).</summary>
    public bool Bias { get; set; } = true;
    /// <summary>A batch normalization after the convolution (before the activation); folded into the convolution at load.</summary>
    public bool BatchNorm { get; set; }
    /// <summary>Rows added above; with <see cref="PadLeft"/>, <see cref="PadBottom"/> and <see cref="PadRight"/> all set (0 or more) the four override <see cref="Pad"/> and <see cref="Padding"/> (ONNX <c>pads</c>). -1 (the default) means unset.</summary>
    public int PadTop { get; set; } = -1;
    /// <summary>Columns added on the left; see <see cref="PadTop"/>.</summary>
    public int PadLeft { get; set; } = -1;
    /// <summary>Rows added below; see <see cref="PadTop"/>.</summary>
    public int PadBottom { get; set; } = -1;
    /// <summary>Columns added on the right; see <see cref="PadTop"/>.</summary>
    public int PadRight { get; set; } = -1;
}
