using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace CnnDsl;

/// <summary>
/// Parses and checks a safetensors JSON header: every tensor's dtype, shape and data offsets, with the offsets
/// required to tile the data section exactly (no gaps, no overlaps, sizes equal to shape x dtype size), as the
/// reference implementation requires. Every failure is an <see cref="InvalidDataException"/> naming the tensor and field.
/// </summary>
internal static class SafeTensorsHeader
{
    public const string MetadataKey = "__metadata__";

    /// <param name="json">The header bytes (UTF-8 JSON, possibly padded with trailing spaces).</param>
    /// <param name="dataLength">Bytes after the header, or null when unknown (a forward-only stream).</param>
    public static (List<SafeTensorsEntry> Entries, Dictionary<string, string> Metadata) Parse(ReadOnlySpan<byte> json, long? dataLength)
    {
        List<SafeTensorsEntry> entries;
        Dictionary<string, string> metadata;
        try
        {
            (entries, metadata) = ParseJson(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("The safetensors header is not valid JSON: " + e.Message, e);
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonReader.GetString on invalid UTF-8 or a wrong token type.
            throw new InvalidDataException("The safetensors header is not valid JSON: " + e.Message, e);
        }
        CheckOffsets(entries, dataLength);
        return (entries, metadata);
    }

    private static (List<SafeTensorsEntry>, Dictionary<string, string>) ParseJson(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 8 });
        var entries = new List<SafeTensorsEntry>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidDataException("The safetensors header must be a JSON object.");
        }
        while (true)
        {
            Next(ref reader, "the header");
            if (reader.TokenType == JsonTokenType.EndObject) break;
            string name = reader.GetString()!;
            if (!seen.Add(name)) throw new InvalidDataException($"The safetensors header lists '{name}' twice.");
            Next(ref reader, name);
            if (name == MetadataKey) ReadMetadata(ref reader, metadata);
            else entries.Add(ReadEntry(ref reader, name));
        }
        if (reader.Read()) throw new InvalidDataException("The safetensors header has data after its closing brace.");
        return (entries, metadata);
    }

    private static void Next(ref Utf8JsonReader reader, string where)
    {
        if (!reader.Read()) throw new InvalidDataException($"The safetensors header ends inside {Quote(where)}.");
    }

    private static string Quote(string where) => where == "the header" ? where : "'" + where + "'";

    private static void ReadMetadata(ref Utf8JsonReader reader, Dictionary<string, string> metadata)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidDataException($"The safetensors header field '{MetadataKey}' must be an object of strings.");
        }
        while (true)
        {
            Next(ref reader, MetadataKey);
            if (reader.TokenType == JsonTokenType.EndObject) return;
            string key = reader.GetString()!;
            Next(ref reader, MetadataKey);
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new InvalidDataException($"The safetensors header field '{MetadataKey}.{key}' must be a string.");
            }
            metadata[key] = reader.GetString()!;
        }
    }

    private static SafeTensorsEntry ReadEntry(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidDataException($"Tensor '{name}' in the safetensors header must be an object with dtype, shape and data_offsets.");
        }
        SafeTensorsDType? dtype = null;
        List<long>? shape = null;
        List<long>? offsets = null;
        while (true)
        {
            Next(ref reader, name);
            if (reader.TokenType == JsonTokenType.EndObject) break;
            string field = reader.GetString()!;
            Next(ref reader, name);
            switch (field)
            {
                case "dtype":
                    if (reader.TokenType != JsonTokenType.String) throw Field(name, field, "must be a string");
                    string text = reader.GetString()!;
                    if (!SafeTensorsDTypes.TryParse(text, out var parsed)) throw Field(name, field, $"has the unknown dtype '{text}'");
                    dtype = parsed;
                    break;
                case "shape":
                    shape = ReadIntegers(ref reader, name, field);
                    break;
                case "data_offsets":
                    offsets = ReadIntegers(ref reader, name, field);
                    if (offsets.Count != 2) throw Field(name, field, $"must hold 2 numbers, not {offsets.Count}");
                    break;
                default:
                    // Unknown fields are tolerated (forward compatibility), but their value must be skipped whole.
                    reader.Skip();
                    break;
            }
        }
        if (dtype is null) throw Field(name, "dtype", "is missing");
        if (shape is null) throw Field(name, "shape", "is missing");
        if (offsets is null) throw Field(name, "data_offsets", "is missing");
        return new SafeTensorsEntry(name, dtype.Value, shape, offsets[0], offsets[1]);
    }

    private static List<long> ReadIntegers(ref Utf8JsonReader reader, string name, string field)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw Field(name, field, "must be an array of non-negative integers");
        var values = new List<long>();
        while (true)
        {
            Next(ref reader, name);
            if (reader.TokenType == JsonTokenType.EndArray) return values;
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long value) || value < 0)
            {
                throw Field(name, field, "must be an array of non-negative integers");
            }
            if (values.Count >= 64) throw Field(name, field, "has more than 64 entries");
            values.Add(value);
        }
    }

    private static InvalidDataException Field(string name, string field, string problem)
        => new($"Tensor '{name}' in the safetensors header: '{field}' {problem}.");

    private static void CheckOffsets(List<SafeTensorsEntry> entries, long? dataLength)
    {
        foreach (var entry in entries)
        {
            if (entry.Begin > entry.End)
            {
                throw Field(entry.Name, "data_offsets", Text($"begins after it ends ([{entry.Begin}, {entry.End}])"));
            }
            long expectedBytes;
            try
            {
                long count = 1;
                foreach (long d in entry.Shape) count = checked(count * d);
                expectedBytes = checked(count * SafeTensorsDTypes.SizeOf(entry.DType));
            }
            catch (OverflowException)
            {
                throw Field(entry.Name, "shape", $"{entry.ShapeText} is too large");
            }
            if (expectedBytes != entry.ByteLength)
            {
                throw Field(entry.Name, "data_offsets", Text(
                    $"span {entry.ByteLength} bytes ([{entry.Begin}, {entry.End}]), but shape {entry.ShapeText} of {entry.DType} needs {expectedBytes}"));
            }
            if (dataLength is long length && entry.End > length)
            {
                throw Field(entry.Name, "data_offsets", Text(
                    $"end at byte {entry.End}, past the end of the data ({length} bytes): the file is truncated or the header is wrong"));
            }
        }
        // Sorted by position, the tensors must tile the data section: each begins where the previous ended.
        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long position = 0;
        foreach (var entry in entries)
        {
            if (entry.Begin != position)
            {
                string problem = entry.Begin < position ? "overlap the previous tensor" : "leave a gap after the previous tensor";
                throw Field(entry.Name, "data_offsets", Text($"[{entry.Begin}, {entry.End}] {problem} (which ends at {position})"));
            }
            position = entry.End;
        }
        if (dataLength is long total && position != total)
        {
            throw new InvalidDataException(Text(
                $"The safetensors header describes {position} bytes of data, but the file holds {total} after the header."));
        }
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
