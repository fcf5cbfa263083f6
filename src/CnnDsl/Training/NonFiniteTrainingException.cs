using System;

namespace CnnDsl.Training;

/// <summary>
/// A training step met a non-finite value (NaN or infinity) and was abandoned before any weight or running statistic
/// changed. <see cref="Source"/> names the first graph node whose output was not finite, or the parameter tensor
/// whose gradient was not.
/// </summary>
public sealed class NonFiniteTrainingException : ArithmeticException
{
    /// <summary>Creates the exception.</summary>
    public NonFiniteTrainingException(string source, string message) : base(message) => Source = source;

    /// <summary>Creates the exception (for serializers and tooling).</summary>
    public NonFiniteTrainingException() : this("", "A training step met a non-finite value.") { }

    /// <summary>Creates the exception (for serializers and tooling).</summary>
    public NonFiniteTrainingException(string message) : this("", message) { }

    /// <summary>Creates the exception (for serializers and tooling).</summary>
    public NonFiniteTrainingException(string message, Exception inner) : base(message, inner) => Source = "";

    /// <summary>The node (or parameter tensor) where the non-finite value first appeared.</summary>
    public new string Source { get; }
}
