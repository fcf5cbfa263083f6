using System;
using System.Linq;
using CnnDsl.Onnx;

namespace CnnDsl.Tests.Onnx;

/// <summary>A residual block with two 3x3 convolutions on its main branch.</summary>
[Block(Merge = Merge.Add, Act = Act.Relu)]
public class Residual3x3
{
    [Conv(4, 3, Act = Act.Relu)][Conv(4, 3)] public int Main;
    [Identity] public int Shortcut;
}

/// <summary>The same block with a 5x5 second convolution.</summary>
[Block(Merge = Merge.Add, Act = Act.Relu)]
public class Residual5x5
{
    [Conv(4, 3, Act = Act.Relu)][Conv(4, 5)] public int Main;
    [Identity] public int Shortcut;
}

[Network(Input = "6x6x4")]
[Use<Residual3x3>(Repeat = 2)]
public partial class TwoResiduals3x3 { }

[Network(Input = "6x6x4")]
[Use<Residual3x3>]
[Use<Residual5x5>]
public partial class ResidualsThen5x5 { }

/// <summary>Runtime messages name a layer inside a block as the definition wrote it, beside the node name that weight files use.</summary>
public class BlockNamesInMessagesTests
{
    [Fact]
    public void Nodes_inside_blocks_carry_how_the_definition_wrote_them()
    {
        var graph = ResidualsThen5x5.Graph;
        var conv = graph.Single(n => n.Op == Op.Conv && n.KernelH == 5);
        Assert.NotNull(conv.WrittenAs);
        Assert.Contains("Residual5x5", conv.WrittenAs, StringComparison.Ordinal);
        Assert.Contains("'Main'", conv.WrittenAs, StringComparison.Ordinal);
        Assert.Contains("layer 2", conv.WrittenAs, StringComparison.Ordinal);
        Assert.DoesNotContain(conv.Name, conv.WrittenAs, StringComparison.Ordinal);
        // Outside blocks the name is what the user wrote.
        Assert.Null(graph[0].WrittenAs);
    }

    [Fact]
    public void An_import_mismatch_inside_a_block_names_the_block_and_branch()
    {
        var source = new TwoResiduals3x3.Weights();
        source.InitializeRandom(1);
        byte[] model = OnnxExporter.Export(source);
        var target = new ResidualsThen5x5.Weights();
        var conv = ResidualsThen5x5.Graph.Single(n => n.Op == Op.Conv && n.KernelH == 5);
        var error = Assert.Throws<WeightsMismatchException>(() => OnnxImporter.ImportWeights(target, model));
        Assert.Contains("'" + conv.Name + "'", error.Message, StringComparison.Ordinal);
        Assert.Contains("(" + conv.WrittenAs + ")", error.Message, StringComparison.Ordinal);
    }
}
