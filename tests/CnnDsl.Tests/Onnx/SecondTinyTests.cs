using System;
using System.Linq;
using CnnDsl.Onnx;
using CnnDsl.Oracles;
using CnnDsl.Tests.Weights;

namespace CnnDsl.Tests.Onnx;

/// <summary>The importer on standalone batch norm, padded average pooling, Concat, HardSwish, Swish and Sigmoid, against ONNX Runtime.</summary>
[Trait("Category", "WeightsIO")] // no generated inference code: no need to rerun with intrinsics disabled
public class SecondTinyTests
{
    private static byte[] Build()
    {
        var m = new TinyOnnxModel(21);
        string x = m.Input("x", 1, 2, 7, 7);
        string bn = m.Node("Relu", "bn_relu", new[] { m.BatchNorm("bn", x, 2) });
        // Rows (7 + 1 + 0 - 3) / 2 + 1 = 3, columns (7 + 1 + 1 - 3) / 2 + 1 = 4: asymmetric pads give a 3x4 map.
        string avg = m.Node("AveragePool", "avg", new[] { bn }, TinyOnnxModel.Ints("kernel_shape", 3, 3), TinyOnnxModel.Ints("strides", 2, 2),
            TinyOnnxModel.Ints("pads", 1, 1, 0, 1), TinyOnnxModel.Int("count_include_pad", 0));
        string left = m.Node("HardSwish", "left_hs", new[] { m.Conv("left", avg, 3, 2, 1, 1, bias: true) });
        string right = m.Conv("right", avg, 2, 2, 3, 1, new long[] { 1, 1, 1, 1 });
        string sigmoid = m.Node("Sigmoid", "right_sig", new[] { right });
        string swish = m.Node("Mul", "right_swish", new[] { right, sigmoid });
        string concat = m.Node("Concat", "mix", new[] { left, swish }, TinyOnnxModel.Int("axis", 1));
        string gap = m.Node("GlobalAveragePool", "gap", new[] { concat });
        string flat = m.Node("Flatten", "flat", new[] { gap }, TinyOnnxModel.Int("axis", 1));
        string head = m.Node("Gemm", "head", new[] { flat, m.Initializer("head.w", new long[] { 5, 3 }), m.Initializer("head.b", new long[] { 3 }) });
        m.Output(m.Node("Sigmoid", "head_sig", new[] { head }), 1, 3);
        return m.ToBytes(opset: 14);
    }

    [Fact]
    public void Imports_and_computes_what_OnnxRuntime_computes()
    {
        byte[] model = Build();
        var weights = new TestWeights(SecondTinyNetwork.Graph, SecondTinyNetwork.Tensors);
        var result = OnnxImporter.ImportWeights(weights, model);
        Assert.Equal(new[] { "right", "right_sig", "right_swish" }, result.Matches.Single(m => m.Layer == "mix.Right.conv1").OnnxNodes);
        var random = new Random(5);
        for (int trial = 0; trial < 3; trial++)
        {
            var nchw = Enumerable.Range(0, 2 * 7 * 7).Select(_ => (float)(random.NextDouble() * 6 - 3)).ToArray();
            float[] expected = OnnxRuntimeNchw.Run(model, nchw, 1, 2, 7, 7);
            float[] actual = ReferenceExecutor.Run(SecondTinyNetwork.Graph, weights, OnnxRuntimeNchw.ToNhwc(nchw, 2, 7, 7), 1);
            Assert.Equal(3, actual.Length);
            for (int i = 0; i < 3; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5, $"output {i}: ORT {expected[i]}, CnnDsl {actual[i]}");
        }
    }
}
