namespace CnnDsl;

/// <summary>A fully connected layer; flattens its input (in NHWC order) first.</summary>
/// <param name="units">Output features.</param>
#if CNNDSL_ROSLYN
internal
#else
public
#endif
sealed class DenseAttribute(int units) : LayerAttribute
{
    /// <summary>Output features.</summary>
    public int Units { get; } = units;
    /// <summary>Activation after the layer (default none).</summary>
    public Act Act { get; set; } = Act.None;
    /// <summary>Whether the layer has a bias (default true).</summary>
    public bool Bias { get; set; } = true;
}
