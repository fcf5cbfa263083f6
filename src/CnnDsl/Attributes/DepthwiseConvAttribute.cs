namespace CnnDsl;

/// <summary>A depthwise 2-D convolution: one kernel per input channel (channel multiplier 1), square or (two arguments) of its own height and width.</summary>
#if CNNDSL_ROSLYN
internal
#else
public
#endif
sealed class DepthwiseConvAttribute : LayerAttribute
{
    /// <summary>A square kernel.</summary>
    /// <param name="kernel">Kernel height and width.</param>
    public DepthwiseConvAttribute(int kernel) : this(kernel, kernel) { }

    /// <summary>A kernel of <paramref name="kernelH"/> rows by <paramref name="kernelW"/> columns.</summary>
    /// <param name="kernelH">Kernel height.</param>
    /// <param name="kernelW">Kernel width.</param>
    public DepthwiseConvAttribute(int kernelH, int kernelW)
    {
        KernelH = kernelH;
        KernelW = kernelW;
    }

    /// <summary>Kernel height and width of a square kernel (the height of a non-square one).</summary>
    public int Kernel => KernelH;
    /// <summary>Kernel height.</summary>
    public int KernelH { get; }
    /// <summary>Kernel width.</summary>
    public int KernelW { get; }
    /// <summary>Stride in both directions (default 1); sets <see cref="StrideH"/> and <see cref="StrideW"/>.</summary>
    public int Stride { get => StrideH; set => StrideH = StrideW = value; }
    /// <summary>Vertical stride (default 1).</summary>
    public int StrideH { get; set; } = 1;
    /// <summary>Horizontal stride (default 1).</summary>
    public int StrideW { get; set; } = 1;
    /// <summary>Dilation in both directions (default 1); sets <see cref="DilationH"/> and <see cref="DilationW"/>. A kernel k dilated by d spans (k - 1) * d + 1 input positions.</summary>
    public int Dilation { get => DilationH; set => DilationH = DilationW = value; }
    /// <summary>Vertical dilation (default 1).</summary>
    public int DilationH { get; set; } = 1;
    /// <summary>Horizontal dilation (default 1).</summary>
    public int DilationW { get; set; } = 1;
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
    /// <summary>Epsilon of the <see cref="BatchNorm"/> (default 1e-5, ONNX's and PyTorch's; Keras writes 1e-3), so a converted network's conv + batch norm stays one layer.</summary>
    public float BatchNormEpsilon { get; set; } = 1e-5f;
    /// <summary>Rows added above; with <see cref="PadLeft"/>, <see cref="PadBottom"/> and <see cref="PadRight"/> all set (0 or more) the four override <see cref="Pad"/> and <see cref="Padding"/> (ONNX <c>pads</c>). -1 (the default) means unset.</summary>
    public int PadTop { get; set; } = -1;
    /// <summary>Columns added on the left; see <see cref="PadTop"/>.</summary>
    public int PadLeft { get; set; } = -1;
    /// <summary>Rows added below; see <see cref="PadTop"/>.</summary>
    public int PadBottom { get; set; } = -1;
    /// <summary>Columns added on the right; see <see cref="PadTop"/>.</summary>
    public int PadRight { get; set; } = -1;
}
