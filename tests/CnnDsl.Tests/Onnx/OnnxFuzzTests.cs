using System;
using System.Diagnostics;
using System.IO;
using CnnDsl.Onnx;
using CnnDsl.Tests.Weights;

namespace CnnDsl.Tests.Onnx;

/// <summary>
/// Random mutations of a valid ONNX model (bit flips, truncations, byte runs overwritten, bytes deleted) with a fixed
/// seed and a time budget: the importer and the scaffolder throw only the documented exception types.
/// </summary>
[Trait("Category", "WeightsIO")] // no generated inference code: no need to rerun with intrinsics disabled
public class OnnxFuzzTests
{
    [Fact]
    public void Mutated_models_throw_only_documented_exceptions()
    {
        byte[] valid = TinyModels.Build(seed: 4);
        var random = new Random(20261126);
        var clock = Stopwatch.StartNew();
        int runs = 0, rejected = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(3) && runs < 20_000)
        {
            byte[] file = Mutate(valid, random);
            try
            {
                if (runs % 4 == 3) OnnxScaffolder.Scaffold(file, "Fuzzed");
                else OnnxImporter.ImportWeights(new TestWeights(TinyNetwork.Graph, TinyNetwork.Tensors), file);
            }
            catch (Exception e) when (e is InvalidDataException or WeightsMismatchException)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
                rejected++;
            }
            catch (Exception e)
            {
                Assert.Fail($"Run {runs}: undocumented {e.GetType().Name}: {e.Message}\n{e.StackTrace}\n{Convert.ToBase64String(file)}");
            }
            runs++;
        }
        Assert.True(runs >= 300, $"only {runs} runs");
        Assert.True(rejected > runs / 3, $"{rejected} of {runs} rejected");
    }

    private static byte[] Mutate(byte[] valid, Random random)
    {
        byte[] file = (byte[])valid.Clone();
        switch (random.Next(4))
        {
            case 0:
                for (int i = random.Next(1, 4); i > 0; i--) file[random.Next(file.Length)] ^= (byte)(1 << random.Next(8));
                return file;
            case 1:
                return file[..random.Next(file.Length)];
            case 2:
                int at = random.Next(file.Length);
                for (int i = at; i < Math.Min(file.Length, at + random.Next(1, 8)); i++) file[i] = (byte)random.Next(256);
                return file;
            default:
                int cut = random.Next(file.Length);
                byte[] shorter = new byte[file.Length - 1];
                file.AsSpan(0, cut).CopyTo(shorter);
                file.AsSpan(cut + 1).CopyTo(shorter.AsSpan(cut));
                return shorter;
        }
    }
}
