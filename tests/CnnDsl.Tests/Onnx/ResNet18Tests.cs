using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using CnnDsl.Onnx;
using CnnDsl.Oracles;
using CnnDsl.Tests.Weights;
using CnnDsl.Zoo;
using Xunit.Abstractions;

namespace CnnDsl.Tests.Onnx;

/// <summary>
/// The real pretrained ResNet-18 of ML.NET: its DSL definition (samples/CnnDsl.Zoo/ResNet18.cs) is what the
/// scaffolder writes for it, its weights import, and its 512 features equal ONNX Runtime's on real photos.
/// Preprocessing is ML.NET's own ResNetPreprocess.onnx (RGB 0..255 planar in; BGR minus the ImageNet mean image out),
/// run by ONNX Runtime for both sides.
/// </summary>
public class ResNet18Tests(ITestOutputHelper output)
{
    private static readonly string[] Photos = { "chelsea-224.ppm", "coffee-224.ppm", "astronaut-224.ppm" };

    [Fact]
    public void Pretrained_weights_import_and_features_match_OnnxRuntime_on_photos()
    {
        byte[] model = File.ReadAllBytes(TestAssets.ResNet18Onnx);
        byte[] preprocess = File.ReadAllBytes(TestAssets.ResNetPreprocessOnnx);
        var weights = new ResNet18.Weights();
        var clock = Stopwatch.StartNew();
        var result = OnnxImporter.ImportWeights(weights, model);
        output.WriteLine($"import: {clock.ElapsedMilliseconds} ms for {ResNet18.Parameters + ResNet18.BatchNormParameters} values");
        Assert.Empty(result.FoldedBatchNorms);
        Assert.Equal(ResNet18.Graph.Count - 1, result.Matches.Count);
        Assert.Equal(512, ResNet18.OutputLength);

        var features = new float[Photos.Length][];
        var expected = new float[Photos.Length][];
        var batch = new float[Photos.Length * 224 * 224 * 3];
        using var prepare = new OnnxRuntimeNchw(preprocess);
        using var runtime = new OnnxRuntimeNchw(model);
        long runtimeMs = 0;
        for (int p = 0; p < Photos.Length; p++)
        {
            float[] rgb = TestAssets.ReadPpmAsNchw(TestAssets.RepoFile("samples", "images", Photos[p]), out int h, out int w);
            Assert.Equal((224, 224), (h, w));
            float[] prepared = prepare.Run(rgb, 1, 3, 224, 224);
            clock.Restart();
            expected[p] = runtime.Run(prepared, 1, 3, 224, 224);
            runtimeMs += clock.ElapsedMilliseconds;
            OnnxRuntimeNchw.ToNhwc(prepared, 3, 224, 224).CopyTo(batch, p * 224 * 224 * 3);
        }
        output.WriteLine($"ONNX Runtime (1 thread): {runtimeMs} ms for {Photos.Length} images");
        clock.Restart();
        var network = new ResNet18(weights);
        output.WriteLine($"generated network construction (weight packing): {clock.ElapsedMilliseconds} ms");
        var all = new float[Photos.Length * 512];
        clock.Restart();
        network.Forward(batch, all);
        output.WriteLine($"generated Forward: {clock.ElapsedMilliseconds} ms for {Photos.Length} images");

        double worst = 0;
        for (int p = 0; p < Photos.Length; p++)
        {
            features[p] = all.AsSpan(p * 512, 512).ToArray();
            Assert.Equal(512, expected[p].Length);
            for (int i = 0; i < 512; i++)
            {
                double difference = Math.Abs(features[p][i] - expected[p][i]);
                worst = Math.Max(worst, difference);
                Assert.True(difference <= 1e-4, $"{Photos[p]} feature {i}: ONNX Runtime {expected[p][i]}, CnnDsl {features[p][i]}");
            }
            // Real photos give real, distinct features (not all zero, not saturated).
            Assert.True(features[p].Count(v => v > 0) > 100, $"{Photos[p]}: only {features[p].Count(v => v > 0)} positive features");
        }
        output.WriteLine($"largest |ORT - CnnDsl| over {Photos.Length} x 512 features: {worst:E2}; feature magnitude up to {expected.Max(e => e.Max()):F3}");
        Assert.True(Distance(features[0], features[1]) > 1, "two different photos gave nearly the same features");
    }

    [Fact]
    public void Pretrained_weights_round_trip_through_safetensors()
    {
        var imported = new ResNet18.Weights();
        OnnxImporter.ImportWeights(imported, TestAssets.ResNet18Onnx);
        string path = Path.Combine(Path.GetTempPath(), "cnndsl-resnet18-" + Guid.NewGuid().ToString("N") + ".safetensors");
        try
        {
            var clock = Stopwatch.StartNew();
            SafeTensors.Save(imported, path);
            output.WriteLine($"safetensors save: {clock.ElapsedMilliseconds} ms, {new FileInfo(path).Length} bytes");
            var loaded = new ResNet18.Weights();
            clock.Restart();
            Assert.Empty(SafeTensors.Load(loaded, path));
            output.WriteLine($"safetensors load (memory-mapped): {clock.ElapsedMilliseconds} ms");
            foreach (var tensor in ResNet18.Tensors) Assert.Equal(imported[tensor.Name], loaded[tensor.Name]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Scaffolder_writes_the_checked_in_definition()
    {
        var result = OnnxScaffolder.Scaffold(TestAssets.ResNet18Onnx, "ResNet18", "CnnDsl.Zoo");
        Assert.Empty(result.Unsupported);
        string checkedIn = File.ReadAllText(TestAssets.RepoFile("samples", "CnnDsl.Zoo", "ResNet18.cs"));
        Assert.Equal(WithoutDocComments(checkedIn), WithoutDocComments(result.Source));
    }

    [Fact]
    public void Another_architecture_is_rejected_at_its_first_layer()
    {
        var weights = new TestWeights(MobileNetV2.Graph, MobileNetV2.Tensors);
        var error = Assert.Throws<WeightsMismatchException>(() => OnnxImporter.ImportWeights(weights, TestAssets.ResNet18Onnx));
        Assert.Equal("conv1", error.TensorName);
        Assert.Contains("ONNX node 'Convolution249'", error.Message);
        Assert.Contains("weight shape: [32, 3, 3, 3] in the definition, [64, 3, 7, 7] in the ONNX file", error.Message);
    }

    private static string WithoutDocComments(string source)
        => string.Join("\n", source.Replace("\r\n", "\n").Split('\n').Where(l => !l.TrimStart().StartsWith("///", StringComparison.Ordinal))).Trim();

    private static double Distance(float[] a, float[] b) => Math.Sqrt(a.Zip(b, (x, y) => (double)(x - y) * (x - y)).Sum());
}
