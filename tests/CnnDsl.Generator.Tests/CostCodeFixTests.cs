extern alias generator;

using System.Threading.Tasks;
using CnnDsl.Analyzers;
using CnnDsl.CodeFixes;
using CnnDsl.Generator.Tests.Infrastructure;
using Bottleneck = CnnDsl.Generator.Tests.Infrastructure.CodeFixVerifier<CnnDsl.Analyzers.CostAnalyzer, CnnDsl.CodeFixes.BottleneckCodeFix>;
using Rounding = CnnDsl.Generator.Tests.Infrastructure.CodeFixVerifier<CnnDsl.Analyzers.CostAnalyzer, CnnDsl.CodeFixes.ChannelRoundingCodeFix>;
using Separable = CnnDsl.Generator.Tests.Infrastructure.CodeFixVerifier<CnnDsl.Analyzers.CostAnalyzer, CnnDsl.CodeFixes.SeparableCodeFix>;
using Factorization = CnnDsl.Generator.Tests.Infrastructure.CodeFixVerifier<CnnDsl.Analyzers.CostAnalyzer, CnnDsl.CodeFixes.FactorizationCodeFix>;

namespace CnnDsl.Generator.Tests;

/// <summary>
/// The cost fixes: each one applied alone and with Fix All gives the expected source, the warning is gone and the
/// network still compiles and passes the definition analyzer.
/// </summary>
public class CostCodeFixTests
{
    private const string Usings = "using CnnDsl;\n";

    [Fact]
    public Task Bottleneck_fix_turns_the_course_example_into_the_course_answer() => Bottleneck.VerifyAsync(Usings + """
        /// <summary>The course's example.</summary>
        [Network(Input = "28x28x192")]
        [{|#0:Conv(32, 5, Act = Act.Relu)|}]
        public partial class Course { }
        """,
        new[] { Bottleneck.Diagnostic("CNN0101").WithLocation(0), Bottleneck.Diagnostic("CNN0102").WithLocation(0) },
        // Neither warning remains: the 5x5 now reads 16 channels (too few for CNN0102, and a bottleneck of 8 saves under 4x).
        Usings + """
        /// <summary>The course's example.</summary>
        [Network(Input = "28x28x192")]
        [Conv(16, 1, Act = Act.Relu)]
        [Conv(32, 5, Act = Act.Relu)]
        public partial class Course { }
        """);

    [Fact]
    public Task Bottleneck_fix_all_in_nested_indented_classes_and_shared_lists() => Bottleneck.VerifyAsync(Usings + """
        namespace Shop
        {
            public partial class Outer
            {
                [Network(Input = "28x28x192")]
                [{|#0:Conv(32, 5, Act = Act.Relu6, BatchNorm = true)|}] // costly
                [MaxPool(2)]
                [Conv(256, 1)]
                [{|#1:CnnDsl.ConvAttribute(24, 3, Bias = false)|}, GlobalAvgPool]
                [Dense(10)]
                public partial class Net { }
            }
        }
        """,
        new[] { Bottleneck.Diagnostic("CNN0101").WithLocation(0), Bottleneck.Diagnostic("CNN0101").WithLocation(1) },
        Usings + """
        namespace Shop
        {
            public partial class Outer
            {
                [Network(Input = "28x28x192")]
                [Conv(16, 1, Act = Act.Relu6, BatchNorm = true)]
                [Conv(32, 5, Act = Act.Relu6, BatchNorm = true)] // costly
                [MaxPool(2)]
                [Conv(256, 1)]
                [CnnDsl.ConvAttribute(8, 1, Bias = false), CnnDsl.ConvAttribute(24, 3, Bias = false), GlobalAvgPool]
                [Dense(10)]
                public partial class Net { }
            }
        }
        """,
        editorConfig: "dotnet_diagnostic.CNN0102.severity = none");

