using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using CnnDsl.Zoo;

namespace CnnDsl.Tests.Weights;

/// <summary>safetensors load/save against a hand-written file (the format oracle) and every kind of bad input.</summary>
[Trait("Category", "WeightsIO")] // no generated inference code: no need to rerun with intrinsics disabled
public sealed class SafeTensorsTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cnndsl-st-" + Guid.NewGuid().ToString("N"));

    public SafeTensorsTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static TestWeights Small(int? seed = null)
    {
        var weights = new TestWeights(CourseExampleBottleneck.Graph, CourseExampleBottleneck.Tensors);
        if (seed is int s) FillDistinct(weights, s);
        return weights;
    }

    /// <summary>Every value distinct and nonzero (InitializeRandom leaves biases and BN at constants).</summary>
    private static void FillDistinct(NetworkWeights weights, int seed)
    {
        var random = new Random(seed);
        foreach (var t in weights.Tensors)
        {
            var data = weights[t.Name];
            for (int i = 0; i < data.Length; i++) data[i] = (float)(random.NextDouble() * 2 - 1);
        }
    }

    private static void AssertSameValues(NetworkWeights expected, NetworkWeights actual)
    {
        foreach (var t in expected.Tensors) Assert.Equal(expected[t.Name], actual[t.Name]);
    }

    [Fact]
    public void MobileNetV2_round_trips_through_a_file_and_a_stream()
    {
        var original = new TestWeights(MobileNetV2.Graph, MobileNetV2.Tensors);
        original.InitializeRandom(seed: 7);
        FillDistinct(original, 7);
        string path = Path.Combine(_directory, "mobilenetv2.safetensors");
        SafeTensors.Save(original, path);

        var fromFile = new TestWeights(MobileNetV2.Graph, MobileNetV2.Tensors);
        Assert.Empty(SafeTensors.Load(fromFile, path));
        AssertSameValues(original, fromFile);

        var fromStream = new TestWeights(MobileNetV2.Graph, MobileNetV2.Tensors);
        using (var stream = File.OpenRead(path)) Assert.Empty(SafeTensors.Load(fromStream, stream));
        AssertSameValues(original, fromStream);

        var fromForwardOnly = new TestWeights(MobileNetV2.Graph, MobileNetV2.Tensors);
        using (var stream = new ForwardOnlyStream(File.ReadAllBytes(path))) SafeTensors.Load(fromForwardOnly, stream);
        AssertSameValues(original, fromForwardOnly);
    }

    [Fact]
    public void Saved_file_follows_the_specification()
    {
        var weights = Small(seed: 3);
        using var stream = new MemoryStream();
        SafeTensors.Save(weights, stream, new Dictionary<string, string> { ["network"] = "CourseExampleBottleneck" });
        byte[] file = stream.ToArray();

        // Decode by hand: u64 LE header length, JSON, then raw little-endian F32 data tiling the rest.
        long headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(file);
        Assert.Equal(0, (8 + headerLength) % 8);
        using var header = JsonDocument.Parse(Encoding.UTF8.GetString(file, 8, (int)headerLength).TrimEnd(' '));
        Assert.Equal("CourseExampleBottleneck", header.RootElement.GetProperty("__metadata__").GetProperty("network").GetString());
        Assert.Equal("pt", header.RootElement.GetProperty("__metadata__").GetProperty("format").GetString());
        long dataStart = 8 + headerLength;
        long covered = 0;
        foreach (var t in weights.Tensors)
        {
            var entry = header.RootElement.GetProperty(t.Name);
            Assert.Equal("F32", entry.GetProperty("dtype").GetString());
            Assert.Equal(t.Shape, entry.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
            long begin = entry.GetProperty("data_offsets")[0].GetInt64();
            long end = entry.GetProperty("data_offsets")[1].GetInt64();
            Assert.Equal(t.Length * 4L, end - begin);
            var values = weights[t.Name];
            for (int i = 0; i < values.Length; i++)
            {
                Assert.Equal(values[i], BinaryPrimitives.ReadSingleLittleEndian(file.AsSpan((int)(dataStart + begin + i * 4))));
            }
            covered += end - begin;
        }
        Assert.Equal(file.Length - dataStart, covered);
        Assert.Equal(weights.Tensors.Count + 1, header.RootElement.EnumerateObject().Count());
    }

    [Fact]
    public void Loads_a_hand_written_file_with_F16_BF16_extra_tensors_and_unaligned_header()
    {
        var expected = Small(seed: 5);
        var builder = new SafeTensorsFileBuilder { MetadataJson = null, HeaderSuffix = "   " };
        var random = new Random(11);
        // Write the tensors in reverse order, half of them as F16/BF16, with an extra tensor in between.
        var tensors = expected.Tensors.Reverse().ToList();
        for (int i = 0; i < tensors.Count; i++)
        {
            var t = tensors[i];
            switch (i % 3)
            {
                case 0: builder.AddF32(t.Name, t.Shape, expected[t.Name]); break;
                case 1:
                    builder.AddF16(t.Name, t.Shape, expected[t.Name]);
                    for (int j = 0; j < expected[t.Name].Length; j++) expected[t.Name][j] = (float)(Half)expected[t.Name][j];
                    break;
                default:
                    builder.AddBF16(t.Name, t.Shape, expected[t.Name]);
                    for (int j = 0; j < expected[t.Name].Length; j++)
                    {
                        expected[t.Name][j] = BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(expected[t.Name][j]) & 0xFFFF0000u);
                    }
                    break;
            }
            if (i == 0) builder.Add("optimizer.step", "I64", Array.Empty<long>(), BitConverter.GetBytes(12345L));
        }
        builder.Add("head.num_batches_tracked", "I64", new long[] { 1 }, new byte[8]);
        byte[] file = builder.Build();

        var loaded = Small();
        IReadOnlyList<string> extra;
        using (var stream = new MemoryStream(file)) extra = SafeTensors.Load(loaded, stream);
        Assert.Equal(new[] { "optimizer.step", "head.num_batches_tracked" }, extra);
        AssertSameValues(expected, loaded);

        string path = Path.Combine(_directory, "hand.safetensors");
        File.WriteAllBytes(path, file);
        var fromFile = Small();
        SafeTensors.Load(fromFile, path);
        AssertSameValues(expected, fromFile);
    }

    [Fact]
    public void Reader_lists_tensors_and_metadata_without_reading_data()
    {
        var builder = new SafeTensorsFileBuilder { MetadataJson = "{\"format\":\"pt\",\"author\":\"test\"}" };
        builder.AddF32("b", new[] { 2, 3 }, new float[6]);
        builder.Add("a", "I64", new long[] { 4 }, new byte[32]);
        builder.Add("empty", "F32", new long[] { 0, 5 }, Array.Empty<byte>());
        using var reader = SafeTensorsReader.Open(new MemoryStream(builder.Build()));
        Assert.Equal("test", reader.Metadata["author"]);
        Assert.Equal(new[] { "b", "a", "empty" }, reader.Entries.Select(e => e.Name));
        var a = reader.Find("a")!;
        Assert.Equal(SafeTensorsDType.I64, a.DType);
        Assert.Equal(new long[] { 4 }, a.Shape);
        Assert.Equal((24L, 56L), (a.Begin, a.End));
        Assert.Null(reader.Find("c"));
        var error = Assert.Throws<InvalidDataException>(() => reader.ReadAsFloat32(a, new float[4]));
        Assert.Contains("'a'", error.Message);
    }

    [Fact]
    public void Missing_tensor_names_it_and_its_shape_and_loads_nothing()
    {
        var source = Small(seed: 1);
        var builder = new SafeTensorsFileBuilder();
        foreach (var t in source.Tensors.Skip(1)) builder.AddF32(t.Name, t.Shape, source[t.Name]);
        var target = Small();
        var before = target.Tensors.Select(t => (float[])target[t.Name].Clone()).ToList();
        var error = Assert.Throws<WeightsMismatchException>(() => SafeTensors.Load(target, new MemoryStream(builder.Build())));
        var first = source.Tensors[0];
        Assert.Equal(first.Name, error.TensorName);
        Assert.Contains($"'{first.Name}' (shape {first.ShapeText}) is missing", error.Message);
        for (int i = 0; i < before.Count; i++) Assert.Equal(before[i], target[target.Tensors[i].Name]);
    }

    [Fact]
    public void Wrong_shape_names_the_tensor_and_both_shapes()
    {
        var weights = Small(seed: 1);
        var conv = weights.Tensors.First(t => t.Shape.Count == 4 && t.Shape[2] == 5);
        var file = new SafeTensorsFileBuilder();
        foreach (var t in weights.Tensors)
        {
            if (t == conv)
            {
                int[] shape = { t.Shape[0], t.Shape[1], 3, 3 };
                file.AddF32(t.Name, shape, new float[shape.Aggregate(1, (a, b) => a * b)]);
            }
            else file.AddF32(t.Name, t.Shape, weights[t.Name]);
        }
        var error = Assert.Throws<WeightsMismatchException>(() => SafeTensors.Load(Small(), new MemoryStream(file.Build())));
        string fileShape = $"[{conv.Shape[0]}, {conv.Shape[1]}, 3, 3]";
        Assert.Equal($"Tensor '{conv.Name}' has shape {fileShape} in the file but the network expects {conv.ShapeText}.", error.Message);
    }

    [Fact]
    public void Unsupported_dtype_for_a_network_tensor_is_a_mismatch()
    {
        var weights = Small(seed: 1);
        var target = weights.Tensors[0];
        var file = new SafeTensorsFileBuilder();
        foreach (var t in weights.Tensors)
        {
            if (t == target) file.Add(t.Name, "I32", t.Shape.Select(d => (long)d).ToArray(), new byte[t.Length * 4]);
            else file.AddF32(t.Name, t.Shape, weights[t.Name]);
        }
        var error = Assert.Throws<WeightsMismatchException>(() => SafeTensors.Load(Small(), new MemoryStream(file.Build())));
        Assert.Contains($"'{target.Name}' has dtype I32", error.Message);
    }

    public static IEnumerable<object[]> BadFiles()
    {
        static SafeTensorsFileBuilder Valid()
        {
            var b = new SafeTensorsFileBuilder();
            b.AddF32("x.weight", new[] { 2, 2 }, new float[] { 1, 2, 3, 4 });
            b.AddF32("x.bias", new[] { 2 }, new float[] { 5, 6 });
            return b;
        }
        SafeTensorsFileBuilder b;
        b = Valid(); b.HeaderLengthOverride = 1_000_000; yield return new object[] { "length larger than the file", b.Build(), "larger than the rest of the file" };
        b = Valid(); b.HeaderLengthOverride = ulong.MaxValue; yield return new object[] { "huge length", b.Build(), "exceeds the limit" };
        b = Valid(); b.HeaderLengthOverride = 0; yield return new object[] { "zero length", b.Build(), "too small" };
        yield return new object[] { "empty file", Array.Empty<byte>(), "too short" };
        yield return new object[] { "five bytes", new byte[] { 1, 2, 3, 4, 5 }, "too short" };
        b = Valid(); var full = b.Build(); yield return new object[] { "truncated data", full[..^3], "'x.bias'" };
        b = Valid(); full = b.Build(); yield return new object[] { "truncated header", full[..20], "larger than the rest" };
        b = Valid(); full = b.Build(); yield return new object[] { "trailing garbage", full.Concat(new byte[4]).ToArray(), "describes 24 bytes of data, but the file holds 28" };
        b = Valid(); b.AddF32("x.more", new[] { 1 }, new float[] { 1 }).Offsets = new long[] { 8, 12 }; yield return new object[] { "overlap", b.Build(), "'x.more'" };
        b = Valid(); b.AddF32("x.more", new[] { 1 }, new float[] { 1 }).Offsets = new long[] { 24, 1L << 40 }; yield return new object[] { "out of range", b.Build(), "'x.more'" };
        b = Valid(); b.AddF32("x.more", new[] { 1 }, new float[] { 1 }).Offsets = new long[] { 28, 24 }; yield return new object[] { "reversed", b.Build(), "begins after it ends" };
        b = Valid(); b.AddF32("x.more", new[] { 1 }, new float[] { 1 }).Shape = new long[] { 2 }; yield return new object[] { "size not shape x dtype", b.Build(), "needs 8" };
        b = Valid(); b.AddF32("x.more", new[] { 1 }, new float[] { 1 }).DType = "F16"; yield return new object[] { "dtype lies", b.Build(), "'x.more'" };
        b = Valid(); b.AddF32("x.more", new[] { 1 }, new float[] { 1 }).DType = "F33"; yield return new object[] { "unknown dtype", b.Build(), "unknown dtype 'F33'" };
        b = Valid(); b.AddF32("x.more", new[] { 1 }, new float[] { 1 }).DType = "f32"; yield return new object[] { "dtype casing", b.Build(), "unknown dtype 'f32'" };
        b = Valid(); b.AddF32("x.more", new[] { 1 }, new float[] { 1 }).Shape = new[] { long.MaxValue, long.MaxValue }; yield return new object[] { "shape overflow", b.Build(), "too large" };
        b = Valid(); b.AddF32("x.more", new[] { 1 }, new float[] { 1 }).RawJson = "{\"dtype\":\"F32\",\"shape\":[1]}"; yield return new object[] { "missing offsets", b.Build(), "'data_offsets' is missing" };
        b = Valid(); b.AddF32("x.more", new[] { 1 }, new float[] { 1 }).RawJson = "{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[24,28]}"; yield return new object[] { "negative dim", b.Build(), "'shape' must be" };
        b = Valid(); b.AddF32("x.more", new[] { 1 }, new float[] { 1 }).RawJson = "{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[24,28]}"; yield return new object[] { "fractional dim", b.Build(), "'shape' must be" };
        b = Valid(); b.AddF32("x.more", new[] { 1 }, new float[] { 1 }).RawJson = "{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[24,28,32]}"; yield return new object[] { "three offsets", b.Build(), "must hold 2" };
        b = Valid(); b.AddF32("x.more", new[] { 1 }, new float[] { 1 }).RawJson = "[1,2]"; yield return new object[] { "entry not an object", b.Build(), "'x.more'" };
        b = Valid(); b.AddF32("x.bias", new[] { 1 }, new float[] { 1 }); yield return new object[] { "duplicate name", b.Build(), "'x.bias' twice" };
        b = Valid(); b.MetadataJson = "{\"format\":1}"; yield return new object[] { "metadata not strings", b.Build(), "__metadata__.format" };
        b = Valid(); b.HeaderSuffix = "}"; yield return new object[] { "not JSON", b.Build(), "not valid JSON" };
        b = Valid(); b.MetadataJson = "{\"a\":\"\\uD800\"}"; yield return new object[] { "lone surrogate", b.Build(), "not valid JSON" };
        var bytes = Valid().Build(); bytes[8] = (byte)'['; yield return new object[] { "array header", bytes, "must be a JSON object" };
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Malformed_file_is_an_InvalidDataException_naming_the_problem(string why, byte[] file, string expectedText)
    {
        Assert.NotNull(why);
        var fromStream = Assert.Throws<InvalidDataException>(() => SafeTensorsReader.Open(new MemoryStream(file)).Dispose());
        Assert.Contains(expectedText, fromStream.Message);
        string path = Path.Combine(_directory, "bad.safetensors");
        File.WriteAllBytes(path, file);
        var fromFile = Assert.Throws<InvalidDataException>(() => SafeTensorsReader.Open(path).Dispose());
        Assert.Contains(expectedText, fromFile.Message);
    }

    [Fact]
    public void Truncated_forward_only_stream_names_the_tensor()
    {
        var weights = Small(seed: 2);
        byte[] file = SafeTensorsFileBuilder.From(weights).Build();
        var last = weights.Tensors[^1];
        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(Small(), new ForwardOnlyStream(file[..^5])));
        Assert.Contains($"'{last.Name}'", error.Message);
        Assert.Contains("truncated", error.Message);
    }
}
