namespace CnnDsl;

/// <summary>Dropout: identity at inference; <paramref name="rate"/> is the fraction dropped in training.</summary>
/// <param name="rate">Fraction of activations dropped in training, in [0, 1).</param>
#if CNNDSL_ROSLYN
internal
#else
public
#endif
sealed class DropoutAttribute(double rate) : LayerAttribute
{
    /// <summary>Fraction of activations dropped in training.</summary>
    public double Rate { get; } = rate;
}
