using System;
using System.IO;

namespace CnnDsl;

/// <summary>
/// A weights file is well formed but does not fit the network: a tensor is missing, has another shape, or an
/// imported graph differs from the definition. The message names the tensor (or layer) and both shapes.
/// Malformed files are <see cref="InvalidDataException"/> instead (sealed, so this type cannot derive from it): the
/// readers throw only these two for bad input.
/// </summary>
public sealed class WeightsMismatchException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="tensorName">The tensor or layer that does not fit.</param>
    /// <param name="message">What differs, with both shapes.</param>
    public WeightsMismatchException(string tensorName, string message) : base(message)
    {
        TensorName = tensorName;
    }

    /// <summary>The tensor (or layer) that does not fit.</summary>
    public string TensorName { get; }
}
