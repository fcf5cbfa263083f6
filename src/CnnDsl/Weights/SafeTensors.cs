using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace CnnDsl;

/// <summary>
/// Loads and saves <see cref="NetworkWeights"/> as safetensors (8-byte little-endian header length, JSON header,
/// raw little-endian data), the format of Hugging Face and PyTorch checkpoints. Tensor names and shapes are the
/// canonical ones (<see cref="NetworkWeights.Tensors"/>).
/// </summary>
/// <remarks>
/// Loading checks the whole file before changing any weight (a forward-only stream is read aside to its end first): every network tensor must be present with the exact
/// shape and dtype F32, F16 or BF16; otherwise nothing is loaded and a <see cref="WeightsMismatchException"/> names the
/// tensor and both shapes. Tensors the network does not have (optimizer state, <c>num_batches_tracked</c>, heads of
/// another task) are ignored and returned, so callers can decide whether that is an error.
/// Malformed files are <see cref="InvalidDataException"/>s (see <see cref="SafeTensorsReader"/>).
/// </remarks>
public static class SafeTensors
{
    /// <summary>Loads every tensor of <paramref name="weights"/> from the file at <paramref name="path"/> (memory-mapped).</summary>
    /// <returns>The names of tensors in the file that the network does not have, in file order.</returns>
    /// <exception cref="WeightsMismatchException">A tensor is missing or has another shape or an unsupported dtype.</exception>
    /// <exception cref="InvalidDataException">The file is not valid safetensors.</exception>
    public static IReadOnlyList<string> Load(NetworkWeights weights, string path)
    {
        ArgumentNullException.ThrowIfNull(weights);
        using var reader = SafeTensorsReader.Open(path);
        return Load(weights, reader);
    }

    /// <summary>Loads every tensor of <paramref name="weights"/> from <paramref name="stream"/> (left open).</summary>
    /// <returns>The names of tensors in the stream that the network does not have, in file order.</returns>
    /// <exception cref="WeightsMismatchException">A tensor is missing or has another shape or an unsupported dtype.</exception>
    /// <exception cref="InvalidDataException">The stream is not valid safetensors.</exception>
    public static IReadOnlyList<string> Load(NetworkWeights weights, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(weights);
        using var reader = SafeTensorsReader.Open(stream, leaveOpen: true);
        return Load(weights, reader);
    }

    /// <summary>Loads every tensor of <paramref name="weights"/> from an open reader.</summary>
    /// <returns>The names of tensors in the file that the network does not have, in file order.</returns>
    public static IReadOnlyList<string> Load(NetworkWeights weights, SafeTensorsReader reader)
        => Load(weights, reader, static name => name);

    /// <summary>
    /// Loads every tensor of <paramref name="weights"/> from the file at <paramref name="path"/>, where each is stored
    /// under <paramref name="nameInFile"/>(its canonical name): weights trained elsewhere, saved under that trainer's
    /// names (a wrapper module's <c>model.</c> prefix, a converter's renamed modules).
    /// </summary>
    /// <returns>The names in the file that no network tensor maps to, in file order.</returns>
    public static IReadOnlyList<string> Load(NetworkWeights weights, string path, Func<string, string> nameInFile)
    {
        ArgumentNullException.ThrowIfNull(weights);
        using var reader = SafeTensorsReader.Open(path);
        return Load(weights, reader, nameInFile);
    }

