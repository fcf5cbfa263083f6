extern alias generator;

using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using CnnDsl.Generator.Tests.Infrastructure;
using generator::CnnDsl.Generator.Emit;
using generator::CnnDsl.Model;
using generator::CnnDsl.Operations;
using generator::CnnDsl.Reading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CnnDsl.Generator.Tests;

/// <summary>
/// The generated <c>Graph</c> is one short row per node that the runtime's <c>GraphRows</c> reads, deriving what the
/// row leaves out (the input shape, filters, parameters, multiply-adds), and <c>Tensors</c> is derived from it at run
/// time. Here every node of every network of the zoo, the samples and the runtime tests is written as its row, read
/// back by the runtime, and compared field by field with the generator's model: its operation's own arguments,
/// costs and parameter tensors, and its text in the summary.
/// </summary>
public class GraphRowTests
{
    [Fact]
    public void Every_network_reads_back_as_the_model_states_it()
    {
        var sources = NetworkSources().ToArray();
        var outcome = GeneratorHarness.Run(sources.Select(File.ReadAllText).ToArray());
        int networks = 0, nodes = 0, tensors = 0;
        foreach (var type in NetworkTypes(outcome.Output))
        {
            var model = NetworkBuilder.Build(new DefinitionReader().ReadNetwork(type));
            if (model.HasErrors) continue;
            var graph = Read(model.Nodes);
            Assert.Equal(model.Nodes.Count, graph.Length);
            foreach (var node in model.Nodes) AssertSame(node, graph[node.Id], type.Name);
            var expected = model.Nodes.SelectMany(n => ParameterTensors.For(n).Select(t => (n.Id, t.Name, Shape: string.Join(",", t.Shape)))).ToList();
            var derived = GraphRows.Tensors(graph).Select(t => (t.Node, t.Name, Shape: string.Join(",", t.Shape))).ToList();
            Assert.Equal(expected, derived);
            AssertSameSummary(model, graph, type.Name);
            networks++;
            nodes += graph.Length;
            tensors += derived.Count;
        }
        // The zoo alone has 16 networks; the runtime tests and samples add dozens more.
        Assert.True(networks >= 40 && nodes >= 5000 && tensors >= 3000, $"{networks} networks, {nodes} nodes, {tensors} tensors");
    }

    [Theory]
    [InlineData("Conv 0 -> 8x8x4 k3x3 Swishy", "'Swishy' is not a field")]
    [InlineData("Conv 1 -> 8x8x4 k3x3", "input 1 does not come before it")]
    [InlineData("Conv 0 8x8 -> 8x8x4", "'8x8' is not a shape HxWxC")]
    [InlineData("Conv 0 -> 8x8x4 p1,1", "pads 'p1,1' are neither one number nor four")]
    [InlineData("conv 0 -> 8x8x4", "no operation first")]
    public void A_row_that_does_not_read_is_named_with_what_is_wrong(string row, string problem)
    {
        var rows = new GraphRows { { 0, "input", "Input 8x8x3" } };
        var e = Assert.Throws<System.FormatException>(() => rows.Add(1, "conv1", row));
        Assert.Contains("'conv1'", e.Message);
        Assert.Contains(problem, e.Message);
        Assert.Single(rows.Nodes);
    }

    /// <summary>
    /// Summary() describes each node of a layer of several from its row: the same table as with the operations' own
    /// texts (<c>Describe</c>) given cell by cell.
    /// </summary>
    private static void AssertSameSummary(NetworkModel model, NodeInfo[] graph, string network)
    {
        var layers = model.Layers.Select(r => new LayerInfo(r.Name, r.Kind, r.Description, Shape(r.Input), Shape(r.Output), r.MultiplyAdds, r.Parameters, r.BatchNormParameters)).ToArray();
        int[] layerNodes = model.Layers.SelectMany(r => new[] { r.FirstNode, r.NodeCount }).ToArray();
        string[] described = model.Layers.Where(r => r.NodeCount > 1).SelectMany(r => model.Nodes.Skip(r.FirstNode).Take(r.NodeCount)).Select(n => n.Operation.Describe()).ToArray();
        string expected = SummaryLayout.Table(network, "", model.MultiplyAdds, layers, graph, layerNodes, described);
        Assert.Equal(expected, SummaryLayout.Table(network, "", model.MultiplyAdds, layers, graph, layerNodes));
    }