    [Fact]
    public Task Separable_fix_mobilenet_layer_becomes_depthwise_separable() => Separable.VerifyAsync(Usings + """
        [Network(Input = "14x14x512")]
        [{|#0:Conv(512, 3, Stride = 2, Act = Act.Relu, Name = "conv5")|}]
        [GlobalAvgPool]
        [Dense(10)]
        public partial class Mobile { }
        """,
        new[] { Separable.Diagnostic("CNN0102").WithLocation(0) },
        Usings + """
        [Network(Input = "14x14x512")]
        [DepthwiseSeparable(512, Stride = 2, Act = Act.Relu, Name = "conv5")]
        [GlobalAvgPool]
        [Dense(10)]
        public partial class Mobile { }
        """);

    [Fact]
    public Task Separable_fix_keeps_no_activation_and_a_5x5_kernel_explicit() => Separable.VerifyAsync(Usings + """
        [Network(Input = "14x14x64")]
        [{|#0:Conv(128, 5)|}]
        [Dense(10)]
        public partial class Net { }
        """,
        new[] { Separable.Diagnostic("CNN0102").WithLocation(0) },
        Usings + """
        [Network(Input = "14x14x64")]
        [DepthwiseSeparable(128, Kernel = 5, Act = Act.None)]
        [Dense(10)]
        public partial class Net { }
        """);

    [Fact]
    public Task Separable_fix_all_uses_a_pair_when_padding_bias_or_batch_norm_differ() => Separable.VerifyAsync(Usings + """
        public partial class Holder
        {
            [Network(Input = "32x32x64")]
            [{|#0:Conv(128, 3, Padding = Padding.Valid, BatchNorm = true, Act = Act.Relu, Name = "body")|}]
            [{|#1:Conv(filters: 64, kernel: 3, Pad = 1, Bias = false)|}, MaxPool(2)]
            [Dense(10)]
            public partial class Net { }
        }
        """,
        new[] { Separable.Diagnostic("CNN0102").WithLocation(0), Separable.Diagnostic("CNN0102").WithLocation(1) },
        Usings + """
        public partial class Holder
        {
            [Network(Input = "32x32x64")]
            [DepthwiseConv(3, Padding = Padding.Valid, Act = Act.Relu, BatchNorm = true)]
            [Conv(128, 1, Act = Act.Relu, BatchNorm = true, Name = "body")]
            [DepthwiseConv(3, Pad = 1, Act = Act.None, Bias = false), Conv(64, 1, Act = Act.None, Bias = false), MaxPool(2)]
            [Dense(10)]
            public partial class Net { }
        }
        """);

    private const string ExplicitPads = Usings + """
        [Network(Input = "8x8x64")]
        [{|#0:Conv(64, 3, PadTop = 0, PadLeft = 0, PadBottom = 0, PadRight = 0)|}]
        public partial class Unpadded { }
        """;

    private const string ExplicitPadsFixed = Usings + """
        [Network(Input = "8x8x64")]
        [DepthwiseConv(3, PadTop = 0, PadLeft = 0, PadBottom = 0, PadRight = 0, Act = Act.None)]
        [Conv(64, 1, Act = Act.None)]
        public partial class Unpadded { }
        """;

    [Fact]
    public Task Separable_fix_copies_explicit_pads_as_a_whole() => Separable.VerifyAsync(ExplicitPads,
        new[] { Separable.Diagnostic("CNN0102").WithLocation(0) }, ExplicitPadsFixed);

    [Fact]
    public void Separable_fix_keeps_the_output_shape_of_explicit_pads()
    {
        // The unpadded 3x3 gives 6x6; [DepthwiseSeparable] (always Same) would give 8x8. The shapes come from the
        // shared model on both sources, the fixed one being what the fix test above proves the fix writes.
        static string Output(string source)
        {
            var compilation = GeneratorHarness.Compile(source.Replace("{|#0:", "").Replace(")|}]", ")]"));
            var type = compilation.GetTypeByMetadataName("Unpadded")!;
            var model = generator::CnnDsl.Model.NetworkBuilder.Build(new generator::CnnDsl.Reading.DefinitionReader().ReadNetwork(type));
            Assert.False(model.HasErrors);
            return model.Output.ToString();
        }
        Assert.Equal("6x6x64", Output(ExplicitPads));
        Assert.Equal("6x6x64", Output(ExplicitPadsFixed));
    }

