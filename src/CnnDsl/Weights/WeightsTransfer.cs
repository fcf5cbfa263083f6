using System;
using System.Collections.Generic;
using System.Linq;

namespace CnnDsl;

/// <summary>What <see cref="WeightsTransfer.CopyMatching"/> copied, and which tensors of the target it left as they were.</summary>
/// <param name="Copied">Tensors copied from the source (same name, same shape).</param>
/// <param name="NotInSource">Tensors of the target the source does not have (a new head, to initialize by seed).</param>
public sealed record WeightsCopy(IReadOnlyList<string> Copied, IReadOnlyList<string> NotInSource);

/// <summary>
/// Transfer learning's weight loading: a network <c>From</c> a backbone keeps the backbone's layer names, so its
/// weights load by name from the backbone's <c>Weights</c> (itself loaded from ONNX or safetensors).
/// </summary>
public static class WeightsTransfer
{
    /// <summary>
    /// Copies into <paramref name="target"/> every tensor that <paramref name="source"/> has under the same name.
    /// All shapes are checked first: on a mismatch nothing is copied.
    /// </summary>
    /// <exception cref="WeightsMismatchException">A tensor of that name has another shape in the source; the message gives both.</exception>
    public static WeightsCopy CopyMatching(this NetworkWeights target, NetworkWeights source)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(source);
        var copied = new List<string>();
        var missing = new List<string>();
        foreach (var tensor in target.Tensors)
        {
            if (!source.Contains(tensor.Name))
            {
                missing.Add(tensor.Name);
                continue;
            }
            var other = source.Info(tensor.Name);
            if (!other.Shape.SequenceEqual(tensor.Shape))
            {
                throw new WeightsMismatchException(tensor.Name,
                    $"Tensor '{tensor.Name}' is [{string.Join(", ", tensor.Shape)}] in the target but [{string.Join(", ", other.Shape)}] in the source; nothing was copied.");
            }
            copied.Add(tensor.Name);
        }
        foreach (var name in copied) target.Set(name, source[name]);
        return new WeightsCopy(copied, missing);
    }
}
