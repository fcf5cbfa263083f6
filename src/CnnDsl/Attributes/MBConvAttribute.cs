namespace CnnDsl;

/// <summary>
/// EfficientNet's mobile inverted bottleneck (one row of Tan and Le 2019, Table 1): 1x1 expansion to
/// <see cref="Expansion"/> times the input channels with Swish (omitted when the expansion is 1), kxk depthwise with
/// Swish, squeeze-and-excitation, linear 1x1 projection to <paramref name="filters"/>; a residual add when the
/// stride is 1 and the channels match. Batch normalization is folded into each convolution's bias. Of
/// <see cref="Repeat"/> blocks, the first has <see cref="Stride"/>, the rest stride 1.
/// </summary>
/// <param name="filters">Output channels.</param>
#if CNNDSL_ROSLYN
internal
#else
public
#endif
sealed class MBConvAttribute(int filters) : LayerAttribute
{
    /// <summary>Output channels.</summary>
    public int Filters { get; } = filters;
    /// <summary>Expansion factor (the 6 of "MBConv6"; default 6).</summary>
    public int Expansion { get; set; } = 6;
    /// <summary>Depthwise kernel (default 3).</summary>
    public int Kernel { get; set; } = 3;
    /// <summary>Stride of the first block (default 1).</summary>
    public int Stride { get; set; } = 1;
    /// <summary>Number of blocks (default 1).</summary>
    public int Repeat { get; set; } = 1;
    /// <summary>
    /// Squeeze-and-excitation ratio of the block's input channels (not the expanded ones), as the reference
    /// implementation counts: <c>max(1, (int)(inChannels * ratio))</c> squeezed channels. Default 0.25; 0 turns it off.
    /// </summary>
    public double SqueezeExcite { get; set; } = 0.25;
}
