namespace CnnDsl;

/// <summary>A standalone activation layer.</summary>
/// <param name="act">The activation.</param>
#if CNNDSL_ROSLYN
internal
#else
public
#endif
sealed class ActivationAttribute(Act act) : LayerAttribute
{
    /// <summary>The activation.</summary>
    public Act Act { get; } = act;
}
