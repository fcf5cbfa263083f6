using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace CnnDsl.Onnx;

/// <summary>Appends nodes, initializers and attributes to an ONNX graph, giving every intermediate value a unique name.</summary>
internal sealed class OnnxGraphWriter
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public OnnxGraphWriter(string graphName) => Graph = new GraphProto { Name = graphName };

    public GraphProto Graph { get; }

    /// <summary>Adds a node with one output named after <paramref name="outputHint"/> and returns that output's name.</summary>
    public string Add(string opType, string outputHint, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        string output = Unique(outputHint);
        var node = new NodeProto { OpType = opType, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return output;
    }

    /// <summary>Adds a float initializer under its exact <paramref name="name"/> (canonical tensor names stay as they are).</summary>
    public string AddInitializer(string name, IReadOnlyList<int> dims, ReadOnlySpan<float> values)
    {
        if (!_names.Add(name)) throw new InvalidOperationException($"The ONNX graph already has a value named '{name}'.");
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        foreach (int d in dims) tensor.Dims.Add(d);
        tensor.RawData = ByteString.CopyFrom(LittleEndianBytes(values));
        Graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>Adds an int64 constant (shapes, axes) with a fresh name.</summary>
    public string AddInt64Constant(string nameHint, params long[] values)
    {
        string name = Unique(nameHint);
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        Graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>Adds a float scalar constant with a fresh name.</summary>
    public string AddScalar(string nameHint, float value)
    {
        string name = Unique(nameHint);
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.FloatData.Add(value);
        Graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>Declares a float tensor graph input or output with a dynamic batch dimension.</summary>
    public static ValueInfoProto FloatTensor(string name, string batchDimension, params long[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = batchDimension });
        foreach (long d in dims) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    /// <summary>Reserves <paramref name="name"/> exactly (for the graph's input and output).</summary>
    public string Reserve(string name)
    {
        if (!_names.Add(name)) throw new InvalidOperationException($"The ONNX graph already has a value named '{name}'.");
        return name;
    }

    public static AttributeProto Int(string name, long value)
        => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value)
        => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    private string Unique(string hint)
    {
        string name = hint;
        for (int k = 2; !_names.Add(name); k++) name = hint + "_" + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return name;
    }

    private static byte[] LittleEndianBytes(ReadOnlySpan<float> values)
    {
        // ONNX raw_data is little-endian; reverse each value on a big-endian machine.
        byte[] bytes = MemoryMarshal.AsBytes(values).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            for (int i = 0; i < bytes.Length; i += 4) Array.Reverse(bytes, i, 4);
        }
        return bytes;
    }
}
