using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace CnnDsl.Tests.Weights;

/// <summary>
/// Writes safetensors bytes by hand from the format's specification, independently of the code under test: the
/// oracle for the format. Offsets are computed here unless a test overrides them to make the header lie.
/// </summary>
internal sealed class SafeTensorsFileBuilder
{
    private readonly List<Tensor> _tensors = new();

    public sealed class Tensor
    {
        public required string Name { get; init; }
        public required string DType { get; set; }
        public required long[] Shape { get; set; }
        public required byte[] Data { get; init; }
        public long[]? Offsets { get; set; }
        /// <summary>Raw JSON for the entry, replacing the generated one.</summary>
        public string? RawJson { get; set; }
    }

    public string? MetadataJson { get; set; } = "{\"format\":\"pt\"}";

    /// <summary>Appended to the header JSON (spaces are allowed padding).</summary>
    public string HeaderSuffix { get; set; } = "";

    /// <summary>Replaces the 8-byte header length.</summary>
    public ulong? HeaderLengthOverride { get; set; }

    public Tensor AddF32(string name, IReadOnlyList<int> shape, float[] values)
    {
        var data = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i * 4), values[i]);
        return Add(name, "F32", shape.Select(d => (long)d).ToArray(), data);
    }

    public Tensor AddF16(string name, IReadOnlyList<int> shape, float[] values)
    {
        var data = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteHalfLittleEndian(data.AsSpan(i * 2), (Half)values[i]);
        return Add(name, "F16", shape.Select(d => (long)d).ToArray(), data);
    }

    public Tensor AddBF16(string name, IReadOnlyList<int> shape, float[] values)
    {
        var data = new byte[values.Length * 2];
        // Truncate the float's bits: bf16 is the upper half of an IEEE single.
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(i * 2), (ushort)(BitConverter.SingleToUInt32Bits(values[i]) >> 16));
        }
        return Add(name, "BF16", shape.Select(d => (long)d).ToArray(), data);
    }

    public Tensor Add(string name, string dtype, long[] shape, byte[] data)
    {
        var tensor = new Tensor { Name = name, DType = dtype, Shape = shape, Data = data };
        _tensors.Add(tensor);
        return tensor;
    }

    public byte[] Build()
    {
        var json = new StringBuilder("{");
        var parts = new List<string>();
        if (MetadataJson is not null) parts.Add("\"__metadata__\":" + MetadataJson);
        long offset = 0;
        foreach (var t in _tensors)
        {
            long[] offsets = t.Offsets ?? new[] { offset, offset + t.Data.Length };
            offset += t.Data.Length;
            string entry = t.RawJson ?? string.Create(CultureInfo.InvariantCulture,
                $"{{\"dtype\":\"{t.DType}\",\"shape\":[{string.Join(",", t.Shape)}],\"data_offsets\":[{offsets[0]},{offsets[1]}]}}");
            parts.Add("\"" + t.Name + "\":" + entry);
        }
        json.Append(string.Join(",", parts)).Append('}').Append(HeaderSuffix);
        byte[] header = Encoding.UTF8.GetBytes(json.ToString());
        var file = new byte[8 + header.Length + offset];
        BinaryPrimitives.WriteUInt64LittleEndian(file, HeaderLengthOverride ?? (ulong)header.Length);
        header.CopyTo(file, 8);
        long position = 8 + header.Length;
        foreach (var t in _tensors)
        {
            t.Data.CopyTo(file, position);
            position += t.Data.Length;
        }
        return file;
    }

    /// <summary>A builder holding every tensor of <paramref name="weights"/> as F32.</summary>
    public static SafeTensorsFileBuilder From(NetworkWeights weights)
    {
        var builder = new SafeTensorsFileBuilder();
        foreach (var t in weights.Tensors) builder.AddF32(t.Name, t.Shape, weights[t.Name]);
        return builder;
    }
}
