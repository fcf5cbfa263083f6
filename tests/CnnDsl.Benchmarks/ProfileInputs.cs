using System;

namespace CnnDsl.Benchmarks;

/// <summary>
/// What the profiling runs (<c>--layers</c>, <c>--split-profile</c>) call a workload's networks with: its weights from
/// a fixed seed, a sine image (deterministic, no generator state) and an output buffer.
/// </summary>
internal sealed record ProfileInputs(NetworkWeights Weights, float[] Input, float[] Output)
{
    public static ProfileInputs For(Workload work)
    {
        var weights = work.NewWeights();
        weights.InitializeRandom(seed: 1);
        var input = new float[work.InputShape.Length];
        for (int i = 0; i < input.Length; i++) input[i] = (float)Math.Sin(i);
        return new ProfileInputs(weights, input, new float[work.OutputShape.Length]);
    }
}
