using System.Threading.Tasks;
using CnnDsl.Analyzers;
using CnnDsl.Generator.Tests.Infrastructure;
using Verify = CnnDsl.Generator.Tests.Infrastructure.AnalyzerVerifier<CnnDsl.Analyzers.DefinitionAnalyzer>;

namespace CnnDsl.Generator.Tests;

/// <summary>Each CNN00xx error, on the exact attribute argument, with the numbers that make it wrong.</summary>
public class DefinitionDiagnosticTests
{
    private const string Usings = "using CnnDsl;\n";

    [Fact]
    public Task Valid_networks_have_no_diagnostics() => Verify.VerifyAsync(Usings + """
        [Network(Input = "28x28x192")]
        [Conv(16, 1, Act = Act.Relu)]
        [Conv(32, 5, Act = Act.Relu)]
        [Inception(8, 8, 8, 8, 8, 8)]
        [InvertedResidual(40, Stride = 2)]
        [GlobalAvgPool]
        [Dense(10, Act = Act.Softmax)]
        public partial class Ok { }
        """);

    [Theory]
    [InlineData("224x224")]
    [InlineData("224x224x0")]
    [InlineData("axbxc")]
    [InlineData("")]
    [InlineData("-1x2x3")]
    public Task CNN0001_malformed_input(string input) => Verify.VerifyAsync(Usings + $$"""
        [Network({|#0:Input = "{{input}}"|})]
        [Conv(8, 3)]
        public partial class Net { }
        """, Verify.Diagnostic("CNN0001").WithLocation(0).WithArguments(input));

    [Fact]
    public Task CNN0002_class_not_partial() => Verify.VerifyAsync(Usings + """
        [Network(Input = "8x8x3")]
        [Conv(8, 3)]
        public class {|#0:Net|} { }
        """, Verify.Diagnostic("CNN0002").WithLocation(0).WithArguments("Net"));

    [Fact]
    public Task CNN0002_containing_type_not_partial() => Verify.VerifyAsync(Usings + """
        public class Outer
        {
            [Network(Input = "8x8x3")]
            [Conv(8, 3)]
            public partial class {|#0:Net|} { }
        }
        """, Verify.Diagnostic("CNN0002").WithLocation(0).WithArguments("Outer.Net"));

    [Fact]
    public Task CNN0003_non_positive_arguments_each_on_its_argument() => Verify.VerifyAsync(Usings + """
        [Network(Input = "8x8x3")]
        [Conv({|#0:0|}, 3)]
        [Conv(8, {|#1:-3|})]
        [Conv(8, 3, {|#2:Stride = 0|})]
        [MaxPool({|#3:0|})]
        [Dense({|#4:-10|})]
        [Inception(1, 2, {|#5:0|}, 4, 5, 6)]
        [InvertedResidual(16, {|#6:Expansion = 0|}, {|#7:Repeat = -1|})]
        public partial class Net { }
        """,
        Verify.Diagnostic("CNN0003").WithLocation(0).WithArguments("filters", "0"),
        Verify.Diagnostic("CNN0003").WithLocation(1).WithArguments("kernel", "-3"),
        Verify.Diagnostic("CNN0003").WithLocation(2).WithArguments("Stride", "0"),
        Verify.Diagnostic("CNN0003").WithLocation(3).WithArguments("size", "0"),
        Verify.Diagnostic("CNN0003").WithLocation(4).WithArguments("units", "-10"),
        Verify.Diagnostic("CNN0003").WithLocation(5).WithArguments("n3x3", "0"),
        Verify.Diagnostic("CNN0003").WithLocation(6).WithArguments("Expansion", "0"),
        Verify.Diagnostic("CNN0003").WithLocation(7).WithArguments("Repeat", "-1"));

    [Fact]
    public Task CNN0004_kernel_larger_than_padded_input() => Verify.VerifyAsync(Usings + """
        [Network(Input = "5x5x3")]
        [Conv(8, {|#0:7|}, Padding = Padding.Valid)]
        public partial class Net { }
        """, Verify.Diagnostic("CNN0004").WithLocation(0).WithArguments("conv1", "7x7", "5x5x3", "5x5", "Padding.Valid"));

