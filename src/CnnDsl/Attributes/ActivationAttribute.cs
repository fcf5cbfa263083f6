namespace CnnDsl;

/// <summary>A standalone activation layer.</summary>
/// <param name="act">The activation.</param>
public sealed class ActivationAttribute(Act act) : LayerAttribute
{
    /// <summary>The activation.</summary>
    public Act Act { get; } = act;
}
