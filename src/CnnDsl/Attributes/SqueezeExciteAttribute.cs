namespace CnnDsl;

/// <summary>
/// Squeeze-and-excitation (Hu et al. 2018) on its own: global average pool, 1x1 reduce to
/// <c>max(1, (int)(channels * ratio))</c> with <see cref="Act"/>, 1x1 expand back with Sigmoid, then every channel of
/// the input multiplied by its gate. Shape-preserving.
/// </summary>
/// <param name="ratio">Squeezed channels as a fraction of the input channels (e.g. 0.25; SENet uses 1/16).</param>
#if CNNDSL_ROSLYN
internal
#else
public
#endif
sealed class SqueezeExciteAttribute(double ratio) : LayerAttribute
{
    /// <summary>Squeezed channels as a fraction of the input channels.</summary>
    public double Ratio { get; } = ratio;
    /// <summary>Activation of the reduce convolution (default Swish, as in EfficientNet; SENet uses ReLU).</summary>
    public Act Act { get; set; } = Act.Swish;
}
