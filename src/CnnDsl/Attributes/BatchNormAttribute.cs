namespace CnnDsl;

/// <summary>Batch normalization with learned scale and shift and running mean and variance (inference form).</summary>
#if CNNDSL_ROSLYN
internal
#else
public
#endif
sealed class BatchNormAttribute : LayerAttribute
{
    /// <summary>The epsilon added to the variance (default 1e-5).</summary>
    public float Epsilon { get; set; } = 1e-5f;
    /// <summary>Activation after the normalization (default none).</summary>
    public Act Act { get; set; } = Act.None;
}
