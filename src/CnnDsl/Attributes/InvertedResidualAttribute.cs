namespace CnnDsl;

/// <summary>
/// MobileNet V2's bottleneck (one row of the paper's Table 2): 1x1 expansion to t times the input channels with ReLU6
/// (omitted when t = 1), kxk depthwise with ReLU6, linear 1x1 projection to <paramref name="filters"/>; a residual add
/// when the stride is 1 and the channels match. Of <see cref="Repeat"/> blocks, the first has <see cref="Stride"/>, the rest stride 1.
/// </summary>
/// <param name="filters">Output channels (c).</param>
#if CNNDSL_ROSLYN
internal
#else
public
#endif
sealed class InvertedResidualAttribute(int filters) : LayerAttribute
{
    /// <summary>Output channels (c).</summary>
    public int Filters { get; } = filters;
    /// <summary>Expansion factor (t, default 6).</summary>
    public int Expansion { get; set; } = 6;
    /// <summary>Stride of the first block (s, default 1).</summary>
    public int Stride { get; set; } = 1;
    /// <summary>Number of blocks (n, default 1).</summary>
    public int Repeat { get; set; } = 1;
    /// <summary>Depthwise kernel (default 3).</summary>
    public int Kernel { get; set; } = 3;
}
