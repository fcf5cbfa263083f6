using System;
using System.Collections.Generic;
using CnnDsl.Onnx;
using CnnDsl.Oracles;

namespace CnnDsl.Tests.Inference;

/// <summary>A generated network's Forward, as a delegate (spans cannot be generic arguments of Action).</summary>
internal delegate void ForwardPass(ReadOnlySpan<float> input, Span<float> output);

/// <summary>
/// Runs generated inference and two independent oracles, the reference executor and ONNX Runtime (on the ONNX
/// export of the same weights), on the same seeded weights and inputs.
/// Tolerance: max |generated - reference| &lt;= 1e-4 * max(1, max |reference|) over the whole output (a relative
/// error against the output's scale, with an absolute floor of 1e-4 for outputs below 1 such as softmax).
/// </summary>
internal static class Agreement
{
    public const double Tolerance = 1e-4;

    public static void Check<TWeights>(TWeights weights, Func<TWeights, ForwardPass> create, int batch, int seed = 7)
        where TWeights : NetworkWeights
    {
        RandomWeights.Fill(weights, seed);
        var graph = weights.Graph;
        int inputLength = graph[0].Output.Length;
        int outputLength = graph[^1].Output.Length;
        float[] input = RandomWeights.Input(batch * inputLength, seed + 2);

        float[] expected = ReferenceExecutor.Run(graph, weights, input, batch);
        var forward = create(weights);
        var actual = new float[batch * outputLength];
        forward(input, actual);
        AssertClose(expected, actual, graph);
        AssertClose(OnnxRuntimeOracle.Run(OnnxExporter.Export(weights), input, batch, graph[0].Output), actual, graph);

        // A second call on the same instance reuses the arena: same answer.
        var again = new float[actual.Length];
        forward(input, again);
        Assert.Equal(actual, again);
    }

    /// <summary>
    /// <see cref="Check"/> on an instance made with two threads, then the same images on one thread: the results must be
    /// equal bit for bit (each value is computed by one thread, with the same sums in the same order).
    /// </summary>
    public static void CheckOnTwoThreads<TWeights, TNetwork>(TWeights weights, Func<TWeights, int, TNetwork> create, int batch, int seed = 7)
        where TWeights : NetworkWeights
        where TNetwork : INetwork, IDisposable
    {
        TNetwork? two = default;
        try
        {
            Check(weights, w => (two = create(w, 2)).Forward, batch, seed);
            float[] input = RandomWeights.Input(batch * two!.InputLength, seed + 3);
            var split = new float[batch * two.OutputLength];
            two.Forward(input, split);
            using var one = create(weights, 1);
            var whole = new float[split.Length];
            one.Forward(input, whole);
            Assert.Equal(whole, split);
        }
        finally
        {
            two?.Dispose();
        }
    }

    public static void AssertClose(float[] expected, float[] actual, IReadOnlyList<NodeInfo> graph)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = 1, worst = 0;
        int worstAt = -1;
        foreach (float e in expected) scale = Math.Max(scale, Math.Abs(e));
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs((double)expected[i] - actual[i]);
            if (!(error <= worst)) { worst = error; worstAt = i; }
        }
        Assert.True(worst <= Tolerance * scale,
            $"{graph[^1].Name}: max |error| {worst:G4} at {worstAt} (expected {(worstAt >= 0 ? expected[worstAt] : 0)}, got {(worstAt >= 0 ? actual[worstAt] : 0)}) exceeds {Tolerance} x {scale:G4}.");
    }
}
