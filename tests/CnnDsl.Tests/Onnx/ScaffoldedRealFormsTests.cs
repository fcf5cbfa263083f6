using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CnnDsl.Onnx;
using CnnDsl.Oracles;
using CnnDsl.Tests.Inference;
using CnnDsl.Tests.Onnx.Scaffolded;
using CnnDsl.Tests.Weights;
using CnnDsl.Zoo;

namespace CnnDsl.Tests.Onnx;

/// <summary>
/// Grouped, dilated and non-square convolutions and pools, and whole MobileNetV2 and InceptionV3 graphs in the forms
/// Keras (tf2onnx) and PyTorch write them, go through the scaffolder and the searching importer. Each scaffold is
/// checked in (under Scaffolded/), so the test build compiles it unedited; weights imported from the same file must
/// make the generated code compute what ONNX Runtime computes on that file (1e-4 of the output's scale), on real
/// photos for the two networks.
/// </summary>
public class ScaffoldedRealFormsTests
{
    private const string Namespace = "CnnDsl.Tests.Onnx.Scaffolded";

    /// <summary>The scaffold must be the checked-in file; a mismatch writes the new text next to the temp folder's for review.</summary>
    private static void AssertCheckedIn(ScaffoldResult result, string className)
    {
        Assert.Empty(result.Unsupported);
        string path = TestAssets.RepoFile("tests", "CnnDsl.Tests", "Onnx", "Scaffolded", className + ".cs");
        string actual = result.Source.Replace("\r\n", "\n");
        if (File.ReadAllText(path).Replace("\r\n", "\n") == actual) return;
        string written = Path.Combine(Path.GetTempPath(), className + ".cs");
        File.WriteAllText(written, actual);
        Assert.Fail($"The scaffold of {className} differs from {path}; the new text is in {written}.");
    }

