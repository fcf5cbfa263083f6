using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Onnx;
using static CnnDsl.Onnx.OnnxAttributes;
using static CnnDsl.Onnx.OnnxGraphWriter;

namespace CnnDsl.Onnx;

/// <summary>
/// The network input: written as an NHWC graph input with a Transpose to NCHW; on import and scaffolding, an NCHW
/// input or an NHWC one followed by that Transpose (as TensorFlow converters write).
/// </summary>
internal sealed class InputOperation : IOnnxOperation
{
    public Op Op => Op.Input;

    public IReadOnlyList<string> ScaffoldedFrom => [];

    public string Export(OnnxGraphWriter writer, NodeInfo node, IReadOnlyList<string> inputs)
    {
        var shape = node.Output;
        writer.Graph.Input.Add(FloatTensor(writer.Reserve(OnnxExporter.InputName), "N", shape.Height, shape.Width, shape.Channels));
        return writer.Add("Transpose", "input_nchw", [OnnxExporter.InputName], Ints("perm", 0, 3, 1, 2));
    }

    public string Import(OnnxGraphMatcher matcher, NodeInfo node, List<NodeProto> covered)
    {
        var file = matcher.File;
        var inputs = file.Graph.Input.Where(i => !file.IsConstant(i.Name)).ToList();
        if (inputs.Count != 1)
        {
            throw new WeightsMismatchException("input", OnnxModelFile.Text($"The ONNX graph has {inputs.Count} data inputs ({string.Join(", ", inputs.Select(i => "'" + i.Name + "'"))}); a CnnDsl network has exactly one."));
        }
        var input = inputs[0];
        var expected = node.Output;
        long?[] dims = Dims(input);
        string dslText = OnnxModelFile.Text($"{expected} (NHWC; NCHW [N, {expected.Channels}, {expected.Height}, {expected.Width}])");
        if (dims.Length == 4 && Fits(dims[1], expected.Channels) && Fits(dims[2], expected.Height) && Fits(dims[3], expected.Width))
        {
            return input.Name;
        }
        if (dims.Length == 4 && Fits(dims[1], expected.Height) && Fits(dims[2], expected.Width) && Fits(dims[3], expected.Channels)
            && ToNchw(file.Consumers(input.Name)) is { } transpose)
        {
            matcher.Take(transpose);
            return transpose.Output[0];
        }
        throw new WeightsMismatchException("input",
            $"The network input is {dslText}, but ONNX input '{input.Name}' has shape {DimsText(dims)}.");
    }

    public string Scaffold(OnnxScaffoldWalker walker, NodeProto node, string value, List<ScaffoldItem> items)
        => throw new InvalidOperationException("The input is not scaffolded from a node; see Begin.");

    /// <summary>The scaffolder's start: the graph's one data input (after an NHWC-to-NCHW Transpose) and its NHWC shape.</summary>
    public static (string Value, ScaffoldShape Shape) Begin(OnnxScaffoldWalker walker)
    {
        var file = walker.File;
        var inputs = file.Graph.Input.Where(i => !file.IsConstant(i.Name)).ToList();
        if (inputs.Count != 1) throw new InvalidDataException(OnnxModelFile.Text($"The ONNX graph has {inputs.Count} data inputs; a CnnDsl network has exactly one."));
        var dims = inputs[0].Type?.TensorType?.Shape?.Dim.Select(d => d.DimValue).ToArray() ?? Array.Empty<long>();
        if (dims.Length != 4 || dims.Skip(1).Any(d => d <= 0 || d > int.MaxValue))
            throw new InvalidDataException($"ONNX input '{inputs[0].Name}' must be 4-D [N, C, H, W] with fixed C, H and W, but it is [{string.Join(", ", dims)}].");
        if (ToNchw(file.Consumers(inputs[0].Name)) is { } transpose)
        {
            walker.Use(transpose);
            return (transpose.Output[0], new ScaffoldShape(dims[1], dims[2], dims[3]));
        }
        return (inputs[0].Name, new ScaffoldShape(dims[2], dims[3], dims[1]));
    }

    /// <summary>The input's only reader when it is a Transpose from NHWC to NCHW.</summary>
    private static NodeProto? ToNchw(IReadOnlyList<NodeProto> consumers)
        => consumers.Count == 1 && consumers[0].OpType == "Transpose" && OnnxGraphMatcher.SameInts(Ints(consumers[0], "perm"), 0, 3, 1, 2) ? consumers[0] : null;

    private static long?[] Dims(ValueInfoProto value)
    {
        var shape = value.Type?.TensorType?.Shape;
        if (shape is null) return Array.Empty<long?>();
        return shape.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? d.DimValue : (long?)null).ToArray();
    }

    private static string DimsText(long?[] dims) => "[" + string.Join(", ", dims.Select(d => d?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?")) + "]";

    private static bool Fits(long? dim, int expected) => dim is null || dim == expected;
}
