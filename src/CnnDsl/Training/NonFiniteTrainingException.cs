using System;

namespace CnnDsl.Training;

/// <summary>
/// A training step met a non-finite value (NaN or infinity) and was abandoned before any weight or running statistic
/// changed. <see cref="Origin"/> names the first graph node whose output was not finite, or the parameter tensor
/// whose gradient was not.
/// </summary>
public sealed class NonFiniteTrainingException : ArithmeticException
{
    /// <summary>Creates the exception.</summary>
    public NonFiniteTrainingException(string origin, string message) : base(message) => Origin = origin;

    /// <summary>Creates the exception (for serializers and tooling).</summary>
    public NonFiniteTrainingException() : this("", "A training step met a non-finite value.") { }

    /// <summary>Creates the exception (for serializers and tooling).</summary>
    public NonFiniteTrainingException(string message) : this("", message) { }

    /// <summary>Creates the exception (for serializers and tooling).</summary>
    public NonFiniteTrainingException(string message, Exception inner) : base(message, inner) => Origin = "";

    /// <summary>The node (or parameter tensor) where the non-finite value first appeared.</summary>
    public string Origin { get; }
}