    [Fact]
    public Task Bottleneck_fix_on_a_block_member_inserts_the_bottleneck_in_that_member() => Bottleneck.VerifyAsync(Usings + BlockAdviceTests.TwiceUsed,
        new[] { Bottleneck.Diagnostic("CNN0101").WithLocation(0) },
        // One fix for both uses: a 1x1 in front is right whatever channels reach the member (here 192, then 224).
        Usings + BlockAdviceTests.TwiceUsed.Replace("[{|#0:Conv(32, 5)|}] public int Costly;", "[Conv(16, 1)]\n    [Conv(32, 5)] public int Costly;"),
        editorConfig: "dotnet_diagnostic.CNN0102.severity = none");

    [Fact]
    public Task Advice_on_a_composite_argument_offers_no_fix() => Separable.VerifyAsync(Usings + """
        [Network(Input = "17x17x64")]
        [Inception(8, 8, 8, 64, {|#0:64|}, 8)]
        public partial class Module { }
        """,
        new[] { Separable.Diagnostic("CNN0102").WithLocation(0) },
        // Inception's 5x5 column cannot be rewritten in place: the source is unchanged and the diagnostic stays.
        Usings + """
        [Network(Input = "17x17x64")]
        [Inception(8, 8, 8, 64, {|#0:64|}, 8)]
        public partial class Module { }
        """,
        remaining: new[] { Separable.Diagnostic("CNN0102").WithLocation(0) });

    [Fact]
    public Task Channel_rounding_fix_all() => Rounding.VerifyAsync(Usings + """
        [Network(Input = "28x28x16")]
        [Conv({|#0:36|}, 3)]
        [Inception(64, 96, 128, 16, 32, {|#1:poolProj: 20|})]
        [Dense({|#2:100|})]
        [Dense(10)]
        public partial class Lanes { }
        """,
        new[] { Rounding.Diagnostic("CNN0105").WithLocation(0), Rounding.Diagnostic("CNN0105").WithLocation(1), Rounding.Diagnostic("CNN0105").WithLocation(2) },
        Usings + """
        [Network(Input = "28x28x16")]
        [Conv(40, 3)]
        [Inception(64, 96, 128, 16, 32, poolProj: 24)]
        [Dense(104)]
        [Dense(10)]
        public partial class Lanes { }
        """, editorConfig: "dotnet_diagnostic.CNN0102.severity = none");

    [Fact]
    public Task Factorization_fix_all_writes_inception_v3s_pairs() => Factorization.VerifyAsync(Usings + """
        [Network(Input = "17x17x192")]
        [{|#0:Conv(192, 7, Bias = false, BatchNorm = true, Act = Act.Relu, Name = "wide")|}]
        [{|#1:Conv(192, 5, Act = Act.Relu)|}]
        public partial class Grid17 { }
        """,
        new[] { Factorization.Diagnostic("CNN0107").WithLocation(0), Factorization.Diagnostic("CNN0107").WithLocation(1) },
        Usings + """
        [Network(Input = "17x17x192")]
        [Conv(192, 1, 7, Bias = false, BatchNorm = true, Act = Act.Relu)]
        [Conv(192, 7, 1, Bias = false, BatchNorm = true, Act = Act.Relu, Name = "wide")]
        [Conv(192, 3, Act = Act.Relu)]
        [Conv(192, 3, Act = Act.Relu)]
        public partial class Grid17 { }
        """, editorConfig: "dotnet_diagnostic.CNN0102.severity = none");
}
