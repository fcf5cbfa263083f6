using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace CnnDsl.Onnx;

/// <summary>
/// A parsed ONNX model with its constant tensors (initializers and <c>Constant</c> nodes) indexed by name and
/// every value's consumers, read defensively: malformed protobuf, tensors whose data does not fit their dims,
/// external data outside the model's folder and unsupported element types are <see cref="InvalidDataException"/>s naming the tensor.
/// </summary>
internal sealed class OnnxModelFile
{
    private readonly Dictionary<string, TensorProto> _constants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<NodeProto>> _consumers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NodeProto> _producers = new(StringComparer.Ordinal);

    private OnnxModelFile(ModelProto model)
    {
        Model = model;
        Graph = model.Graph ?? throw new InvalidDataException("The ONNX model has no graph.");
        // Every value has one definition (ONNX graphs are single-assignment): a second initializer or node output of
        // the same name would silently replace the first.
        foreach (var tensor in Graph.Initializer)
        {
            if (!_constants.TryAdd(tensor.Name, tensor)) throw new InvalidDataException($"The ONNX graph has two initializers named '{tensor.Name}'.");
        }
        foreach (var node in Graph.Node)
        {
            foreach (string output in node.Output)
            {
                if (output.Length == 0) continue;
                if (_producers.TryGetValue(output, out var earlier))
                {
                    throw new InvalidDataException($"ONNX value '{output}' is produced by two nodes ('{OnnxAttributes.Label(earlier)}' and '{OnnxAttributes.Label(node)}'); each value must have one producer.");
                }
                if (_constants.ContainsKey(output)) throw new InvalidDataException($"ONNX value '{output}' is both an initializer and the output of node '{OnnxAttributes.Label(node)}'.");
                _producers[output] = node;
            }
            if (node.OpType == "Constant" && node.Output.Count == 1)
            {
                foreach (var attribute in node.Attribute)
                {
                    if (attribute.Name == "value" && attribute.T is not null) _constants[node.Output[0]] = attribute.T;
                }
                continue;
            }
            foreach (string input in node.Input)
            {
                if (input.Length == 0) continue;
                if (!_consumers.TryGetValue(input, out var list)) _consumers[input] = list = new List<NodeProto>();
                if (!list.Contains(node)) list.Add(node);
            }
        }
    }

    public ModelProto Model { get; }

    public GraphProto Graph { get; }

    /// <summary>
    /// The folder that external data locations are relative to (the model file's folder), or null when the model was
    /// not read from a file.
    /// </summary>
    public string? BaseDirectory { get; private init; }

    /// <summary>Reads and parses the model at <paramref name="path"/>; its external data files are found next to it.</summary>
    public static OnnxModelFile Load(string path)
    {
        var file = Parse(File.ReadAllBytes(path));
        return new OnnxModelFile(file.Model) { BaseDirectory = Path.GetDirectoryName(Path.GetFullPath(path)) };
    }