    [Fact]
    public Task CNN0004_explicit_pad_too_small() => Verify.VerifyAsync(Usings + """
        [Network(Input = "4x4x3")]
        [Conv(8, 3, Stride = 2)]
        [Conv(8, {|#0:5|}, Pad = 1)]
        public partial class Net { }
        """, Verify.Diagnostic("CNN0004").WithLocation(0).WithArguments("conv2", "5x5", "2x2x8", "4x4", "Pad = 1"));

    [Fact]
    public Task CNN0005_pooling_output_collapses() => Verify.VerifyAsync(Usings + """
        [Network(Input = "2x2x3")]
        [MaxPool({|#0:3|}, Padding = Padding.Valid)]
        public partial class Net { }
        """, Verify.Diagnostic("CNN0005").WithLocation(0).WithArguments("maxpool1", "3x3", "2x2x3", "2x2", "Padding.Valid"));

    [Fact]
    public Task CNN0006_concatenated_branches_differ_in_size() => Verify.VerifyAsync(Usings + """
        [Block]
        public partial class TwoWay
        {
            [Conv(8, 1)] partial void Left();
            [Conv(8, 3, Stride = 2)] partial void Right();
        }

        [Network(Input = "16x16x3")]
        [{|#0:Use(typeof(TwoWay))|}]
        public partial class Net { }
        """, Verify.Diagnostic("CNN0006").WithLocation(0).WithArguments("TwoWay (1st use)", "Right", "8x8x8", "Left", "16x16x8"));

    [Fact]
    public Task CNN0007_added_branches_differ_in_shape() => Verify.VerifyAsync(Usings + """
        [Block(Merge = Merge.Add, Act = Act.Relu)]
        public partial class Residual
        {
            [Conv(16, 3)] [Conv(16, 3)] partial void Main();
            [Identity] partial void Shortcut();
        }

        [Network(Input = "16x16x8")]
        [{|#0:Use<Residual>|}]
        public partial class Net { }
        """, Verify.Diagnostic("CNN0007").WithLocation(0).WithArguments("Residual (1st use)", "Shortcut", "16x16x8", "Main", "16x16x16"));

    [Fact]
    public Task CNN0008_use_of_a_type_that_is_not_a_block() => Verify.VerifyAsync(Usings + """
        public class NotABlock { }

        [Network(Input = "16x16x3")]
        [Use({|#0:typeof(NotABlock)|})]
        public partial class Net { }
        """, Verify.Diagnostic("CNN0008").WithLocation(0).WithArguments("NotABlock"));

    [Fact]
    public Task CNN0009_block_that_uses_itself() => Verify.VerifyAsync(Usings + """
        [Block]
        public partial class Loop
        {
            [Conv(8, 1)] [Use({|#0:typeof(Loop)|})] partial void Again();
        }

        [Network(Input = "16x16x3")]
        [{|#1:Use(typeof(Loop))|}]
        public partial class Net { }
        """,
        Verify.Diagnostic("CNN0009").WithLocation(0).WithArguments("Loop"),
        Verify.Diagnostic("CNN0009").WithLocation(1).WithArguments("Loop"));

    [Fact]
    public Task CNN0010_argument_out_of_range() => Verify.VerifyAsync(Usings + """
        [Network(Input = "8x8x3")]
        [Dropout({|#0:1.5|})]
        [Conv(8, 3, {|#1:Act = (Act)42|})]
        public partial class Net { }
        """,
        Verify.Diagnostic("CNN0010").WithLocation(0).WithArguments("rate", "1.5", "a fraction in [0, 1)"),
        Verify.Diagnostic("CNN0010").WithLocation(1).WithArguments("Act", "42", "a defined Act value"));

