using System;

namespace CnnDsl.Tests.Oracles;

/// <summary>Seeded random weights and images for the oracle cross-checks, with batch norms far from the identity.</summary>
internal static class RandomTensors
{
    /// <summary>Every tensor random: weights scaled by 1/sqrt(fan-in), biases and shifts around 0, means off 0, variances in [0.5, 2].</summary>
    public static NetworkWeights Randomize(NetworkWeights weights, int seed)
    {
        var random = new Random(seed);
        foreach (var tensor in weights.Tensors)
        {
            float[] data = weights[tensor.Name];
            string name = tensor.Name;
            (double low, double high) range =
                name.EndsWith("running_var", StringComparison.Ordinal) ? (0.5, 2.0)
                : name.EndsWith("running_mean", StringComparison.Ordinal) ? (-0.5, 0.5)
                : IsBatchNormScale(weights, tensor) ? (0.5, 1.5)
                : name.EndsWith(".bias", StringComparison.Ordinal) ? (-0.5, 0.5)
                : Symmetric(Math.Sqrt(3.0 / (tensor.Length / tensor.Shape[0])));
            for (int i = 0; i < data.Length; i++) data[i] = (float)(range.low + (range.high - range.low) * random.NextDouble());
        }
        return weights;
    }

    /// <summary><paramref name="length"/> values uniform in [-1, 1].</summary>
    public static float[] Images(int length, int seed)
    {
        var random = new Random(seed);
        var data = new float[length];
        for (int i = 0; i < length; i++) data[i] = (float)(random.NextDouble() * 2 - 1);
        return data;
    }

    private static (double, double) Symmetric(double limit) => (-limit, limit);

    private static bool IsBatchNormScale(NetworkWeights weights, TensorInfo tensor)
    {
        var node = weights.Graph[tensor.Node];
        return tensor.Name == node.Name + ".bn.weight" || (node.Op == Op.BatchNorm && tensor.Name == node.Name + ".weight");
    }
}