    /// <summary>Parses a serialized model.</summary>
    public static OnnxModelFile Parse(ReadOnlySpan<byte> bytes)
    {
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException("The file is not a valid ONNX model (protobuf): " + e.Message, e);
        }
        if (model.Graph is null) throw new InvalidDataException("The ONNX model has no graph.");
        return new OnnxModelFile(model);
    }

    /// <summary>Wraps an already parsed model.</summary>
    public static OnnxModelFile From(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Graph is null) throw new InvalidDataException("The ONNX model has no graph.");
        return new OnnxModelFile(model);
    }

    public bool IsConstant(string name) => _constants.ContainsKey(name);

    /// <summary>The nodes reading <paramref name="value"/>, in graph order (Constant nodes excluded).</summary>
    public IReadOnlyList<NodeProto> Consumers(string value)
        => _consumers.TryGetValue(value, out var list) ? list : Array.Empty<NodeProto>();

    public NodeProto? Producer(string value) => _producers.TryGetValue(value, out var node) ? node : null;

    public bool IsGraphOutput(string value)
    {
        foreach (var output in Graph.Output)
        {
            if (output.Name == value) return true;
        }
        return false;
    }

    /// <summary>The dims of constant <paramref name="name"/>, or null when it is not a constant.</summary>
    public long[]? ConstantDims(string name)
    {
        if (!_constants.TryGetValue(name, out var tensor)) return null;
        var dims = new long[tensor.Dims.Count];
        for (int i = 0; i < dims.Length; i++) dims[i] = tensor.Dims[i];
        return dims;
    }

    /// <summary>Reads constant <paramref name="name"/> as floats (FLOAT, FLOAT16, BFLOAT16 or DOUBLE), checking its size.</summary>
    public float[] ReadFloats(string name)
    {
        if (!_constants.TryGetValue(name, out var tensor)) throw new InvalidDataException($"ONNX tensor '{name}' is not an initializer or constant.");
        long count = 1;
        foreach (long d in tensor.Dims)
        {
            if (d < 0 || d > int.MaxValue) throw new InvalidDataException(Text($"ONNX tensor '{name}' has the invalid dimension {d}."));
            count *= d;
            if (count > int.MaxValue) throw new InvalidDataException($"ONNX tensor '{name}' is too large.");
        }
        // The stored data must fit the dims before anything is allocated: dims that lie cannot make the reader allocate
        // more than the file holds.
        var type = (TensorProto.Types.DataType)tensor.DataType;
        int size = type switch
        {
            TensorProto.Types.DataType.Float => 4,
            TensorProto.Types.DataType.Double => 8,
            TensorProto.Types.DataType.Float16 or TensorProto.Types.DataType.Bfloat16 => 2,
            _ => throw new InvalidDataException(Text($"ONNX tensor '{name}' has element type {type}; only float, double, float16 and bfloat16 weights are supported.")),
        };
        ReadOnlySpan<byte> raw = tensor.DataLocation == TensorProto.Types.DataLocation.External ? ReadExternal(name, tensor, count * size) : tensor.RawData.Span;
        switch (type)
        {
            case TensorProto.Types.DataType.Float:
                if (raw.Length > 0) CheckRaw(name, raw.Length, count, 4);
                else CheckCount(name, tensor.FloatData.Count, count);
                break;
            case TensorProto.Types.DataType.Double:
                if (raw.Length > 0) CheckRaw(name, raw.Length, count, 8);
                else CheckCount(name, tensor.DoubleData.Count, count);
                break;
            case TensorProto.Types.DataType.Float16:
            case TensorProto.Types.DataType.Bfloat16:
                if (raw.Length > 0) CheckRaw(name, raw.Length, count, 2);
                else CheckCount(name, tensor.Int32Data.Count, count);
                break;
            default:
                throw new InvalidDataException(Text($"ONNX tensor '{name}' has element type {type}; only float, double, float16 and bfloat16 weights are supported."));
        }
        var values = new float[count];
        switch (type)
        {
            case TensorProto.Types.DataType.Float:
                if (raw.Length == 0) tensor.FloatData.CopyTo(values, 0);
                else if (BitConverter.IsLittleEndian) raw.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
                else for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw.Slice(i * 4));
                break;
            case TensorProto.Types.DataType.Double:
                for (int i = 0; i < values.Length; i++) values[i] = (float)(raw.Length > 0 ? BinaryPrimitives.ReadDoubleLittleEndian(raw.Slice(i * 8)) : tensor.DoubleData[i]);
                break;
            default:
                bool half = type == TensorProto.Types.DataType.Float16;
                for (int i = 0; i < values.Length; i++)
                {
                    ushort bits = raw.Length > 0 ? BinaryPrimitives.ReadUInt16LittleEndian(raw.Slice(i * 2)) : (ushort)tensor.Int32Data[i];
                    values[i] = half ? (float)BitConverter.UInt16BitsToHalf(bits) : BitConverter.Int32BitsToSingle(bits << 16);
                }
                break;
        }
        return values;
    }

    /// <summary>
    /// The bytes of a tensor kept in an external file (<c>location</c>, <c>offset</c>, <c>length</c>, as PyTorch writes
    /// large models): the location must lie inside the model's folder, and the length is checked against the dims and
    /// the file before anything is read.
    /// </summary>
    private byte[] ReadExternal(string name, TensorProto tensor, long bytes)
    {
        if (BaseDirectory is null)
        {
            throw new InvalidDataException($"ONNX tensor '{name}' keeps its data in an external file; import from the model's path so the file can be found next to it.");
        }
        string? location = null;
        long offset = 0, length = -1;
        foreach (var entry in tensor.ExternalData)
        {
            switch (entry.Key)
            {
                case "location": location = entry.Value; break;
                case "offset" when !long.TryParse(entry.Value, NumberStyles.None, CultureInfo.InvariantCulture, out offset):
                case "length" when !long.TryParse(entry.Value, NumberStyles.None, CultureInfo.InvariantCulture, out length):
                    throw new InvalidDataException($"ONNX tensor '{name}' has the external-data {entry.Key} '{entry.Value}', which is not a byte count.");
            }
        }
        if (string.IsNullOrEmpty(location) || Path.IsPathRooted(location) || location.Replace('\\', '/').Split('/').Contains(".."))
        {
            throw new InvalidDataException($"ONNX tensor '{name}' has the external-data location '{location}'; it must be a relative path inside the model's folder.");
        }
        string path = Path.Combine(BaseDirectory, location);
        if (!File.Exists(path)) throw new InvalidDataException($"ONNX tensor '{name}' keeps its data in '{location}', which is not next to the model.");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (length < 0) length = stream.Length - offset;
        if (length != bytes || offset > stream.Length - length)
        {
            throw new InvalidDataException(Text($"ONNX tensor '{name}' needs {bytes} bytes, but its external data is {length} bytes at offset {offset} of '{location}' ({stream.Length} bytes)."));
        }
        var data = new byte[length];
        stream.Position = offset;
        stream.ReadExactly(data);
        return data;
    }

    /// <summary>Reads an integer constant (INT64 or INT32, e.g. a Pad's pads) checking its size; null when not a constant.</summary>
    public long[]? ReadInts(string name)
    {
        if (!_constants.TryGetValue(name, out var tensor)) return null;
        var raw = tensor.RawData.Span;
        switch ((TensorProto.Types.DataType)tensor.DataType)
        {
            case TensorProto.Types.DataType.Int64:
                if (raw.Length == 0) return tensor.Int64Data.ToArray();
                if (raw.Length % 8 != 0) throw new InvalidDataException($"ONNX tensor '{name}' holds raw int64 data whose length is not a multiple of 8.");
                var longs = new long[raw.Length / 8];
                for (int i = 0; i < longs.Length; i++) longs[i] = BinaryPrimitives.ReadInt64LittleEndian(raw.Slice(i * 8));
                return longs;
            case TensorProto.Types.DataType.Int32:
                if (raw.Length == 0) return tensor.Int32Data.Select(v => (long)v).ToArray();
                if (raw.Length % 4 != 0) throw new InvalidDataException($"ONNX tensor '{name}' holds raw int32 data whose length is not a multiple of 4.");
                var ints = new long[raw.Length / 4];
                for (int i = 0; i < ints.Length; i++) ints[i] = BinaryPrimitives.ReadInt32LittleEndian(raw.Slice(i * 4));
                return ints;
            default:
                throw new InvalidDataException($"ONNX tensor '{name}' should hold integers but has element type {(TensorProto.Types.DataType)tensor.DataType}.");
        }
    }

    /// <summary>Reads a small integer constant (e.g. a Reshape shape); null when not a constant.</summary>
    public float? ReadScalar(string name)
    {
        if (!_constants.ContainsKey(name)) return null;
        var values = ReadFloats(name);
        if (values.Length != 1) throw new InvalidDataException(Text($"ONNX tensor '{name}' should hold one value but holds {values.Length}."));
        return values[0];
    }

    /// <summary>Whether the node belongs to the standard ONNX operator set (the empty domain or "ai.onnx").</summary>
    public static bool IsStandard(NodeProto node) => node.Domain.Length == 0 || node.Domain == "ai.onnx";

    private static void CheckRaw(string name, int bytes, long count, int size)
    {
        if (bytes != count * size)
        {
            throw new InvalidDataException(Text($"ONNX tensor '{name}' holds {bytes} bytes of raw data, but its dims need {count} values of {size} bytes ({count * size})."));
        }
    }

    private static void CheckCount(string name, int values, long count)
    {
        if (values != count) throw new InvalidDataException(Text($"ONNX tensor '{name}' holds {values} values, but its dims need {count}."));
    }

    internal static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
