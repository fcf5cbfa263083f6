using System;
using System.Threading.Tasks;
using Verify = CnnDsl.Generator.Tests.Infrastructure.AnalyzerVerifier<CnnDsl.Analyzers.DefinitionAnalyzer>;
using VerifyCost = CnnDsl.Generator.Tests.Infrastructure.AnalyzerVerifier<CnnDsl.Analyzers.VariantCostAnalyzer>;

namespace CnnDsl.Generator.Tests;

/// <summary>MBConv, squeeze-and-excitation and scaled variants: errors on the exact argument.</summary>
public class EfficientNetDiagnosticTests
{
    private const string Usings = "using CnnDsl;\n";

    [Fact]
    public Task Valid_mbconv_and_squeeze_excite_have_no_diagnostics() => Verify.VerifyAsync(Usings + """
        [Network(Input = "32x32x3")]
        [Conv(16, 3, Stride = 2, Act = Act.Swish)]
        [MBConv(16, Expansion = 1)]
        [MBConv(24, Kernel = 5, Repeat = 2, Stride = 2, SqueezeExcite = 0)]
        [SqueezeExcite(0.5, Act = Act.Relu)]
        [GlobalAvgPool]
        [Dense(10)]
        public partial class Net { }
        """);

    [Fact]
    public Task MBConv_arguments_each_on_its_argument() => Verify.VerifyAsync(Usings + """
        [Network(Input = "8x8x3")]
        [MBConv({|#0:0|}, {|#1:Expansion = 0|}, {|#2:Kernel = -1|}, {|#3:Stride = 0|}, {|#4:Repeat = 0|}, {|#5:SqueezeExcite = -0.25|})]
        [SqueezeExcite({|#6:0|})]
        public partial class Net { }
        """,
        Verify.Diagnostic("CNN0003").WithLocation(0).WithArguments("filters", "0"),
        Verify.Diagnostic("CNN0003").WithLocation(1).WithArguments("Expansion", "0"),
        Verify.Diagnostic("CNN0003").WithLocation(2).WithArguments("Kernel", "-1"),
        Verify.Diagnostic("CNN0003").WithLocation(3).WithArguments("Stride", "0"),
        Verify.Diagnostic("CNN0003").WithLocation(4).WithArguments("Repeat", "0"),
        Verify.Diagnostic("CNN0010").WithLocation(5).WithArguments("SqueezeExcite", "-0.25", "a fraction of the input channels, 0 or more (0 turns it off)"),
        Verify.Diagnostic("CNN0010").WithLocation(6).WithArguments("ratio", "0", "a positive fraction of the input channels"));

    private const string Base = """
        [Network(Input = "8x8x3")]
        [Conv(8, 1)]
        [GlobalAvgPool]
        [Dense(10)]
        public partial class Base { }

        """;

    [Fact]
    public Task Valid_variants_and_chains_have_no_errors() => Verify.VerifyAsync(Usings + Base + """
        [Network(BasedOn = typeof(Base), Width = 2, Depth = 1.5, Resolution = 16)] public partial class Wide { }
        [Network(BasedOn = typeof(Wide), Phi = 1)] public partial class Wider { }
        [Network(Input = "8x8x3", Width = 0.5)] [Conv(32, 3)] public partial class Thin { }
        """);

    [Fact]
    public Task CNN0020_base_is_not_a_network() => Verify.VerifyAsync(Usings + """
        public class Plain { }

        [Network({|#0:BasedOn = typeof(Plain)|}, Width = 1.1)]
        public partial class Wide { }

        [Network({|#1:BasedOn = null|})]
        public partial class Nothing { }
        """,
        Verify.Diagnostic("CNN0020").WithLocation(0).WithArguments("Plain", "Wide"),
        Verify.Diagnostic("CNN0020").WithLocation(1).WithArguments("null", "Nothing"));

    [Fact]
    public Task CNN0021_scaling_factors_not_positive_each_on_its_argument() => Verify.VerifyAsync(Usings + Base + """
        [Network(BasedOn = typeof(Base), {|#0:Width = 0|}, {|#1:Depth = -1.5|}, {|#2:Resolution = 0|})]
        public partial class Broken { }
        """,
        Verify.Diagnostic("CNN0021").WithLocation(0).WithArguments("Width", "0"),
        Verify.Diagnostic("CNN0021").WithLocation(1).WithArguments("Depth", "-1.5"),
        Verify.Diagnostic("CNN0021").WithLocation(2).WithArguments("Resolution", "0"));

    [Fact]
    public Task CNN0022_based_on_itself_reported_by_every_network_in_the_loop() => Verify.VerifyAsync(Usings + """
        [Network({|#0:BasedOn = typeof(B)|})] public partial class A { }
        [Network({|#1:BasedOn = typeof(A)|}, Width = 2)] public partial class B { }
        [Network({|#2:BasedOn = typeof(Self)|})] public partial class Self { }
        """,
        Verify.Diagnostic("CNN0022").WithLocation(0).WithArguments("A", "A -> B -> A"),
        Verify.Diagnostic("CNN0022").WithLocation(1).WithArguments("B", "B -> A -> B"),
        Verify.Diagnostic("CNN0022").WithLocation(2).WithArguments("Self", "Self -> Self"));

