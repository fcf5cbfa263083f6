using System;
using System.Buffers.Binary;
using System.Diagnostics;
using System.IO;
using CnnDsl.Zoo;

namespace CnnDsl.Tests.Weights;

/// <summary>
/// Random mutations of a valid file (bit flips concentrated on the header, truncations, header byte edits, random
/// header lengths) with a fixed seed, <see cref="FuzzCases.Count"/> cases cycling over the three inputs: the only
/// exceptions allowed are the documented ones, and a rejected file changes no weight.
/// </summary>
[Trait("Category", "WeightsIO")] // no generated inference code: no need to rerun with intrinsics disabled
public sealed class SafeTensorsFuzzTests
{
    [Fact]
    public void Mutated_files_throw_only_documented_exceptions()
    {
        var weights = new TestWeights(CourseExampleBottleneck.Graph, CourseExampleBottleneck.Tensors);
        weights.InitializeRandom(1);
        var builder = SafeTensorsFileBuilder.From(weights);
        builder.Add("extra", "I64", new long[] { 2 }, new byte[16]);
        byte[] valid = builder.Build();
        int headerEnd = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(valid);
        var random = new Random(20261126);
        string path = Path.Combine(Path.GetTempPath(), "cnndsl-fuzz-" + Guid.NewGuid().ToString("N") + ".safetensors");
        int cases = FuzzCases.Count, rejected = 0;
        var clock = Stopwatch.StartNew();
        var target = new TestWeights(CourseExampleBottleneck.Graph, CourseExampleBottleneck.Tensors);
        FuzzCases.FillDistinct(target, 5);
        var before = FuzzCases.Snapshot(target);
        try
        {
            for (int run = 0; run < cases; run++)
            {
                byte[] file = Mutate(valid, headerEnd, random);
                // The same mutations on all three inputs: seekable stream, forward-only stream, memory-mapped path.
                string input = (run % 3) switch { 0 => "seekable stream", 1 => "forward-only stream", _ => "path" };
                try
                {
                    if (run % 3 == 0) SafeTensors.Load(target, new MemoryStream(file));
                    else if (run % 3 == 1) SafeTensors.Load(target, new ForwardOnlyStream(file));
                    else
                    {
                        File.WriteAllBytes(path, file);
                        SafeTensors.Load(target, path);
                    }
                    // Accepted (the mutation kept the file valid): back to the distinct values for the next case.
                    for (int i = 0; i < before.Length; i++) target.Set(target.Tensors[i].Name, before[i]);
                }
                catch (Exception e) when (e is InvalidDataException or WeightsMismatchException)
                {
                    Assert.False(string.IsNullOrWhiteSpace(e.Message));
                    Assert.True(FuzzCases.Unchanged(target, before), $"Case {run} ({input}): rejected ({e.Message}) but the weights changed");
                    rejected++;
                }
                catch (Exception e)
                {
                    Assert.Fail($"Case {run} ({input}): undocumented {e.GetType().Name}: {e.Message}\n{Convert.ToBase64String(file[..Math.Min(file.Length, headerEnd + 16)])}");
                }
            }
        }
        finally
        {
            File.Delete(path);
        }
        // The mutations must mostly hit the header, or the test proves little.
        Assert.True(rejected > cases / 2, $"{rejected} of {cases} rejected");
        Console.WriteLine($"safetensors fuzz: {cases} cases, {rejected} rejected, {clock.Elapsed.TotalSeconds:F1} s");
    }

    private static byte[] Mutate(byte[] valid, int headerEnd, Random random)
    {
        byte[] file = (byte[])valid.Clone();
        switch (random.Next(5))
        {
            case 0: // a few bit flips in the length prefix or the header
                for (int i = random.Next(1, 4); i > 0; i--)
                {
                    int at = random.Next(headerEnd);
                    file[at] ^= (byte)(1 << random.Next(8));
                }
                return file;
            case 1: // truncation anywhere
                return file[..random.Next(file.Length)];
            case 2: // a header byte replaced by a JSON-significant character or a digit
                const string alphabet = "{}[]\",:0123456789-.e \\u";
                file[8 + random.Next(headerEnd - 8)] = (byte)alphabet[random.Next(alphabet.Length)];
                return file;
            case 3: // a random header length
                BinaryPrimitives.WriteUInt64LittleEndian(file, random.Next(2) == 0 ? (ulong)random.NextInt64() : (ulong)random.Next(headerEnd + 64));
                return file;
            default: // a header byte deleted (shifts everything after it)
                int cut = 8 + random.Next(headerEnd - 8);
                byte[] shorter = new byte[file.Length - 1];
                file.AsSpan(0, cut).CopyTo(shorter);
                file.AsSpan(cut + 1).CopyTo(shorter.AsSpan(cut));
                return shorter;
        }
    }
}