    /// <summary>|generated - ORT| within 1e-4 of the larger of 1 and the output's largest magnitude.</summary>
    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = Math.Max(1, expected.Max(v => Math.Abs(v)));
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4 * scale, $"{what} {i}: ONNX Runtime {expected[i]}, CnnDsl {actual[i]} (scale {scale})");
    }

    [Fact]
    [Trait("Category", "WeightsIO")] // text only: no need to rerun with intrinsics disabled
    public void General_convolutions_and_pools_scaffold_to_the_checked_in_definition()
        => AssertCheckedIn(OnnxScaffolder.Scaffold(GeneralModels.Build(3), nameof(ScaffoldedGeneral), Namespace), nameof(ScaffoldedGeneral));

    [Fact]
    public void General_convolutions_and_pools_import_and_compute_what_OnnxRuntime_computes()
    {
        byte[] model = OnnxForms.Shuffled(GeneralModels.Build(3), 5);
        var weights = new ScaffoldedGeneral.Weights();
        OnnxImporter.ImportWeights(weights, model);
        const int h = GeneralModels.Height, w = GeneralModels.Width, c = GeneralModels.Channels;
        float[] nchw = RandomWeights.Input(c * h * w, 9);
        float[] expected = OnnxRuntimeNchw.Run(model, nchw, 1, c, h, w);
        float[] nhwc = OnnxRuntimeNchw.ToNhwc(nchw, c, h, w);
        AssertClose(expected, ReferenceExecutor.Run(ScaffoldedGeneral.Graph, weights, nhwc, 1), "reference");
        var generated = new float[ScaffoldedGeneral.OutputLength];
        new ScaffoldedGeneral(weights).Forward(nhwc, generated);
        AssertClose(expected, generated, "generated");
    }

    /// <summary>A zoo network exported with seeded weights and real batch-norm statistics.</summary>
    private static byte[] Exported(IReadOnlyList<NodeInfo> graph, IReadOnlyList<TensorInfo> tensors, int seed)
    {
        var weights = new TestWeights(graph, tensors);
        RandomWeights.Fill(weights, seed);
        return OnnxExporter.Export(weights);
    }

    /// <summary>Keras's MobileNetV2 as tf2onnx writes it: NHWC in through a Transpose, conv + BatchNormalization (epsilon 1e-3) everywhere, zero Pad nodes, nodes in another order.</summary>
    private static byte[] KerasMobileNetV2() => OnnxForms.Shuffled(OnnxForms.PadNodes(OnnxForms.KerasBatchNorms(Exported(MobileNetV2.Graph, MobileNetV2.Tensors, 21), 1e-3f, 22)), 23);

    /// <summary>Keras's InceptionV3 (conv2d_bn with epsilon 1e-3, 1x7 and 7x1 kernels), Pad nodes and shuffled.</summary>
    private static byte[] KerasInceptionV3() => OnnxForms.Shuffled(OnnxForms.PadNodes(OnnxForms.KerasBatchNorms(Exported(InceptionV3.Graph, InceptionV3.Tensors, 31), 1e-3f, 32)), 33);

    /// <summary>A photo from samples/images, bilinearly resized to <paramref name="size"/> (half-pixel centres), NHWC in [-1, 1] as Keras's MobileNet and Inception preprocessing give.</summary>
    private static float[] Photo(string name, int size)
    {
        float[] nchw = TestAssets.ReadPpmAsNchw(TestAssets.RepoFile("samples", "images", name), out int h, out int w);
        var nhwc = new float[size * size * 3];
        for (int y = 0; y < size; y++)
        for (int x = 0; x < size; x++)
        {
            double sy = Math.Clamp((y + 0.5) * h / size - 0.5, 0, h - 1), sx = Math.Clamp((x + 0.5) * w / size - 0.5, 0, w - 1);
            int y0 = (int)sy, x0 = (int)sx, y1 = Math.Min(y0 + 1, h - 1), x1 = Math.Min(x0 + 1, w - 1);
            double fy = sy - y0, fx = sx - x0;
            for (int c = 0; c < 3; c++)
            {
                double At(int yy, int xx) => nchw[(c * h + yy) * w + xx];
                double v = (1 - fy) * ((1 - fx) * At(y0, x0) + fx * At(y0, x1)) + fy * ((1 - fx) * At(y1, x0) + fx * At(y1, x1));
                nhwc[(y * size + x) * 3 + c] = (float)(v / 127.5 - 1);
            }
        }
        return nhwc;
    }

    [Fact]
    [Trait("Category", "WeightsIO")] // text only: no need to rerun with intrinsics disabled
    public void Keras_style_MobileNetV2_scaffolds_to_the_checked_in_definition()
        => AssertCheckedIn(OnnxScaffolder.Scaffold(KerasMobileNetV2(), nameof(KerasMobileNetV2), Namespace), nameof(KerasMobileNetV2));

    [Fact]
    [Trait("Category", "WeightsIO")] // text only: no need to rerun with intrinsics disabled
    public void Keras_style_InceptionV3_scaffolds_to_the_checked_in_definition()
        => AssertCheckedIn(OnnxScaffolder.Scaffold(KerasInceptionV3(), nameof(KerasInceptionV3), Namespace), nameof(KerasInceptionV3));

    [Fact]
    public void Keras_style_MobileNetV2_imports_into_its_scaffold_and_the_zoo_and_matches_OnnxRuntime_on_photos()
    {
        byte[] model = KerasMobileNetV2();
        var scaffolded = new Scaffolded.KerasMobileNetV2.Weights();
        // The scaffold's InvertedResidual composites have biases: their batch norms fold; the stem and head keep theirs.
        Assert.Equal(Scaffolded.KerasMobileNetV2.Graph.Count(n => n.Op is Op.Conv or Op.DepthwiseConv && !n.BatchNorm), OnnxImporter.ImportWeights(scaffolded, model).FoldedBatchNorms.Count);
        Assert.Equal(2, Scaffolded.KerasMobileNetV2.Graph.Count(n => n.BatchNorm));
        var zoo = new MobileNetV2.Weights();
        // The zoo's composites have biases: every Keras batch norm folds into its convolution.
        Assert.Equal(MobileNetV2.Graph.Count(n => n.Op is Op.Conv or Op.DepthwiseConv), OnnxImporter.ImportWeights(zoo, model).FoldedBatchNorms.Count);
        var fromScaffold = new Scaffolded.KerasMobileNetV2(scaffolded);
        var fromZoo = new MobileNetV2(zoo);
        foreach (string photo in new[] { "chelsea-224.ppm", "coffee-224.ppm" })
        {
            float[] input = Photo(photo, 224);
            float[] expected = OnnxRuntimeOracle.Run(model, input, 1, MobileNetV2.Graph[0].Output);
            var output = new float[MobileNetV2.OutputLength];
            fromScaffold.Forward(input, output);
            AssertClose(expected, output, photo + " (scaffolded)");
            fromZoo.Forward(input, output);
            AssertClose(expected, output, photo + " (zoo)");
        }
    }

    [Fact]
    public void Keras_style_InceptionV3_imports_into_its_scaffold_and_matches_OnnxRuntime_on_a_photo()
    {
        byte[] model = KerasInceptionV3();
        var weights = new Scaffolded.KerasInceptionV3.Weights();
        Assert.Empty(OnnxImporter.ImportWeights(weights, model).FoldedBatchNorms);
        float[] input = Photo("astronaut-224.ppm", 299);
        float[] expected = OnnxRuntimeOracle.Run(model, input, 1, InceptionV3.Graph[0].Output);
        var output = new float[Scaffolded.KerasInceptionV3.OutputLength];
        new Scaffolded.KerasInceptionV3(weights).Forward(input, output);
        AssertClose(expected, output, "astronaut");
    }

    [Fact]
    public void PyTorch_style_InceptionV3_imports_into_the_zoo_and_matches_OnnxRuntime_on_a_photo()
    {
        // Epsilon 1e-5 (PyTorch's), zero Pad nodes before the padded convolutions, nodes shuffled: the parallel 1x1s
        // of every module are found by search.
        byte[] model = OnnxForms.Shuffled(OnnxForms.PadNodes(Exported(InceptionV3.Graph, InceptionV3.Tensors, 41)), 42);
        var weights = new InceptionV3.Weights();
        Assert.Empty(OnnxImporter.ImportWeights(weights, model).FoldedBatchNorms);
        float[] input = Photo("coffee-224.ppm", 299);
        float[] expected = OnnxRuntimeOracle.Run(model, input, 1, InceptionV3.Graph[0].Output);
        var output = new float[InceptionV3.OutputLength];
        new InceptionV3(weights).Forward(input, output);
        AssertClose(expected, output, "coffee");
    }
}