    [Fact]
    public Task CNN0023_variant_declares_layers() => Verify.VerifyAsync(Usings + Base + """
        [Network(BasedOn = typeof(Base), Width = 2)]
        [{|#0:Dense(10)|}]
        public partial class Tuned { }
        """, Verify.Diagnostic("CNN0023").WithLocation(0).WithArguments("Tuned", "Base"));

    [Fact]
    public Task CNN0024_conflicting_network_arguments() => Verify.VerifyAsync(Usings + Base + """
        [Network(BasedOn = typeof(Base), {|#0:Phi = 1|}, Width = 1.2, Depth = 2)]
        public partial class Mixed { }

        [Network(BasedOn = typeof(Base), {|#1:Input = "16x16x3"|})]
        public partial class Bigger { }

        [Network(BasedOn = typeof(Base), {|#2:Phi = double.NaN|})]
        public partial class Undefined { }
        """,
        Verify.Diagnostic("CNN0024").WithLocation(0).WithArguments("Phi", "Width, Depth", "Phi sets width, depth and resolution together"),
        Verify.Diagnostic("CNN0024").WithLocation(1).WithArguments("Input", "BasedOn", "the input comes from the base; set Resolution to change its height and width"),
        Verify.Diagnostic("CNN0010").WithLocation(2).WithArguments("Phi", "NaN", "a finite number"));

    [Fact]
    public Task Shape_errors_from_scaling_are_reported_on_BasedOn() => Verify.VerifyAsync(Usings + """
        [Network(Input = "8x8x3")]
        [Conv(8, 5, Padding = Padding.Valid)]
        public partial class Valid5 { }

        [Network({|#0:BasedOn = typeof(Valid5)|}, Resolution = 4)]
        public partial class Small { }
        """, Verify.Diagnostic("CNN0004").WithLocation(0).WithArguments("conv1", "5x5", "4x4x3", "4x4", "Padding.Valid"));

    [Fact]
    public Task Absurd_depth_stops_at_the_graph_size_limit_instead_of_hanging() => Verify.VerifyAsync(Usings + """
        [Network(Input = "8x8x3")]
        [MBConv(8, Expansion = 1, SqueezeExcite = 0)]
        public partial class Tiny { }

        [Network({|#0:BasedOn = typeof(Tiny)|}, Depth = 1e9)]
        public partial class Deep { }

        [Network(Input = "8x8x8")]
        [{|#1:InvertedResidual(8, Repeat = 2000000000)|}]
        public partial class Long { }
        """,
        Verify.Diagnostic("CNN0013").WithLocation(0).WithArguments("the graph of layer 'mbconv1'", "more than 100000 nodes", "100000"),
        Verify.Diagnostic("CNN0013").WithLocation(1).WithArguments("the graph of layer 'invres1'", "more than 100000 nodes", "100000"));

    [Fact]
    public Task CNN0025_base_errors_are_reported_on_the_base_and_pointed_to_from_BasedOn() => Verify.VerifyAsync(Usings + """
        [Network(Input = "8x8x3")]
        [Conv({|#0:0|}, 3)]
        [Conv(8, {|#1:-1|})]
        public partial class Bad { }

        [Network({|#2:BasedOn = typeof(Bad)|}, Width = 2)]
        public partial class Variant { }
        """,
        Verify.Diagnostic("CNN0003").WithLocation(0).WithArguments("filters", "0"),
        Verify.Diagnostic("CNN0003").WithLocation(1).WithArguments("kernel", "-1"),
        Verify.Diagnostic("CNN0025").WithLocation(2).WithArguments("Variant", "Bad", "2", "filters must be positive, but it is 0"));

    [Fact]
    public Task CNN0150_variant_cost_relative_to_its_base() => VerifyCost.VerifyAsync(Usings + Base + """
        [{|#0:Network(BasedOn = typeof(Base), Width = 2, Resolution = 16)|}]
        public partial class Wide { }
        """,
        // Base: 1x1 conv 8x8x3 -> 8 = 64*3*8 = 1,536 MACs, 32 params; dense 8 -> 10 = 80 MACs, 90 params: 1,616 and 122.
        // Wide: 16 filters at 16x16 = 256*3*16 = 12,288 and 64; dense 16 -> 10 (classifier units kept) = 160 and 170: 12,448 and 234.
        VerifyCost.Diagnostic("CNN0150").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0)
            .WithArguments("Wide", "12.4K", "7.7x", "Base", "234", "1.9x"));

    [Fact]
    public void Variant_cost_diagnostic_has_a_docs_page_and_a_release_entry()
    {
        string root = System.IO.Path.GetFullPath(System.IO.Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));
        string releases = System.IO.File.ReadAllText(System.IO.Path.Combine(root, "analyzers", "CnnDsl.Analyzers", "AnalyzerReleases.Unshipped.md"));
        foreach (var descriptor in new CnnDsl.Analyzers.VariantCostAnalyzer().SupportedDiagnostics)
        {
            Assert.True(System.IO.File.Exists(System.IO.Path.Combine(root, "docs", "diagnostics", descriptor.Id + ".md")), "docs page for " + descriptor.Id);
            Assert.EndsWith("docs/diagnostics/" + descriptor.Id + ".md", descriptor.HelpLinkUri);
            Assert.Contains(descriptor.Id + " ", releases);
        }
    }
}
