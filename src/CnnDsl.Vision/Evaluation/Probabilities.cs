using System;
using System.Numerics.Tensors;

namespace CnnDsl.Vision;

/// <summary>Turning network outputs into class probabilities.</summary>
public static class Probabilities
{
    /// <summary>Whether the network's last operation already applies a softmax (its outputs are probabilities).</summary>
    public static bool EndsInSoftmax(INetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return network.Graph.Count > 0 && network.Graph[^1].Act == Act.Softmax;
    }

    /// <summary>
    /// Adds <paramref name="weight"/> x softmax of each <paramref name="classes"/>-long row of <paramref name="outputs"/>
    /// into <paramref name="sum"/> row by row (or into one row when <paramref name="sum"/> has one), applying the softmax
    /// only when <paramref name="alreadyProbabilities"/> is false. <paramref name="row"/> is scratch of one row.
    /// </summary>
    internal static void Accumulate(ReadOnlySpan<float> outputs, int classes, bool alreadyProbabilities, float weight, Span<float> sum, Span<float> row)
    {
        bool single = sum.Length == classes;
        for (int i = 0; i * classes < outputs.Length; i++)
        {
            ReadOnlySpan<float> output = outputs.Slice(i * classes, classes);
            if (!alreadyProbabilities)
            {
                TensorPrimitives.SoftMax(output, row);
                output = row;
            }
            Span<float> target = single ? sum : sum.Slice(i * classes, classes);
            TensorPrimitives.MultiplyAdd(output, weight, target, target);
        }
    }
}
