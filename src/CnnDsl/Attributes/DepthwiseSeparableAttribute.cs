namespace CnnDsl;

/// <summary>MobileNet V1's depthwise-separable block: 3x3 depthwise (with <see cref="Stride"/>) then 1x1 pointwise to <paramref name="filters"/>, each followed by ReLU.</summary>
/// <param name="filters">Output channels of the pointwise convolution.</param>
#if CNNDSL_ROSLYN
internal
#else
public
#endif
sealed class DepthwiseSeparableAttribute(int filters) : LayerAttribute
{
    /// <summary>Output channels.</summary>
    public int Filters { get; } = filters;
    /// <summary>Stride of the depthwise convolution (default 1).</summary>
    public int Stride { get; set; } = 1;
    /// <summary>Kernel of the depthwise convolution (default 3).</summary>
    public int Kernel { get; set; } = 3;
    /// <summary>Activation after each convolution (default ReLU).</summary>
    public Act Act { get; set; } = Act.Relu;
}
