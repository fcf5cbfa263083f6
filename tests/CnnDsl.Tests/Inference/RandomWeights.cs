using System;

namespace CnnDsl.Tests.Inference;

/// <summary>Seeded weights and inputs with non-trivial batch-norm statistics and biases, for the agreement tests.</summary>
internal static class RandomWeights
{
    public static void Fill(NetworkWeights weights, int seed)
    {
        weights.InitializeRandom(seed);
        var random = new Random(seed + 1);
        foreach (var tensor in weights.Tensors)
        {
            var data = weights[tensor.Name];
            if (tensor.Name.EndsWith("running_var", StringComparison.Ordinal)) Uniform(random, data, 0.5, 2.0);
            else if (tensor.Name.EndsWith("running_mean", StringComparison.Ordinal)) Uniform(random, data, -0.5, 0.5);
            else if (tensor.Name.EndsWith(".bias", StringComparison.Ordinal)) Uniform(random, data, -0.3, 0.3);
            else if (tensor.Name.EndsWith(".weight", StringComparison.Ordinal) && weights.Graph[tensor.Node].Op == Op.BatchNorm) Uniform(random, data, 0.5, 1.5);
            else if (tensor.Name.EndsWith(".bn.weight", StringComparison.Ordinal)) Uniform(random, data, 0.5, 1.5);
        }
    }

    public static float[] Input(int length, int seed)
    {
        var random = new Random(seed);
        var data = new float[length];
        Uniform(random, data, -1, 1);
        return data;
    }

    private static void Uniform(Random random, float[] data, double lo, double hi)
    {
        for (int i = 0; i < data.Length; i++) data[i] = (float)(lo + (random.NextDouble() * (hi - lo)));
    }
}