    /// <summary>Loads every tensor of <paramref name="weights"/> from an open reader, each stored under <paramref name="nameInFile"/>(its canonical name).</summary>
    /// <returns>The names in the file that no network tensor maps to, in file order.</returns>
    /// <exception cref="ArgumentException">Two network tensors map to one name.</exception>
    public static IReadOnlyList<string> Load(NetworkWeights weights, SafeTensorsReader reader, Func<string, string> nameInFile)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(nameInFile);
        var network = FileNames(weights, nameInFile);
        var missing = new List<TensorInfo>();
        foreach (var tensor in weights.Tensors)
        {
            var entry = reader.Find(network.ByTensor[tensor.Name]);
            if (entry is null)
            {
                missing.Add(tensor);
                continue;
            }
            if (!SameShape(entry.Shape, tensor.Shape))
            {
                throw new WeightsMismatchException(tensor.Name,
                    $"Tensor '{tensor.Name}' has shape {entry.ShapeText} in the file but the network expects {tensor.ShapeText}.");
            }
            if (!SafeTensorsDTypes.IsLoadable(entry.DType))
            {
                throw new WeightsMismatchException(tensor.Name,
                    $"Tensor '{tensor.Name}' has dtype {entry.DType} in the file; only F32, F16 and BF16 load as float.");
            }
        }
        if (missing.Count > 0)
        {
            var first = missing[0];
            string more = missing.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $" ({missing.Count} network tensors are missing in all)") : "";
            throw new WeightsMismatchException(first.Name,
                $"Tensor '{first.Name}' (shape {first.ShapeText}) is missing from the file{(network.ByTensor[first.Name] == first.Name ? "" : $" (looked for as '{network.ByTensor[first.Name]}')")}{more}.");
        }
        var extra = new List<string>();
        if (reader.LengthChecked)
        {
            // The header was checked against the file's length, so no read can fail half-way: straight into the
            // weights, in file order (sequential reads).
            foreach (var entry in reader.Entries)
            {
                if (network.ByFile.TryGetValue(entry.Name, out string? name)) reader.ReadAsFloat32(entry, weights[name]);
                else extra.Add(entry.Name);
            }
            return extra;
        }
        // A forward-only stream shows truncation or a wrong header length only at its end: read every tensor aside in
        // file order, check the end, and only then change the weights.
        var staged = new List<(string Name, float[] Values)>();
        foreach (var entry in reader.Entries)
        {
            if (!network.ByFile.TryGetValue(entry.Name, out string? name))
            {
                extra.Add(entry.Name);
                continue;
            }
            var values = new float[entry.ElementCount];
            reader.ReadAsFloat32(entry, values);
            staged.Add((name, values));
        }
        reader.CheckDataEnds();
        foreach (var (name, values) in staged) weights.Set(name, values);
        return extra;
    }

    /// <summary>The file name of each network tensor and back; two tensors may not share one.</summary>
    private static (Dictionary<string, string> ByTensor, Dictionary<string, string> ByFile) FileNames(NetworkWeights weights, Func<string, string> nameInFile)
    {
        var byTensor = new Dictionary<string, string>(StringComparer.Ordinal);
        var byFile = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tensor in weights.Tensors)
        {
            string file = nameInFile(tensor.Name) ?? throw new ArgumentException($"The name mapping gave null for tensor '{tensor.Name}'.", nameof(nameInFile));
            if (!byFile.TryAdd(file, tensor.Name))
                throw new ArgumentException($"The name mapping gives tensors '{byFile[file]}' and '{tensor.Name}' the same name '{file}'.", nameof(nameInFile));
            byTensor.Add(tensor.Name, file);
        }
        return (byTensor, byFile);
    }

    /// <summary>Writes every tensor of <paramref name="weights"/> as F32 to <paramref name="path"/> (replaced if present).</summary>
    public static void Save(NetworkWeights weights, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        Save(weights, stream, metadata);
    }

    /// <summary>
    /// Writes every tensor of <paramref name="weights"/> as F32 to <paramref name="stream"/> in graph order, with
    /// <paramref name="metadata"/> (plus <c>format = pt</c> unless given) in <c>__metadata__</c>. The header is padded with
    /// spaces to a multiple of 8 bytes so the data is aligned.
    /// </summary>
    public static void Save(NetworkWeights weights, Stream stream, IReadOnlyDictionary<string, string>? metadata = null)
        => Save(weights, stream, static name => name, metadata);

    /// <summary>
    /// Writes every tensor of <paramref name="weights"/> as F32 under <paramref name="nameInFile"/>(its canonical name),
    /// e.g. as another framework's state dictionary names them.
    /// </summary>
    /// <exception cref="ArgumentException">Two network tensors map to one name.</exception>
    public static void Save(NetworkWeights weights, Stream stream, Func<string, string> nameInFile, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(nameInFile);
        byte[] header = BuildHeader(weights, FileNames(weights, nameInFile).ByTensor, metadata);
        int padding = (8 - header.Length % 8) % 8;
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)(header.Length + padding));
        stream.Write(prefix);
        stream.Write(header);
        for (int i = 0; i < padding; i++) stream.WriteByte((byte)' ');
        Span<byte> bytes = stackalloc byte[4];
        foreach (var tensor in weights.Tensors)
        {
            float[] values = weights[tensor.Name];
            if (BitConverter.IsLittleEndian)
            {
                stream.Write(MemoryMarshal.AsBytes(values.AsSpan()));
            }
            else
            {
                foreach (float v in values)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(bytes, v);
                    stream.Write(bytes);
                }
            }
        }
        stream.Flush();
    }

    private static byte[] BuildHeader(NetworkWeights weights, Dictionary<string, string> fileNames, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject(SafeTensorsHeader.MetadataKey);
            if (metadata is null || !metadata.ContainsKey("format")) json.WriteString("format", "pt");
            if (metadata is not null)
            {
                foreach (var pair in metadata) json.WriteString(pair.Key, pair.Value);
            }
            json.WriteEndObject();
            long offset = 0;
            foreach (var tensor in weights.Tensors)
            {
                long bytes = (long)tensor.Length * sizeof(float);
                json.WriteStartObject(fileNames[tensor.Name]);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (int d in tensor.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + bytes);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += bytes;
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static bool SameShape(IReadOnlyList<long> fileShape, IReadOnlyList<int> networkShape)
    {
        if (fileShape.Count != networkShape.Count) return false;
        for (int i = 0; i < fileShape.Count; i++)
        {
            if (fileShape[i] != networkShape[i]) return false;
        }
        return true;
    }
}