    [Fact]
    public Task CNN0010_fused_batch_norm_epsilon_not_positive() => Verify.VerifyAsync(Usings + """
        [Network(Input = "8x8x3")]
        [Conv(8, 3, BatchNorm = true, {|#0:BatchNormEpsilon = 0f|})]
        [DepthwiseConv(3, BatchNorm = true, {|#1:BatchNormEpsilon = -1e-3f|})]
        [Conv(8, 1, BatchNorm = true, BatchNormEpsilon = 1e-3f)]
        public partial class Net { }
        """,
        Verify.Diagnostic("CNN0010").WithLocation(0).WithArguments("BatchNormEpsilon", "0", "a positive number"),
        Verify.Diagnostic("CNN0010").WithLocation(1).WithArguments("BatchNormEpsilon", "-0.001", "a positive number"));

    [Fact]
    public Task CNN0011_block_without_branches() => Verify.VerifyAsync(Usings + """
        [{|#0:Block|}]
        public partial class Empty { }

        [Network(Input = "8x8x3")]
        [Use({|#1:typeof(Empty)|})]
        public partial class Net { }
        """,
        Verify.Diagnostic("CNN0011").WithLocation(0).WithArguments("Empty"),
        Verify.Diagnostic("CNN0011").WithLocation(1).WithArguments("Empty"));

    [Fact]
    public Task CNN0012_negative_pad() => Verify.VerifyAsync(Usings + """
        [Network(Input = "8x8x3")]
        [Conv(8, 3, {|#0:Pad = -2|})]
        public partial class Net { }
        """, Verify.Diagnostic("CNN0012").WithLocation(0).WithArguments("-2"));

    [Theory]
    [InlineData("{|#0:PadTop = 3|}, PadLeft = 3, PadBottom = -1, PadRight = 2", "PadBottom", "-1")]
    [InlineData("{|#0:PadTop = -2|}, PadLeft = 0, PadBottom = 0, PadRight = 0", "PadTop", "-2")]
    [InlineData("PadTop = 1, {|#0:PadLeft = -3|}", "PadLeft", "-3")]
    public Task CNN0015_incomplete_or_negative_pads(string pads, string argument, string value) => Verify.VerifyAsync(Usings + $$"""
        [Network(Input = "8x8x3")]
        [Conv(8, 3, {{pads}})]
        public partial class Net { }
        """, Verify.Diagnostic("CNN0015").WithLocation(0).WithArguments(argument, value));

    [Fact]
    public Task CNN0015_on_pools() => Verify.VerifyAsync(Usings + """
        [Network(Input = "8x8x3")]
        [MaxPool(3, Stride = 2, {|#0:PadRight = 1|})]
        [AvgPool(2, PadTop = 0, PadLeft = 0, PadBottom = 0, PadRight = 0)]
        public partial class Net { }
        """, Verify.Diagnostic("CNN0015").WithLocation(0).WithArguments("PadTop", "-1"));

    [Fact]
    public Task Asymmetric_pads_enter_the_kernel_fit_message() => Verify.VerifyAsync(Usings + """
        [Network(Input = "3x3x3")]
        [Conv(8, {|#0:7|}, PadTop = 1, PadLeft = 2, PadBottom = 0, PadRight = 1)]
        public partial class Net { }
        """, Verify.Diagnostic("CNN0004").WithLocation(0).WithArguments("conv1", "7x7", "3x3x3", "4x6", "PadTop = 1, PadLeft = 2, PadBottom = 0, PadRight = 1"));

    [Fact]
    public Task CNN0013_tensor_too_large() => Verify.VerifyAsync(Usings + """
        [Network({|#0:Input = "100000x100000x3"|})]
        [Conv(8, 3)]
        public partial class Net { }
        [Network(Input = "1000x1000x3")]
        [{|#1:Conv(100000, 3)|}]
        public partial class Net2 { }
        [Network(Input = "1x1x10000")]
        [{|#2:Conv(10000, 3)|}]
        public partial class Net3 { }
        """,
        Verify.Diagnostic("CNN0013").WithLocation(0).WithArguments("the input 100000x100000x3", "30000000000 values", "268435456"),
        Verify.Diagnostic("CNN0013").WithLocation(1).WithArguments("the output of layer 'conv1'", "100000000000 values", "268435456"),
        Verify.Diagnostic("CNN0013").WithLocation(2).WithArguments("the weights of layer 'conv1'", "900000000 values", "268435456"));

