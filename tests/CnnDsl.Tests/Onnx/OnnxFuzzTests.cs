using System;
using System.Diagnostics;
using System.IO;
using CnnDsl.Onnx;
using CnnDsl.Tests.Weights;

namespace CnnDsl.Tests.Onnx;

/// <summary>
/// Random mutations of a valid ONNX model (bit flips, truncations, byte runs overwritten, bytes deleted, and the
/// structural ones of <see cref="OnnxMutations"/>) with a fixed
/// seed, <see cref="FuzzCases.Count"/> cases: the importer and the scaffolder throw only the documented exception
/// types, and a rejected import changes no weight.
/// </summary>
[Trait("Category", "WeightsIO")] // no generated inference code: no need to rerun with intrinsics disabled
public class OnnxFuzzTests
{
    [Fact]
    public void Mutated_models_throw_only_documented_exceptions()
    {
        byte[] valid = TinyModels.Build(seed: 4);
        var random = new Random(20261126);
        int cases = FuzzCases.Count, rejected = 0;
        var clock = Stopwatch.StartNew();
        for (int run = 0; run < cases; run++)
        {
            // One case in four is a structural mutation (half of them scaffolded) (lying dims, bad statistics, duplicates, custom domains, zero
            // strides), the rest damaged bytes.
            byte[] file = run % 8 is 1 or 7 ? OnnxMutations.Apply(valid, OnnxMutations.Names[random.Next(OnnxMutations.Names.Count)], random) : Mutate(valid, random);
            var target = new TestWeights(TinyNetwork.Graph, TinyNetwork.Tensors);
            FuzzCases.FillDistinct(target, 5);
            var before = FuzzCases.Snapshot(target);
            try
            {
                if (run % 4 == 3) OnnxScaffolder.Scaffold(file, "Fuzzed");
                else OnnxImporter.ImportWeights(target, file);
            }
            catch (Exception e) when (e is InvalidDataException or WeightsMismatchException)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
                Assert.True(FuzzCases.Unchanged(target, before), $"Case {run}: rejected ({e.Message}) but the weights changed");
                rejected++;
            }
            catch (Exception e)
            {
                Assert.Fail($"Case {run}: undocumented {e.GetType().Name}: {e.Message}\n{e.StackTrace}\n{Convert.ToBase64String(file)}");
            }
        }
        Assert.True(rejected > cases / 3, $"{rejected} of {cases} rejected");
        Console.WriteLine($"ONNX fuzz: {cases} cases, {rejected} rejected, {clock.Elapsed.TotalSeconds:F1} s");
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
