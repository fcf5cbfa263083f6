using System;
using System.Collections.Generic;
using CnnDsl.Onnx;
using CnnDsl.Oracles;

namespace CnnDsl.Tests.Inference;

/// <summary>
/// NaN and infinity propagate as IEEE arithmetic and ONNX Runtime do: one NaN pixel, an all-NaN image, +/-Inf
/// pixels and values, and large finite values (softmax over logits where exp overflows) through networks using every activation (fused and standalone) and max pooling, compared
/// element-wise (NaN positions, infinities exactly, finite values within <see cref="Agreement.Tolerance"/>) with the
/// reference executor and with ONNX Runtime on the same weights. Image 1 of each batch stays clean. Rerun by
/// ./test.sh with AVX-512 off and with intrinsics off, so every hardware path is checked.
/// ONNX Runtime's own max pooling keeps a NaN only when it is the last value of its window (MLAS takes the maximum
/// with the running value first, and x86 maxps returns its second operand on NaN), so behind a max pool ONNX Runtime
/// may give a finite value where IEEE arithmetic and the reference give NaN: there, and only there, CnnDsl may be NaN
/// where ONNX Runtime is not; every other output must match it.
/// </summary>
public class NonFiniteAgreementTests
{
    [Fact] public void Relu_and_relu6_convolutions() => Check(new StridedSameConvs.Weights(), w => new StridedSameConvs(w).Forward);
    [Fact] public void Sigmoid_swish_and_hardswish_convolutions() => Check(new ExplicitPadConvs.Weights(), w => new ExplicitPadConvs(w).Forward);
    [Fact] public void Channel_softmax() => Check(new WideConvs.Weights(), w => new WideConvs(w).Forward);
    [Fact] public void Standalone_batch_norms_hardswish_and_max_pool() => Check(new StandaloneBatchNorms.Weights(), w => new StandaloneBatchNorms(w).Forward);
    [Fact] public void Depthwise_convolutions() => Check(new DepthwiseConvs.Weights(), w => new DepthwiseConvs(w).Forward);
    [Fact] public void Max_and_average_pools() => Check(new Pools.Weights(), w => new Pools(w).Forward);
    [Fact] public void Dense_layers() => Check(new DenseLayers.Weights(), w => new DenseLayers(w).Forward);
    [Fact] public void Inverted_residuals() => Check(new SmallInvertedResiduals.Weights(), w => new SmallInvertedResiduals(w).Forward);
    [Fact] public void Residual_sum_and_concat_blocks() => Check(new UserBlocks.Weights(), w => new UserBlocks(w).Forward);
    [Fact] public void Standalone_activations() => Check(new StandaloneActivations.Weights(), w => new StandaloneActivations(w).Forward);

    private static readonly string[] Cases = ["one NaN pixel", "all NaN", "+Inf pixel", "-Inf pixel", "one +Inf value", "one -Inf value", "large values"];

    private static void Check<TWeights>(TWeights weights, Func<TWeights, ForwardPass> create) where TWeights : NetworkWeights
    {
        const int batch = 2;
        RandomWeights.Fill(weights, 7);
        var graph = weights.Graph;
        var shape = graph[0].Output;
        int inputLength = shape.Length, outputLength = graph[^1].Output.Length;
        byte[] model = OnnxExporter.Export(weights);
        var forward = create(weights);
        foreach (string name in Cases)
        {
            float[] input = RandomWeights.Input(batch * inputLength, 9);
            Poison(input, name, shape);
            float[] actual = new float[batch * outputLength];
            forward(input, actual);
            float[] reference = ReferenceExecutor.Run(graph, weights, input, batch);
            float[] ort = OnnxRuntimeOracle.Run(model, input, batch, shape);
            if (name.Contains("NaN", StringComparison.Ordinal))
            {
                Assert.True(Array.Exists(reference, float.IsNaN), $"{name}: the reference has no NaN, so the case proves nothing");
            }
            AssertSame(reference, actual, $"{graph[^1].Name}, {name}, against the reference executor", nanWhereOracleIsFinite: false);
            bool maxPool = false;
            foreach (var node in graph) maxPool |= node.Op == Op.MaxPool;
            AssertSame(ort, actual, $"{graph[^1].Name}, {name}, against ONNX Runtime", nanWhereOracleIsFinite: maxPool);
        }
    }

    /// <summary>Poisons image 0 of the batch; image 1 stays finite.</summary>
    private static void Poison(float[] input, string name, TensorShape shape)
    {
        int c = shape.Channels;
        int pixel = ((shape.Height / 2 * shape.Width) + (shape.Width / 3)) * c;
        switch (name)
        {
            case "one NaN pixel": input.AsSpan(pixel, c).Fill(float.NaN); break;
            case "all NaN": input.AsSpan(0, shape.Length).Fill(float.NaN); break;
            case "+Inf pixel": input.AsSpan(pixel, c).Fill(float.PositiveInfinity); break;
            case "-Inf pixel": input.AsSpan(pixel, c).Fill(float.NegativeInfinity); break;
            case "one +Inf value": input[pixel + (c / 2)] = float.PositiveInfinity; break;
            case "one -Inf value": input[pixel + (c / 2)] = float.NegativeInfinity; break;
            case "large values": foreach (ref float v in input.AsSpan(0, shape.Length)) v *= 1e4f; break; // logits far above exp's range
            default: throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown case.");
        }
    }

    /// <summary>
    /// NaN exactly where the oracle has NaN, infinities equal, finite values within the agreement tolerance; with
    /// <paramref name="nanWhereOracleIsFinite"/>, NaN is also accepted where the oracle dropped it.
    /// </summary>
    private static void AssertSame(float[] expected, float[] actual, string what, bool nanWhereOracleIsFinite)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = 1;
        foreach (float e in expected) if (float.IsFinite(e)) scale = Math.Max(scale, Math.Abs(e));
        var wrong = new List<string>();
        for (int i = 0; i < expected.Length; i++)
        {
            float e = expected[i], a = actual[i];
            bool same = float.IsNaN(e) ? float.IsNaN(a)
                : float.IsNaN(a) ? nanWhereOracleIsFinite
                : float.IsInfinity(e) ? a == e
                : float.IsFinite(a) && Math.Abs((double)e - a) <= Agreement.Tolerance * scale;
            if (!same && wrong.Count < 5) wrong.Add($"[{i}] expected {e}, got {a}");
            else if (!same) wrong.Add("");
        }
        Assert.True(wrong.Count == 0, $"{what}: {wrong.Count} of {expected.Length} outputs differ: {string.Join("; ", wrong.GetRange(0, Math.Min(5, wrong.Count)))}");
    }
}
