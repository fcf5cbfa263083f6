using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CnnDsl.Tests.Onnx;
using CnnDsl.Zoo;

namespace CnnDsl.Tests.Weights;

/// <summary>
/// "On any failure nothing is loaded": the same damaged files on all three inputs (a path, a seekable stream and a
/// forward-only stream) are rejected and leave every weight as it was; InitializeRandom depends on the seed alone.
/// </summary>
[Trait("Category", "WeightsIO")] // no generated inference code: no need to rerun with intrinsics disabled
public sealed class NothingHalfLoadedTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cnndsl-half-" + Guid.NewGuid().ToString("N"));

    public NothingHalfLoadedTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A file written by Save whose header ends in padding spaces, so a length one short still parses.</summary>
    private static byte[] ValidFile()
    {
        var weights = new TestWeights(CourseExampleBottleneck.Graph, CourseExampleBottleneck.Tensors);
        FuzzCases.FillDistinct(weights, 1);
        for (int note = 0; ; note++)
        {
            using var buffer = new MemoryStream();
            SafeTensors.Save(weights, buffer, new Dictionary<string, string> { ["note"] = new string('x', note) });
            byte[] file = buffer.ToArray();
            if (file[8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(file) - 1] == (byte)' ') return file;
        }
    }

    private static byte[] WithHeaderLength(byte[] file, long delta)
    {
        byte[] copy = (byte[])file.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(copy, (ulong)((long)BinaryPrimitives.ReadUInt64LittleEndian(copy) + delta));
        return copy;
    }

    public static IEnumerable<object[]> Damaged()
    {
        byte[] valid = ValidFile();
        yield return new object[] { "last 5 bytes cut", valid[..^5] };
        yield return new object[] { "cut in the middle", valid[..(valid.Length / 2)] };
        yield return new object[] { "header length one short", WithHeaderLength(valid, -1) };
        yield return new object[] { "header length one long", WithHeaderLength(valid, 1) };
        yield return new object[] { "one byte after the data", valid.Append((byte)0).ToArray() };
        yield return new object[] { "a kilobyte after the data", valid.Concat(new byte[1024]).ToArray() };
    }

    [Theory]
    [MemberData(nameof(Damaged))]
    public void Damaged_file_is_rejected_on_every_input_and_changes_nothing(string why, byte[] file)
    {
        string path = Path.Combine(_directory, "damaged.safetensors");
        File.WriteAllBytes(path, file);
        var loads = new (string Input, Action<NetworkWeights> Load)[]
        {
            ("path", w => SafeTensors.Load(w, path)),
            ("seekable stream", w => SafeTensors.Load(w, new MemoryStream(file))),
            ("forward-only stream", w => SafeTensors.Load(w, new ForwardOnlyStream(file))),
        };
        foreach (var (input, load) in loads)
        {
            var target = new TestWeights(CourseExampleBottleneck.Graph, CourseExampleBottleneck.Tensors);
            FuzzCases.FillDistinct(target, 2);
            var before = FuzzCases.Snapshot(target);
            var error = Record.Exception(() => load(target));
            Assert.True(error is InvalidDataException or WeightsMismatchException, $"{why}, {input}: {(error is null ? "loaded" : error.GetType().Name + ": " + error.Message)}");
            Assert.True(FuzzCases.Unchanged(target, before), $"{why}, {input}: the weights changed");
        }
    }

    [Fact]
    public void The_undamaged_file_loads_the_same_on_every_input()
    {
        byte[] file = ValidFile();
        string path = Path.Combine(_directory, "valid.safetensors");
        File.WriteAllBytes(path, file);
        var expected = new TestWeights(CourseExampleBottleneck.Graph, CourseExampleBottleneck.Tensors);
        FuzzCases.FillDistinct(expected, 1);
        foreach (var load in new Action<NetworkWeights>[] { w => SafeTensors.Load(w, path), w => SafeTensors.Load(w, new MemoryStream(file)), w => SafeTensors.Load(w, new ForwardOnlyStream(file)) })
        {
            var target = new TestWeights(CourseExampleBottleneck.Graph, CourseExampleBottleneck.Tensors);
            load(target);
            Assert.True(FuzzCases.Unchanged(target, FuzzCases.Snapshot(expected)));
        }
    }

    public static IEnumerable<object[]> Networks() => new[]
    {
        new object[] { "TinyNetwork (fused batch norm, biases)", TinyNetwork.Graph, TinyNetwork.Tensors },
        new object[] { "SecondTinyNetwork (standalone batch norm)", SecondTinyNetwork.Graph, SecondTinyNetwork.Tensors },
        new object[] { "EfficientNetB0", EfficientNetB0.Graph, EfficientNetB0.Tensors },
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void InitializeRandom_depends_on_the_seed_alone(string name, IReadOnlyList<NodeInfo> graph, IReadOnlyList<TensorInfo> tensors)
    {
        var fresh = new TestWeights(graph, tensors);
        fresh.InitializeRandom(7);
        var used = new TestWeights(graph, tensors);
        FuzzCases.FillDistinct(used, 3);
        used.InitializeRandom(7);
        Assert.True(FuzzCases.Unchanged(used, FuzzCases.Snapshot(fresh)), name + ": a loaded object initializes differently from a fresh one");
        // The documented values: zero biases and shifts, batch norms with scale 1, mean 0 and variance 1.
        foreach (var t in tensors)
        {
            var node = graph[t.Node];
            bool randomWeight = t.Name == node.Name + ".weight" && node.Op is Op.Conv or Op.DepthwiseConv or Op.Dense;
            if (randomWeight) continue;
            bool one = t.Name.EndsWith("running_var", StringComparison.Ordinal) || t.Name.EndsWith(".weight", StringComparison.Ordinal);
            Assert.All(used[t.Name], v => Assert.Equal(one ? 1f : 0f, v));
        }
    }
}
