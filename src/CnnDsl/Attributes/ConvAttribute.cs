namespace CnnDsl;

/// <summary>A standard 2-D convolution with <paramref name="filters"/> output channels and a square kernel.</summary>
/// <param name="filters">Output channels.</param>
/// <param name="kernel">Kernel height and width.</param>
public sealed class ConvAttribute(int filters, int kernel) : LayerAttribute
{
    /// <summary>Output channels.</summary>
    public int Filters { get; } = filters;
    /// <summary>Kernel height and width.</summary>
    public int Kernel { get; } = kernel;
    /// <summary>Stride in both directions (default 1).</summary>
    public int Stride { get; set; } = 1;
    /// <summary>Padding mode (default <see cref="CnnDsl.Padding.Same"/>); ignored when <see cref="Pad"/> is set.</summary>
    public Padding Padding { get; set; } = Padding.Same;
    /// <summary>Explicit symmetric zero padding on every side (PyTorch style); -1 (the default) means use <see cref="Padding"/>.</summary>
    public int Pad { get; set; } = -1;
    /// <summary>Activation after the convolution (default none).</summary>
    public Act Act { get; set; } = Act.None;
    /// <summary>Whether the convolution has a bias (default true).</summary>
    public bool Bias { get; set; } = true;
    /// <summary>A batch normalization after the convolution (before the activation); folded into the convolution at load.</summary>
    public bool BatchNorm { get; set; }
}
