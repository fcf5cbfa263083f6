using System;
using System.IO;
using System.Linq;
using CnnDsl.Onnx;
using CnnDsl.Oracles;
using CnnDsl.Tests.Weights;

namespace CnnDsl.Tests.Onnx;

/// <summary>The importer on a hand-built ONNX model: numbers against ONNX Runtime, and each structural difference.</summary>
[Trait("Category", "WeightsIO")] // no generated inference code: no need to rerun with intrinsics disabled
public class OnnxImporterTests
{
    private static TestWeights Tiny() => new(TinyNetwork.Graph, TinyNetwork.Tensors);

    [Fact]
    public void Imported_tiny_model_computes_what_OnnxRuntime_computes()
    {
        byte[] model = TinyModels.Build(seed: 1);
        var weights = Tiny();
        var result = OnnxImporter.ImportWeights(weights, model);
        Assert.Equal(new[] { "res_main_bn" }, result.FoldedBatchNorms);
        Assert.Equal(new[] { "stem", "stem_bn", "stem_relu" }, result.Matches.Single(m => m.Layer == "stem").OnnxNodes);

        var random = new Random(2);
        for (int trial = 0; trial < 3; trial++)
        {
            var nchw = Enumerable.Range(0, 3 * 9 * 9).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
            float[] expected = OnnxRuntimeNchw.Run(model, nchw, 1, 3, 9, 9);
            float[] actual = ReferenceExecutor.Run(TinyNetwork.Graph, weights, OnnxRuntimeNchw.ToNhwc(nchw, 3, 9, 9), 1);
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f, $"output {i}: ORT {expected[i]}, CnnDsl {actual[i]}");
        }
    }

    [Theory]
    [InlineData(TinyVariation.StemPadsSymmetric, "stem", "pads [top, left, bottom, right]: [1, 0, 0, 1] in the definition, [1, 1, 1, 1] in the ONNX file")]
    [InlineData(TinyVariation.DepthwiseStride1, "dw", "strides: [2, 2] in the definition, [1, 1] in the ONNX file")]
    [InlineData(TinyVariation.StemChannels8, "stem", "weight shape: [4, 3, 3, 3] in the definition, [8, 3, 3, 3] in the ONNX file")]
    [InlineData(TinyVariation.StemWithoutBatchNorm, "stem", "batch normalization: BatchNorm = true in the definition, no BatchNormalization after the Conv (it is read by Relu 'stem_relu')")]
    [InlineData(TinyVariation.ExtraReluAtEnd, "fc", "goes on to Relu 'extra'")]
    [InlineData(TinyVariation.StemEpsilon, "stem", "epsilon: 1E-05 in the definition, 0.001 in the ONNX file")]
    [InlineData(TinyVariation.DenseUnits6, "fc", "weight shape (transB = 1): [5, 16] in the definition, [6, 16] in the ONNX file")]
    [InlineData(TinyVariation.ResidualWithoutShortcut, "res.add", "no Add node reads exactly the ONNX values")]
    public void Structural_difference_names_the_layer_the_node_and_both_shapes(TinyVariation variation, string layer, string detail)
    {
        var weights = Tiny();
        weights.InitializeRandom(3);
        var before = weights.Tensors.Select(t => (float[])weights[t.Name].Clone()).ToList();
        var error = Assert.Throws<WeightsMismatchException>(() => OnnxImporter.ImportWeights(weights, TinyModels.Build(1, variation)));
        Assert.Equal(layer, error.TensorName);
        Assert.Contains(detail, error.Message);
        Assert.Contains($"'{layer}'", error.Message);
        // Nothing was loaded.
        for (int i = 0; i < before.Count; i++) Assert.Equal(before[i], weights[weights.Tensors[i].Name]);
    }

    [Fact]
    public void Another_input_shape_is_reported_with_both_shapes()
    {
        var m = new TinyOnnxModel(1);
        string x = m.Input("image", 1, 3, 8, 8);
        m.Output(m.Node("Relu", "r", new[] { x }), 1, 3, 8, 8);
        var error = Assert.Throws<WeightsMismatchException>(() => OnnxImporter.ImportWeights(Tiny(), m.ToBytes()));
        Assert.Equal("The network input is 9x9x3 (NHWC; NCHW [N, 3, 9, 9]), but ONNX input 'image' has shape [1, 3, 8, 8].", error.Message);
    }

    [Fact]
    public void Malformed_files_are_InvalidDataExceptions()
    {
        byte[] model = TinyModels.Build(1);
        Assert.Throws<InvalidDataException>(() => OnnxImporter.ImportWeights(Tiny(), model.AsSpan(0, model.Length / 2)));
        Assert.Throws<InvalidDataException>(() => OnnxImporter.ImportWeights(Tiny(), new byte[] { 0x0A, 0xFF, 0xFF, 0xFF, 0x0F }));

        // A raw_data initializer one float short.
        var parsed = global::Onnx.ModelProto.Parser.ParseFrom(model);
        var raw = parsed.Graph.Initializer.First(t => t.RawData.Length > 0 && t.Name.StartsWith("stem", StringComparison.Ordinal));
        raw.RawData = Google.Protobuf.ByteString.CopyFrom(raw.RawData.Span[..^4]);
        var error = Assert.Throws<InvalidDataException>(() => OnnxImporter.ImportWeights(Tiny(), parsed));
        Assert.Contains($"'{raw.Name}'", error.Message);
    }
}
