using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using CnnDsl.Onnx;
using CnnDsl.Oracles;
using CnnDsl.Tests.Weights;
using CnnDsl.Zoo;
using Onnx;

namespace CnnDsl.Tests.Onnx;

/// <summary>
/// The scaffolder: its output for the tiny ONNX model is checked in (ScaffoldedTiny.cs), so the test build compiles
/// it; re-scaffolding must give the same text, and the compiled definition with weights imported from the same model
/// must compute what ONNX Runtime computes. Unexpressible nodes are listed and marked.
/// </summary>
public class OnnxScaffolderTests
{
    [Fact]
    public void Tiny_model_scaffolds_to_the_checked_in_definition()
    {
        var result = OnnxScaffolder.Scaffold(TinyModels.Build(1), "ScaffoldedTiny", "CnnDsl.Tests.Onnx");
        Assert.Empty(result.Unsupported);
        string checkedIn = File.ReadAllText(TestAssets.RepoFile("tests", "CnnDsl.Tests", "Onnx", "ScaffoldedTiny.cs"));
        Assert.Equal(checkedIn.Replace("\r\n", "\n"), result.Source.Replace("\r\n", "\n"));
    }

    [Fact]
    public void Scaffolded_definition_with_imported_weights_computes_what_OnnxRuntime_computes()
    {
        byte[] model = TinyModels.Build(1);
        var weights = new ScaffoldedTiny.Weights();
        var import = OnnxImporter.ImportWeights(weights, model);
        Assert.Empty(import.FoldedBatchNorms);
        var network = new ScaffoldedTiny(weights);
        var random = new Random(8);
        var nchw = Enumerable.Range(0, 3 * 9 * 9).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
        float[] expected = OnnxRuntimeNchw.Run(model, nchw, 1, 3, 9, 9);
        float[] nhwc = OnnxRuntimeNchw.ToNhwc(nchw, 3, 9, 9);
        float[] reference = ReferenceExecutor.Run(ScaffoldedTiny.Graph, weights, nhwc, 1);
        var generated = new float[ScaffoldedTiny.OutputLength];
        network.Forward(nhwc, generated);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - reference[i]) <= 1e-5, $"reference {i}: ORT {expected[i]}, CnnDsl {reference[i]}");
            Assert.True(Math.Abs(expected[i] - generated[i]) <= 1e-4, $"generated {i}: ORT {expected[i]}, CnnDsl {generated[i]}");
        }
    }

    public static IEnumerable<object[]> ZooNetworks() => new[]
    {
        new object[] { "ResNet18", ResNet18.Graph, ResNet18.Tensors, "Merge = Merge.Add", 9 },
        new object[] { "ThirdTinyNetwork", ThirdTinyNetwork.Graph, ThirdTinyNetwork.Tensors, "[SqueezeExcite(0.25)]", 0 },
    };

    [Theory]
    [MemberData(nameof(ZooNetworks))]
    public void Exported_zoo_networks_scaffold_completely(string name, IReadOnlyList<NodeInfo> graph, IReadOnlyList<TensorInfo> tensors, string merge, int blockUses)
    {
        var result = OnnxScaffolder.Scaffold(OnnxExporter.Export(new TestWeights(graph, tensors)), name);
        Assert.Empty(result.Unsupported);
        string input = graph[0].Output.ToString();
        Assert.Contains($"[Network(Input = \"{input}\")]", result.Source);
        if (merge.Length > 0) Assert.Contains(merge, result.Source);
        // One [Use] per residual block (identical neighbours share one with Repeat).
        int uses = result.Source.Split('\n').Where(l => l.StartsWith("[Use<", StringComparison.Ordinal))
            .Sum(l => l.Contains("Repeat = ", StringComparison.Ordinal) ? int.Parse(l.Split("Repeat = ")[1].TrimEnd(')', ']', '\r'), System.Globalization.CultureInfo.InvariantCulture) : 1);
        Assert.Equal(blockUses, uses);
        int convs = graph.Count(n => n.Op is Op.Conv or Op.DepthwiseConv);
        Assert.Equal(convs, result.Source.Split('\n').Sum(ConvsOf) + RepeatedConvs(result.Source));
    }

    public static IEnumerable<object[]> ZooCompositeNetworks() => new[]
    {
        new object[] { "GoogLeNet", GoogLeNet.Graph, GoogLeNet.Tensors },
        new object[] { "MobileNetV1", MobileNetV1.Graph, MobileNetV1.Tensors },
        new object[] { "MobileNetV2", MobileNetV2.Graph, MobileNetV2.Tensors },
        new object[] { "EfficientNet", EfficientNetB0.Graph, EfficientNetB0.Tensors },
    };

    /// <summary>
    /// A zoo network written with composites, exported, scaffolds back to the same composites in the same order
    /// (the zoo's lines without their names and default arguments), and to as many plain convolutions, with no blocks.
    /// </summary>
    [Theory]
    [MemberData(nameof(ZooCompositeNetworks))]
    [Trait("Category", "WeightsIO")] // text only: no need to rerun with intrinsics disabled
    public void Exported_zoo_networks_scaffold_to_the_composites_they_were_written_with(string file, IReadOnlyList<NodeInfo> graph, IReadOnlyList<TensorInfo> tensors)
    {
        var result = OnnxScaffolder.Scaffold(OnnxExporter.Export(new TestWeights(graph, tensors)), "Scaffolded");
        Assert.Empty(result.Unsupported);
        var zoo = NetworkLines(File.ReadAllText(TestAssets.RepoFile("samples", "CnnDsl.Zoo", file + ".cs")))
            .Select(l => Regex.Replace(l, @", (Name = ""[^""]*""|Repeat = 1|Stride = 1)(?=[,)])", "")).ToList();
        var scaffolded = NetworkLines(result.Source).ToList();
        string[] composites = { "[InvertedResidual(", "[MBConv(", "[Inception(", "[DepthwiseSeparable(" };
        bool IsComposite(string line) => composites.Any(c => line.StartsWith(c, StringComparison.Ordinal));
        Assert.Contains(zoo, IsComposite);
        Assert.Equal(zoo.Where(IsComposite), scaffolded.Where(IsComposite));
        Assert.Equal(zoo.Count(l => ConvsOf(l) > 0), scaffolded.Count(l => ConvsOf(l) > 0));
        Assert.DoesNotContain("[Use<", result.Source, StringComparison.Ordinal);
    }

    /// <summary>
    /// Only subgraphs with exactly a composite's semantics become the composite: a depthwise + pointwise pair with ReLU
    /// after each is a DepthwiseSeparable; the same pair padded unlike Padding.Same, or a ReLU6 bottleneck whose stride
    /// and channels would make InvertedResidual add a residual that the graph does not have, stays as plain layers.
    /// </summary>
    [Fact]
    [Trait("Category", "WeightsIO")] // text only: no need to rerun with intrinsics disabled
    public void Near_composites_stay_plain_layers()
    {
        var m = new TinyOnnxModel(4);
        string x = m.Input("image", 1, 8, 6, 6);
        string Relu(string v) => m.Node("Relu", v + "_relu", new[] { v });
        string Relu6(string v) => m.Node("Clip", v + "_clip", new[] { v, m.Initializer(v + "_min", Array.Empty<long>(), _ => 0f), m.Initializer(v + "_max", Array.Empty<long>(), _ => 6f) });
        x = Relu(m.Conv("dw1", x, 8, 1, 3, 1, pads: new long[] { 1, 1, 1, 1 }, group: 8));
        x = Relu(m.Conv("pw1", x, 16, 8, 1, 1));
        x = Relu(m.Conv("dw2", x, 16, 1, 3, 1, pads: new long[] { 0, 0, 2, 2 }, group: 16));
        x = Relu(m.Conv("pw2", x, 16, 16, 1, 1));
        x = Relu6(m.Conv("expand", x, 96, 16, 1, 1));
        x = Relu6(m.Conv("dw3", x, 96, 1, 3, 1, pads: new long[] { 1, 1, 1, 1 }, group: 96));
        x = m.Conv("project", x, 16, 96, 1, 1);
        m.Output(x, 1, 16, 6, 6);
        var result = OnnxScaffolder.Scaffold(m.ToBytes(), "NearMiss");
        Assert.Empty(result.Unsupported);
        var lines = NetworkLines(result.Source).ToList();
        Assert.Equal(new[]
        {
            "[DepthwiseSeparable(16)]",
            "[DepthwiseConv(3, PadTop = 0, PadLeft = 0, PadBottom = 2, PadRight = 2, Bias = false, Act = Act.Relu)]",
            "[Conv(16, 1, Bias = false, Act = Act.Relu)]",
            "[Conv(96, 1, Bias = false, Act = Act.Relu6)]",
            "[DepthwiseConv(3, Bias = false, Act = Act.Relu6)]",
            "[Conv(16, 1, Bias = false)]",
        }, lines);
    }

    /// <summary>The attribute lines before the first network class of a source file.</summary>
    private static IEnumerable<string> NetworkLines(string source)
        => source.Replace("\r\n", "\n").Split('\n').TakeWhile(l => !l.StartsWith("public partial class ", StringComparison.Ordinal))
            .Where(l => l.StartsWith('[') && !l.StartsWith("[Network(", StringComparison.Ordinal));

    /// <summary>Convolutions a scaffolded line lowers to (squeeze-and-excitation has two).</summary>
    private static int ConvsOf(string line)
    {
        string trimmed = line.TrimStart();
        if (trimmed.StartsWith("[Conv(", StringComparison.Ordinal) || trimmed.StartsWith("[DepthwiseConv(", StringComparison.Ordinal)) return 1;
        return trimmed.StartsWith("[SqueezeExcite(", StringComparison.Ordinal) ? 2 : 0;
    }

    /// <summary>Convs inside block classes used more than once (Repeat or the same class twice) count once per use.</summary>
    private static int RepeatedConvs(string source)
    {
        var lines = source.Replace("\r\n", "\n").Split('\n');
        var convsPerBlock = new Dictionary<string, int>();
        string? current = null;
        foreach (string line in lines)
        {
            if (line.StartsWith("public class ", StringComparison.Ordinal)) current = line["public class ".Length..].Trim();
            else if (current is not null && ConvsOf(line) > 0)
                convsPerBlock[current] = convsPerBlock.GetValueOrDefault(current) + ConvsOf(line);
        }
        int extra = 0;
        foreach (string line in lines.Where(l => l.StartsWith("[Use<", StringComparison.Ordinal)))
        {
            string block = line["[Use<".Length..line.IndexOf('>')];
            int repeat = line.Contains("Repeat = ", StringComparison.Ordinal) ? int.Parse(line.Split("Repeat = ")[1].TrimEnd(')', ']'), System.Globalization.CultureInfo.InvariantCulture) : 1;
            extra += convsPerBlock.GetValueOrDefault(block) * repeat;
        }
        // Each block class's convs were counted once in the raw line count; uses count them again per use.
        return extra - convsPerBlock.Values.Sum();
    }

    [Fact]
    public void Unexpressible_nodes_are_listed_and_marked_and_the_walk_stops_where_shapes_become_unknown()
    {
        var m = new TinyOnnxModel(3);
        string x = m.Input("image", 1, 3, 8, 8);
        string lrn = m.Node("LRN", "norm1", new[] { x }, TinyOnnxModel.Int("size", 5));
        var weight = m.Initializer("wide.w", new long[] { 3, 4, 2, 2 });
        string wide = m.Node("ConvTranspose", "wide", new[] { lrn, weight }, TinyOnnxModel.Ints("kernel_shape", 2, 2), TinyOnnxModel.Ints("strides", 2, 2));
        string relu = m.Node("Relu", "relu", new[] { wide });
        m.Output(relu, 1, 4, 16, 16);
        var result = OnnxScaffolder.Scaffold(m.ToBytes(), "Partial");
        Assert.Equal(new[]
        {
            "ONNX node 'norm1' (LRN): no CnnDsl layer computes it.",
            "ONNX node 'wide' (ConvTranspose): no CnnDsl layer computes it.",
            "1 ONNX node after the unexpressible ones were not scaffolded (the shapes they read are unknown).",
        }, result.Unsupported);
        Assert.Contains("// UNSUPPORTED: ONNX node 'norm1' (LRN): no CnnDsl layer computes it.", result.Source);
        Assert.Contains("// INCOMPLETE", result.Source);
    }

    [Fact]
    public void Malformed_models_are_InvalidDataExceptions()
    {
        Assert.Throws<InvalidDataException>(() => OnnxScaffolder.Scaffold(new byte[] { 1, 2, 3 }, "X"));
        var m = new TinyOnnxModel(1);
        m.Input("a", 1, 3, 4, 4);
        m.Input("b", 1, 3, 4, 4);
        var error = Assert.Throws<InvalidDataException>(() => OnnxScaffolder.Scaffold(m.ToBytes(), "X"));
        Assert.Contains("2 data inputs", error.Message);
        Assert.NotNull(new ModelProto());
    }
}