    [Fact]
    public Task CNN0014_use_of_a_block_whose_definition_has_errors() => Verify.VerifyAsync(Usings + """
        [Block]
        public partial class Bad
        {
            [Conv({|#0:0|}, 3)] partial void Main();
        }

        [Network(Input = "8x8x3")]
        [{|#1:Use(typeof(Bad))|}]
        public partial class Net { }
        """,
        Verify.Diagnostic("CNN0003").WithLocation(0).WithArguments("filters", "0"),
        Verify.Diagnostic("CNN0014").WithLocation(1).WithArguments("Bad", "1", "filters must be positive, but it is 0"));

    [Fact]
    public Task Shape_errors_inside_a_block_are_reported_where_the_block_is_used() => Verify.VerifyAsync(Usings + """
        [Block]
        public partial class Wide
        {
            [Conv(8, 5, Padding = Padding.Valid)] partial void Only();
        }

        [Network(Input = "3x3x3")]
        [{|#0:Use<Wide>|}]
        public partial class Net { }
        """, Verify.Diagnostic("CNN0004").WithLocation(0).WithArguments("Wide (1st use) branch 'Only', layer 1 Conv", "5x5", "3x3x3", "3x3", "Padding.Valid"));

    [Fact]
    public Task Errors_inside_blocks_name_the_block_its_use_the_repeat_the_branch_and_the_layer_as_written() => Verify.VerifyAsync(Usings + """
        [Block]
        public partial class Wide
        {
            [Conv(8, 3)] [Conv(8, 5, Padding = Padding.Valid, Name = "narrow")] partial void Main();
        }

        [Block(Merge = Merge.Concat)]
        public partial class Outer
        {
            [Identity] partial void Shortcut();
            [Use<Wide>(Repeat = 2)] partial void Deep();
        }

        [Network(Input = "9x9x3")]
        [Use<Wide>]
        [{|#0:Use<Outer>|}]
        public partial class Net { }
        """,
        // 9x9 -> 5x5 (1st use of Wide); inside Outer, the 2nd use's first repeat makes 1x1, its second repeat fails.
        Verify.Diagnostic("CNN0004").WithLocation(0).WithArguments(
            "Outer (1st use) branch 'Deep', layer 1 Use<Wide>: Wide (2nd use, repeat 2) branch 'Main', layer 2 Conv 'narrow'", "5x5", "1x1x8", "1x1", "Padding.Valid"));

    [Fact]
    public void Every_diagnostic_has_a_docs_page_and_a_release_entry()
    {
        string root = System.IO.Path.GetFullPath(System.IO.Path.Combine(ProjectDir(), "..", ".."));
        string releases = System.IO.File.ReadAllText(System.IO.Path.Combine(root, "analyzers", "CnnDsl.Analyzers", "AnalyzerReleases.Unshipped.md"));
        foreach (var descriptor in new DefinitionAnalyzer().SupportedDiagnostics)
        {
            Assert.True(System.IO.File.Exists(System.IO.Path.Combine(root, "docs", "diagnostics", descriptor.Id + ".md")), "docs page for " + descriptor.Id);
            Assert.EndsWith("docs/diagnostics/" + descriptor.Id + ".md", descriptor.HelpLinkUri);
            Assert.Contains(descriptor.Id + " ", releases);
        }
    }

    private static string ProjectDir() => System.Linq.Enumerable.First(
        System.Reflection.CustomAttributeExtensions.GetCustomAttributes<System.Reflection.AssemblyMetadataAttribute>(typeof(DefinitionDiagnosticTests).Assembly),
        a => a.Key == "TestProjectDirectory").Value!;
}
