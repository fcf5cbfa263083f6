using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
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
        new object[] { "GoogLeNet", GoogLeNet.Graph, GoogLeNet.Tensors, "Merge = Merge.Concat", 9 },
        new object[] { "MobileNetV2", MobileNetV2.Graph, MobileNetV2.Tensors, "Merge = Merge.Add", 10 },
        new object[] { "MobileNetV1", MobileNetV1.Graph, MobileNetV1.Tensors, "", 0 },
        new object[] { "EfficientNetB0", EfficientNetB0.Graph, EfficientNetB0.Tensors, "[SqueezeExcite(", 9 },
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
        // One [Use] per inception module or residual bottleneck (identical neighbours share one with Repeat).
        int uses = result.Source.Split('\n').Where(l => l.StartsWith("[Use<", StringComparison.Ordinal))
            .Sum(l => l.Contains("Repeat = ", StringComparison.Ordinal) ? int.Parse(l.Split("Repeat = ")[1].TrimEnd(')', ']', '\r'), System.Globalization.CultureInfo.InvariantCulture) : 1);
        Assert.Equal(blockUses, uses);
        int convs = graph.Count(n => n.Op is Op.Conv or Op.DepthwiseConv);
        Assert.Equal(convs, result.Source.Split('\n').Sum(ConvsOf) + RepeatedConvs(result.Source));
    }

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
