using System;
using System.IO;
using System.Linq;
using CnnDsl.Onnx;
using CnnDsl.Oracles;
using CnnDsl.Zoo;
using Onnx;

namespace CnnDsl.Tests.Oracles;

/// <summary>The exported model's envelope: NHWC input and output with a dynamic batch, canonical initializer names, opset.</summary>
[Trait("Category", "Oracles")] // independent of the managed SIMD paths: no need to rerun with intrinsics disabled
public class OnnxExporterTests
{
    [Fact]
    public void Model_declares_nhwc_input_and_output_with_a_dynamic_batch()
    {
        var model = ModelProto.Parser.ParseFrom(OnnxExporter.Export(Weights(), "inverted"));
        Assert.Equal("inverted", model.Graph.Name);
        Assert.Equal(OnnxExporter.IrVersion, model.IrVersion);
        Assert.Equal(OnnxExporter.Opset, Assert.Single(model.OpsetImport).Version);
        var input = Assert.Single(model.Graph.Input);
        Assert.Equal(["N", "8", "8", "5"], input.Type.TensorType.Shape.Dim.Select(Dimension));
        var output = Assert.Single(model.Graph.Output);
        var last = XInvertedResidual.Graph[^1].Output;
        Assert.Equal(["N", $"{last.Height}", $"{last.Width}", $"{last.Channels}"], output.Type.TensorType.Shape.Dim.Select(Dimension));
    }

    [Fact]
    public void Initializers_carry_the_canonical_names_shapes_and_values()
    {
        var weights = Weights();
        var model = ModelProto.Parser.ParseFrom(OnnxExporter.Export(weights));
        foreach (var tensor in weights.Tensors)
        {
            var initializer = Assert.Single(model.Graph.Initializer, i => i.Name == tensor.Name);
            Assert.Equal(tensor.Shape.Select(d => (long)d), initializer.Dims);
            float[] values = new float[tensor.Length];
            Buffer.BlockCopy(initializer.RawData.ToByteArray(), 0, values, 0, initializer.RawData.Length);
            Assert.Equal(weights[tensor.Name], values);
        }
    }

    [Fact]
    public void Depthwise_convolutions_are_grouped_by_channel()
    {
        var model = ModelProto.Parser.ParseFrom(OnnxExporter.Export(Weights()));
        var depthwise = XInvertedResidual.Graph.Where(n => n.Op == Op.DepthwiseConv).ToList();
        Assert.NotEmpty(depthwise);
        foreach (var node in depthwise)
        {
            var conv = Assert.Single(model.Graph.Node, n => n.OpType == "Conv" && n.Input[1] == node.Name + ".weight");
            Assert.Equal(node.Input.Channels, conv.Attribute.Single(a => a.Name == "group").I);
        }
    }

    [Fact]
    public void Stream_and_byte_array_exports_are_identical()
    {
        var weights = Weights();
        using var stream = new MemoryStream();
        OnnxExporter.Export(weights, stream);
        Assert.Equal(OnnxExporter.Export(weights), stream.ToArray());
    }

    [Fact]
    public void Onnx_runtime_session_rejects_a_wrong_input_length_by_name_and_shape()
    {
        using var session = new OnnxRuntimeSession(OnnxExporter.Export(Weights()), XInvertedResidual.Graph[0].Output);
        var error = Assert.Throws<ArgumentException>(() => session.Run(new float[10], 1));
        Assert.Contains("8x8x5", error.Message, StringComparison.Ordinal);
        Assert.Contains("320", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Onnx_runtime_session_rejects_a_model_for_another_input_shape()
    {
        var error = Assert.Throws<ArgumentException>(() => new OnnxRuntimeSession(OnnxExporter.Export(Weights()), new TensorShape(8, 8, 6)));
        Assert.Contains("8x8x5", error.Message, StringComparison.Ordinal);
    }

    private static NetworkWeights Weights() => RandomTensors.Randomize(new TestWeights(XInvertedResidual.Graph, XInvertedResidual.Tensors), seed: 7);

    private static string Dimension(TensorShapeProto.Types.Dimension d)
        => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam ? d.DimParam : d.DimValue.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
