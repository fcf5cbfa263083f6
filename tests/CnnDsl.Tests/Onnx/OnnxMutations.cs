using System;
using System.Collections.Generic;
using System.Linq;
using Google.Protobuf;
using Onnx;

namespace CnnDsl.Tests.Onnx;

/// <summary>
/// Structural mutations of a valid ONNX model, the hostile-but-well-formed files a byte fuzzer rarely makes: tensors
/// whose dims lie about their size, invalid batch-norm statistics, duplicated nodes and initializers, operators of a
/// custom domain, zero strides and absurd weight dims.
/// </summary>
internal static class OnnxMutations
{
    public static readonly IReadOnlyList<string> Names =
    [
        "dims 500000000", "dims int.MaxValue", "dims long.MaxValue", "fused epsilon NaN", "folded epsilon -1",
        "negative running_var", "NaN running_var", "every node twice", "one node twice", "duplicate initializer",
        "custom-domain Conv", "strides 0", "weight dim long.MaxValue", "pool window 0",
    ];

    /// <summary>Applies mutation <paramref name="name"/> to a copy of <paramref name="valid"/>, picking targets with <paramref name="random"/>.</summary>
    public static byte[] Apply(byte[] valid, string name, Random random)
    {
        var model = ModelProto.Parser.ParseFrom(valid);
        var graph = model.Graph;
        var floats = graph.Initializer.Where(t => t.DataType == (int)TensorProto.Types.DataType.Float && t.Dims.Count > 0).ToList();
        TensorProto AnyFloat() => floats[random.Next(floats.Count)];
        NodeProto Node(string type) => graph.Node.Where(n => n.OpType == type).ElementAt(0);
        TensorProto Initializer(string tensorName) => graph.Initializer.Single(t => t.Name == tensorName);
        switch (name)
        {
            case "dims 500000000": AnyFloat().Dims[0] = 500_000_000; break;
            case "dims int.MaxValue": AnyFloat().Dims[0] = int.MaxValue; break;
            case "dims long.MaxValue": AnyFloat().Dims[0] = long.MaxValue; break;
            case "fused epsilon NaN": Epsilon(graph.Node.First(n => n.OpType == "BatchNormalization"), float.NaN); break;
            case "folded epsilon -1": Epsilon(graph.Node.Last(n => n.OpType == "BatchNormalization"), -1f); break;
            case "negative running_var": SetFirst(Initializer(Node("BatchNormalization").Input[4]), -1f); break;
            case "NaN running_var": SetFirst(Initializer(graph.Node.Last(n => n.OpType == "BatchNormalization").Input[4]), float.NaN); break;
            case "every node twice":
                foreach (var node in graph.Node.ToList()) graph.Node.Add(node.Clone());
                break;
            case "one node twice":
                var twice = graph.Node[random.Next(graph.Node.Count)];
                graph.Node.Insert(graph.Node.IndexOf(twice) + 1, twice.Clone());
                break;
            case "duplicate initializer":
                var copy = AnyFloat().Clone();
                copy.FloatData.Clear();
                copy.RawData = ByteString.CopyFrom(new byte[4 * copy.Dims.Aggregate(1L, (a, b) => a * b)]);
                graph.Initializer.Add(copy);
                break;
            case "custom-domain Conv": graph.Node.First(n => n.OpType == "Conv").Domain = "com.example.hostile"; break;
            case "strides 0": SetInts(graph.Node.First(n => n.OpType == "Conv"), "strides", 0, 0); break;
            case "weight dim long.MaxValue": Initializer(Node("Conv").Input[1]).Dims[0] = long.MaxValue; break;
            case "pool window 0": SetInts(Node("MaxPool"), "kernel_shape", 0, 0); break;
            default: throw new ArgumentException("Unknown mutation " + name, nameof(name));
        }
        return model.ToByteArray();
    }

    private static void Epsilon(NodeProto node, float value)
    {
        var attribute = node.Attribute.FirstOrDefault(a => a.Name == "epsilon");
        if (attribute is null) node.Attribute.Add(attribute = new AttributeProto { Name = "epsilon", Type = AttributeProto.Types.AttributeType.Float });
        attribute.F = value;
    }

    private static void SetInts(NodeProto node, string attributeName, params long[] values)
    {
        var attribute = node.Attribute.FirstOrDefault(a => a.Name == attributeName);
        if (attribute is null) node.Attribute.Add(attribute = new AttributeProto { Name = attributeName, Type = AttributeProto.Types.AttributeType.Ints });
        attribute.Ints.Clear();
        attribute.Ints.AddRange(values);
    }

    private static void SetFirst(TensorProto tensor, float value)
    {
        if (tensor.FloatData.Count > 0)
        {
            tensor.FloatData[0] = value;
            return;
        }
        byte[] raw = tensor.RawData.ToByteArray();
        BitConverter.GetBytes(value).CopyTo(raw, 0);
        tensor.RawData = ByteString.CopyFrom(raw);
    }
}
