using System.Linq;
using System.Threading.Tasks;
using CnnDsl.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Verify = CnnDsl.Generator.Tests.Infrastructure.AnalyzerVerifier<CnnDsl.Analyzers.DefinitionAnalyzer>;

namespace CnnDsl.Generator.Tests;

/// <summary>
/// Transfer learning in the language: a network From a backbone keeps the backbone's layers up to Through under
/// their own names, frozen before TrainFrom, then its own layers; Trainable = false freezes a layer or a block.
/// </summary>
public class BackboneTests
{
    private const string Backbone = """
        using CnnDsl;
        namespace T;
        [Block(Merge = Merge.Add, Act = Act.Relu)]
        public partial class Res
        {
            [Conv(8, 3, Act = Act.Relu)] [Conv(8, 3)] partial void Main();
            [Identity] partial void Shortcut();
        }
        [Network(Input = "12x12x3")]
        [Conv(8, 3, Stride = 2, Act = Act.Relu)]
        [Use<Res>]
        [Conv(16, 3, Stride = 2, Act = Act.Relu)]
        [GlobalAvgPool]
        [Dense(100, Act = Act.Softmax)]
        public partial class Base { }

        """;

    private static string Generated(string source, string className)
    {
        var outcome = GeneratorHarness.Run(Backbone + source);
        var errors = outcome.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(5)));
        return outcome.Sources.Single(s => s.HintName == "T." + className + ".g.cs").SourceText.ToString();
    }

    /// <summary>The node's row of the generated <c>Graph</c>.</summary>
    private static string GraphRow(string code, string node)
        => code.Split('\n').Single(l => l.TrimStart().StartsWith("{ ", System.StringComparison.Ordinal) && l.Contains(", \"" + node + "\", \"", System.StringComparison.Ordinal));

    [Fact]
    public void Backbone_layers_are_cut_after_Through_keep_their_names_and_are_frozen()
    {
        string code = Generated("""
            [Network(From = typeof(Base), Through = "gap1")]
            [Dense(5, Act = Act.Softmax)]
            public partial class Head { }
            """, "Head");
        // The backbone's layers under the backbone's names, then the head; the dropped dense1 keeps its name taken.
        Assert.Contains("new global::CnnDsl.LayerInfo(\"conv1\"", code);
        Assert.Contains("new global::CnnDsl.LayerInfo(\"res1\"", code);
        Assert.Contains("new global::CnnDsl.LayerInfo(\"gap1\"", code);
        Assert.DoesNotContain("\"dense1\"", code);
        Assert.Contains("new global::CnnDsl.LayerInfo(\"dense2\"", code);
        Assert.Contains("public const string OutputShape = \"1x1x5\";", code);
        // Frozen: every backbone node with parameters says so; the head does not.
        Assert.Contains(" frozen\"", GraphRow(code, "conv1"));
        Assert.Contains(" frozen\"", GraphRow(code, "res1.Main.conv1"));
        Assert.DoesNotContain(" frozen\"", GraphRow(code, "dense2"));
        // Head parameters only: 16 x 5 + 5.
        Assert.Contains("public const long TrainableParameters = 85L;", code);
        Assert.Contains("Trainable:     85 (frozen: ", code);
    }

    [Fact]
    public void Resolution_runs_the_backbone_at_another_input_size()
    {
        string code = Generated("""
            [Network(From = typeof(Base), Through = "gap1", Resolution = 20)]
            [Dense(5)]
            public partial class Larger { }
            """, "Larger");
        Assert.Contains("public const string InputShape = \"20x20x3\";", code);
        // conv1 3x3/2 on 20x20x3 to 10x10x8: 10*10*3*3*3*8 MACs.
        Assert.Contains(" -> 10x10x8 k3x3 s2", GraphRow(code, "conv1"));
        Assert.Contains("new global::CnnDsl.TensorShape(20, 20, 3), new global::CnnDsl.TensorShape(10, 10, 8), 21_600L,", code); // its Layers row
    }

    [Fact]
    public void TrainFrom_unfreezes_the_top_of_the_backbone()
    {
        string code = Generated("""
            [Network(From = typeof(Base), Through = "gap1", TrainFrom = "conv2")]
            [Dense(5)]
            public partial class FineTuned { }
            """, "FineTuned");
        Assert.Contains(" frozen\"", GraphRow(code, "conv1"));
        Assert.DoesNotContain(" frozen\"", GraphRow(code, "conv2"));
        // conv2 (3*3*8*16 + 16 = 1,168) and the head (16*5 + 5 = 85) train.
        Assert.Contains("public const long TrainableParameters = 1_253L;", code);
    }

    [Fact]
    public void Trainable_false_freezes_a_layer_and_a_whole_block()
    {
        string code = Generated("""
            [Network(Input = "12x12x3")]
            [Conv(8, 3, Trainable = false)]
            [Use<Res>(Trainable = false)]
            [Conv(4, 1)]
            public partial class Own { }
            """, "Own");
        Assert.Contains(" frozen\"", GraphRow(code, "conv1"));
        Assert.Contains(" frozen\"", GraphRow(code, "res1.Main.conv2"));
        Assert.DoesNotContain(" frozen\"", GraphRow(code, "conv2"));
        Assert.Contains("public const long TrainableParameters = 36L;", code);
    }

    [Fact]
    public Task CNN0042_Through_and_TrainFrom_name_no_backbone_layer() => Verify.VerifyAsync(Backbone + """
        [Network(From = typeof(Base), {|#0:Through = "pool"|}, {|#1:TrainFrom = "conv9"|})]
        [Dense(5)]
        public partial class Head { }
        """,
        Verify.Diagnostic("CNN0042").WithLocation(0).WithArguments("Through", "pool", "T.Base", "conv1, res1, conv2, gap1, dense1"),
        Verify.Diagnostic("CNN0042").WithLocation(1).WithArguments("TrainFrom", "conv9", "T.Base", "conv1, res1, conv2, gap1, dense1"));

    [Fact]
    public Task CNN0040_From_a_class_that_is_not_a_network_or_with_Input() => Verify.VerifyAsync(Backbone + """
        public class Plain { }
        [Network({|#0:From = typeof(Plain)|})]
        [Dense(5)]
        public partial class NotNet { }
        [Network(From = typeof(Base), {|#1:Input = "8x8x3"|})]
        [Dense(5)]
        public partial class WithInput { }
        """,
        Verify.Diagnostic("CNN0040").WithLocation(0).WithArguments("T.NotNet", "T.Plain", "it is not a [Network] class"),
        Verify.Diagnostic("CNN0040").WithLocation(1).WithArguments("T.WithInput", "T.Base", "the input is the backbone's (Resolution changes its height and width)"));

    [Fact]
    public Task CNN0041_a_backbone_with_errors() => Verify.VerifyAsync(Backbone + """
        [Network(Input = "8x8x3")]
        [Conv({|#0:0|}, 3)]
        public partial class Broken { }
        [Network({|#1:From = typeof(Broken)|})]
        [Dense(5)]
        public partial class Head { }
        """,
        Verify.Diagnostic("CNN0003").WithLocation(0).WithArguments("filters", "0"),
        Verify.Diagnostic("CNN0041").WithLocation(1).WithArguments("Head", "T.Broken", "1", "filters must be positive, but it is 0"));
}
