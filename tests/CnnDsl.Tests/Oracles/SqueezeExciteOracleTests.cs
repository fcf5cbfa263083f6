using System;
using CnnDsl.Onnx;
using CnnDsl.Oracles;

namespace CnnDsl.Tests.Oracles;

/// <summary>Two channels, ratio 0.5: max(1, int(2 * 0.5)) = 1 squeezed channel, ReLU so the arithmetic stays by hand.</summary>
[Network(Input = "1x2x2")]
[SqueezeExcite(0.5, Act = Act.Relu, Name = "se")]
public partial class HandSqueezeExcite { }

[Network(Input = "9x7x5")]
[Conv(13, 3, Stride = 2, Act = Act.Swish)]
[MBConv(13, Expansion = 1)]
[MBConv(11, Kernel = 5, Repeat = 2, Stride = 2)]
[SqueezeExcite(0.3, Act = Act.Relu6)]
[GlobalAvgPool]
[Dense(7)]
public partial class XMBConv { }

/// <summary>The Scale op and squeeze-and-excitation in both oracles: hand-derived values, then ONNX Runtime against the reference executor.</summary>
public class SqueezeExciteOracleTests
{
    [Fact]
    public void Reference_executor_gates_each_image_and_channel_by_hand()
    {
        // Image 1: positions (1, 10), (3, 30); mean (2, 20). Reduce w = (0.5, 0.05): 2*0.5 + 20*0.05 = 2, ReLU 2.
        // Expand w = (1, -1), b = (-2, 2 + ln 3): logits (0, ln 3), gates sigmoid = (1/2, 3/4).
        // Image 2 = 2 x image 1: mean (4, 40), squeeze 4, logits (2, ln 3 - 2): gates 1/(1+e^-2) and 3/(3+e^2).
        var weights = new TestWeights(HandSqueezeExcite.Graph, HandSqueezeExcite.Tensors);
        weights.Set("se.reduce.weight", [0.5f, 0.05f]);
        weights.Set("se.expand.weight", [1f, -1f]);
        weights.Set("se.expand.bias", [-2f, 2f + (float)Math.Log(3)]);
        float[] output = ReferenceExecutor.Run(HandSqueezeExcite.Graph, weights, [1, 10, 3, 30, 2, 20, 6, 60], 2);
        double g1 = 1 / (1 + Math.Exp(-2)), g2 = 3 / (3 + Math.Exp(2));
        double[] expected = [1 * 0.5, 10 * 0.75, 3 * 0.5, 30 * 0.75, 2 * g1, 20 * g2, 6 * g1, 60 * g2];
        Assert.Equal(expected.Length, output.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], output[i], 1e-5);
    }

    [Fact]
    public void Oracles_agree_on_squeeze_excite()
    {
        var weights = RandomTensors.Randomize(new TestWeights(HandSqueezeExcite.Graph, HandSqueezeExcite.Tensors), seed: 5);
        AssertOraclesAgree(weights, batch: 3, nameof(HandSqueezeExcite));
    }

    [Fact]
    public void Oracles_agree_on_mbconv_blocks()
    {
        var weights = RandomTensors.Randomize(new TestWeights(XMBConv.Graph, XMBConv.Tensors), seed: 6);
        AssertOraclesAgree(weights, batch: 2, nameof(XMBConv));
    }

    [Fact]
    public void Oracles_agree_on_the_EfficientNetB0_graph()
    {
        // B0's every block and channel count; 72x72 instead of 224x224 keeps the plain-loop reference to seconds.
        var weights = new TestWeights(Inference.EfficientNetB0At72.Graph, Inference.EfficientNetB0At72.Tensors);
        weights.InitializeRandom(4);
        AssertOraclesAgree(weights, batch: 1, nameof(Inference.EfficientNetB0At72));
    }

    private static void AssertOraclesAgree(NetworkWeights weights, int batch, string what)
    {
        var inputShape = weights.Graph[0].Output;
        float[] images = RandomTensors.Images(batch * inputShape.Length, seed: 42);
        float[] reference = ReferenceExecutor.Run(weights.Graph, weights, images, batch);
        float[] onnxRuntime = OnnxRuntimeOracle.Run(OnnxExporter.Export(weights), images, batch, inputShape);
        OracleAgreement.AssertClose(reference, onnxRuntime, 1e-4, what);
    }
}