    private static TensorShape Shape(Shape shape) => new(shape.Height, shape.Width, shape.Channels);

    private static NodeInfo[] Read(IReadOnlyList<Node> nodes)
    {
        var rows = new GraphRows();
        foreach (var node in nodes) rows.Add(node.Id, node.Name, GraphEmitter.Row(node, nodes), node.WrittenAs);
        return rows.Nodes;
    }

    private static void AssertSame(Node node, NodeInfo info, string network)
    {
        string at = network + " node " + node.Id + " '" + node.Name + "': ";
        Assert.True(node.Op.ToString() == info.Op.ToString(), at + "op");
        Assert.True(node.Name == info.Name && node.WrittenAs == info.WrittenAs, at + "name");
        Assert.True(node.Inputs.SequenceEqual(info.Inputs), at + "inputs");
        Assert.True(Same(node.Input, info.Input) && Same(node.Output, info.Output), at + "shapes " + info.Input + " -> " + info.Output);
        Assert.True(node.MultiplyAdds == info.MultiplyAdds, at + "multiply-adds " + info.MultiplyAdds + ", model " + node.MultiplyAdds);
        Assert.True(node.Parameters == info.Parameters, at + "parameters " + info.Parameters + ", model " + node.Parameters);
        Assert.True(node.Act.ToString() == info.Act.ToString() && node.Trainable == info.Trainable, at + "activation or trainable");
        // What each operation states (the rest stays at NodeInfo's defaults).
        var expected = new NodeInfo(info.Id, info.Op, info.Name, info.Inputs, info.Input, info.Output)
        {
            WrittenAs = info.WrittenAs, Act = info.Act, Trainable = info.Trainable, MultiplyAdds = info.MultiplyAdds, Parameters = info.Parameters,
        };
        expected = node.Operation switch
        {
            ConvOperation c => Window(expected, c.Window) with { Filters = c.Filters, Groups = c.Groups, Bias = c.Bias, BatchNorm = c.BatchNorm, Epsilon = c.BatchNorm ? c.Epsilon : 1e-5f },
            DepthwiseConvOperation d => Window(expected, d.Window) with { Filters = d.Channels, Bias = d.Bias, BatchNorm = d.BatchNorm, Epsilon = d.BatchNorm ? d.Epsilon : 1e-5f },
            DenseOperation d => expected with { Filters = d.Units, Bias = d.Bias },
            PoolOperation p => Window(expected, p.Window) with { CountIncludePad = p.CountIncludePad },
            BatchNormOperation b => expected with { Epsilon = b.Epsilon },
            DropoutOperation d => expected with { Rate = (float)d.Rate },
            _ => expected,
        };
        Assert.True(expected == info, at + "fields\n  read   " + info + "\n  stated " + expected);
    }

    private static NodeInfo Window(NodeInfo info, generator::CnnDsl.Operations.Window w) => info with
    {
        KernelH = w.KernelH, KernelW = w.KernelW, StrideH = w.StrideH, StrideW = w.StrideW, DilationH = w.DilationH, DilationW = w.DilationW,
        PadTop = w.Pads.Top, PadLeft = w.Pads.Left, PadBottom = w.Pads.Bottom, PadRight = w.Pads.Right,
    };

    private static bool Same(Shape shape, TensorShape info) => shape.Height == info.Height && shape.Width == info.Width && shape.Channels == info.Channels;

    /// <summary>Every source file of the zoo, the samples and the runtime tests that defines a network.</summary>
    private static IEnumerable<string> NetworkSources()
    {
        string directory = typeof(GraphRowTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "TestProjectDirectory").Value!;
        string root = Path.GetFullPath(Path.Combine(directory, "..", ".."));
        return new[] { "samples", Path.Combine("tests", "CnnDsl.Tests") }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(root, d), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar) && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar))
            .Where(f => File.ReadAllText(f).Contains("[Network"))
            .OrderBy(f => f, System.StringComparer.Ordinal);
    }

    private static IEnumerable<INamedTypeSymbol> NetworkTypes(Compilation compilation)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            var semantic = compilation.GetSemanticModel(tree);
            foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>())
            {
                if (semantic.GetDeclaredSymbol(declaration) is INamedTypeSymbol type
                    && type.GetAttributes().Any(a => a.AttributeClass?.Name == "NetworkAttribute"))
                    yield return type;
            }
        }
    }
}
