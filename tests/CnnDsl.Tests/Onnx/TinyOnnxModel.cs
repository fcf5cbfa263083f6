using System;
using System.Collections.Generic;
using System.Linq;
using Google.Protobuf;
using Onnx;

namespace CnnDsl.Tests.Onnx;

/// <summary>
/// Builds small ONNX models node by node from the ONNX operator specs (NCHW, PyTorch-style names), independently of
/// the importer: random weights, non-trivial batch-norm statistics, and switches that make the graph differ from a
/// definition in one detail at a time.
/// </summary>
internal sealed class TinyOnnxModel
{
    private readonly GraphProto _graph = new() { Name = "tiny" };
    private readonly Random _random;
    private int _counter;

    public TinyOnnxModel(int seed) => _random = new Random(seed);

    public GraphProto Graph => _graph;

    public string Input(string name, params long[] dims)
    {
        _graph.Input.Add(Value(name, dims));
        return name;
    }

    public void Output(string value, params long[] dims) => _graph.Output.Add(Value(value, dims));

    public string Initializer(string name, long[] dims, Func<int, float>? values = null)
    {
        long count = dims.Aggregate(1L, (a, b) => a * b);
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        var data = new float[count];
        for (int i = 0; i < count; i++) data[i] = values?.Invoke(i) ?? (float)(_random.NextDouble() * 2 - 1);
        // Alternate the two encodings ONNX allows for floats.
        if (_counter++ % 2 == 0) tensor.FloatData.AddRange(data);
        else tensor.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()));
        _graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>An int64 initializer (a Pad's pads).</summary>
    public string Int64s(string name, params long[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        _graph.Initializer.Add(tensor);
        return name;
    }

    public string Node(string op, string name, string[] inputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.AddRange(inputs);
        node.Output.Add(name + "_out");
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return name + "_out";
    }

    public string Conv(string name, string input, long outChannels, long inPerGroup, long kernel, long stride, long[]? pads = null, string? autoPad = null, long group = 1, bool bias = false)
    {
        var inputs = new List<string> { input, Initializer(name + ".w", new[] { outChannels, inPerGroup, kernel, kernel }) };
        if (bias) inputs.Add(Initializer(name + ".b", new[] { outChannels }));
        var attributes = new List<AttributeProto> { Ints("kernel_shape", kernel, kernel), Ints("strides", stride, stride), Int("group", group) };
        if (autoPad is not null) attributes.Add(Str("auto_pad", autoPad));
        else attributes.Add(Ints("pads", pads ?? new long[4]));
        return Node("Conv", name, inputs.ToArray(), attributes.ToArray());
    }

    public string BatchNorm(string name, string input, long channels, float epsilon = 1e-5f)
    {
        string scale = Initializer(name + ".scale", new[] { channels }, _ => (float)(0.5 + _random.NextDouble()));
        string bias = Initializer(name + ".bias", new[] { channels });
        string mean = Initializer(name + ".mean", new[] { channels }, _ => (float)(_random.NextDouble() - 0.5));
        string variance = Initializer(name + ".var", new[] { channels }, _ => (float)(0.2 + _random.NextDouble()));
        return Node("BatchNormalization", name, new[] { input, scale, bias, mean, variance }, Float("epsilon", epsilon));
    }

    public byte[] ToBytes(int opset = 13)
    {
        var model = new ModelProto { IrVersion = 7, ProducerName = "CnnDsl.Tests", Graph = _graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        return model.ToByteArray();
    }

    public static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Str(string name, string value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    private static ValueInfoProto Value(string name, long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (long d in dims) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
