using System.Threading.Tasks;
using Verify = CnnDsl.Generator.Tests.Infrastructure.AnalyzerVerifier<CnnDsl.Analyzers.CostAnalyzer>;

namespace CnnDsl.Generator.Tests;

/// <summary>
/// Each CNN01xx cost diagnostic with its numbers. Expected numbers come from the papers and the course (quoted), or
/// are worked out by hand in the comments from the convolution cost Hout*Wout*K*K*Cin*Cout; never from the model.
/// </summary>
public class CostDiagnosticTests
{
    private const string Usings = "using CnnDsl;\n";

    [Fact]
    public Task CNN0101_course_seed_example_reads_as_the_course_teaches_it() => Verify.VerifyAsync(Usings + """
        [Network(Input = "28x28x192")]
        [{|#0:Conv(32, 5, Act = Act.Relu)|}]
        public partial class Course { }
        """,
        // The course: 28x28x192 -> 5x5 same, 32 filters = 120.4M; with a 1x1 to 16 first: 2.4M + 10.0M = 12.4M.
        Verify.Diagnostic("CNN0101").WithLocation(0).WithMessage(
            "Layer 'conv1': the 5x5 convolution 28x28x192 -> 28x28x32 costs 120.4M multiply-adds; a 1x1 bottleneck to 16 channels in front would cost 2.4M + 10.0M = 12.4M, 9.7x fewer"),
        // Separable: 28*28*25*192 = 3,763,200 depthwise + 28*28*192*32 = 4,816,896 pointwise = 8,580,096; 120,422,400 / that = 14.04.
        Verify.Diagnostic("CNN0102").WithLocation(0).WithMessage(
            "Layer 'conv1': the 5x5 convolution 28x28x192 -> 28x28x32 costs 120.4M multiply-adds; depthwise-separable it would cost 3.8M depthwise + 4.8M pointwise = 8.6M, 14.0x fewer (1/32 + 1/5^2)"));

    [Fact]
    public Task CNN0101_with_the_bottleneck_in_place_is_quiet() => Verify.VerifyAsync(Usings + """
        [Network(Input = "28x28x192")]
        [Conv(16, 1, Act = Act.Relu)]
        [Conv(32, 5, Act = Act.Relu)]
        public partial class Course { }
        """);

    [Fact]
    public Task CNN0101_min_factor_from_editorconfig_silences_a_smaller_saving() => Verify.VerifyAsync(Usings + """
        [Network(Input = "28x28x192")]
        [Conv(32, 5, Act = Act.Relu)]
        public partial class Course { }
        """, """
        cnndsl.bottleneck.min_factor = 10
        cnndsl.separable.min_factor = 15
        cnndsl.factorization.min_factor = 3
        """);

    [Fact]
    public Task CNN0101_width_ratio_from_editorconfig_changes_the_suggested_width() => Verify.VerifyAsync(Usings + """
        [Network(Input = "28x28x192")]
        [{|#0:Conv(32, 5)|}]
        public partial class Course { }
        """, """
        cnndsl.bottleneck.width_ratio = 0.25
        dotnet_diagnostic.CNN0102.severity = none
        """,
        // 0.25 * min(192, 32) = 8: 28*28*192*8 = 1,204,224 + 28*28*25*8*32 = 5,017,600 = 6,221,824; 120,422,400 / that = 19.35.
        Verify.Diagnostic("CNN0101").WithLocation(0).WithArguments("conv1", "5x5", "28x28x192", "28x28x32", "120.4M", "8", "1.2M", "5.0M", "6.2M", "19.4x", ""));

    [Theory]
    [InlineData("cnndsl.bottleneck.width_ratio = abc")]
    [InlineData("cnndsl.bottleneck.width_ratio = 7")]
    [InlineData("cnndsl.bottleneck.min_factor = -1")]
    [InlineData("cnndsl.simd.lanes = 0")]
    public Task Unusable_editorconfig_values_keep_the_defaults(string line) => Verify.VerifyAsync(Usings + """
        [Network(Input = "28x28x192")]
        [{|#0:Conv(32, 5, Act = Act.Relu)|}]
        public partial class Course { }
        """, line + "\ndotnet_diagnostic.CNN0102.severity = none",
        Verify.Diagnostic("CNN0101").WithLocation(0).WithArguments("conv1", "5x5", "28x28x192", "28x28x32", "120.4M", "16", "2.4M", "10.0M", "12.4M", "9.7x", ""));

    [Fact]
    public Task CNN0102_mobilenet_table_3_layer() => Verify.VerifyAsync(Usings + """
        [Network(Input = "14x14x512")]
        [{|#0:Conv(512, 3, Act = Act.Relu)|}]
        public partial class Mobile { }
        """,
        // MobileNet Table 3: conv 14x14x512 -> 512, 3x3: 462M; separable 52.3M (14*14*9*512 = 903,168 + 14*14*512*512 = 51,380,224).
        Verify.Diagnostic("CNN0102").WithLocation(0).WithMessage(
            "Layer 'conv1': the 3x3 convolution 14x14x512 -> 14x14x512 costs 462.4M multiply-adds; depthwise-separable it would cost 903.2K depthwise + 51.4M pointwise = 52.3M, 8.8x fewer (1/512 + 1/3^2)"));

    [Fact]
    public Task CNN0102_leaves_stems_on_few_channels_and_pointwise_convolutions_alone() => Verify.VerifyAsync(Usings + """
        [Network(Input = "224x224x3")]
        [Conv(32, 3, Stride = 2, Act = Act.Relu)]
        [Conv(64, 1, Act = Act.Relu)]
        [DepthwiseSeparable(64)]
        [Conv(16, 1)]
        [Conv(16, 3)]
        public partial class Stem { }
        """);

    [Fact]
    public Task CNN0102_min_input_channels_from_editorconfig() => Verify.VerifyAsync(Usings + """
        [Network(Input = "14x14x512")]
        [Conv(512, 3, Act = Act.Relu)]
        public partial class Mobile { }
        """, "cnndsl.separable.min_input_channels = 1024");

    private const string BudgetNetwork = """
        [Conv(64, 1)]
        [Conv(32, 5)]
        [MaxPool(2)]
        [Conv(16, 3)]
        [GlobalAvgPool]
        [Dense(10)]
        public partial class Net { }
        """;

    [Fact]
    public Task CNN0102_advises_only_on_layers_with_a_real_share_of_the_cost() => Verify.VerifyAsync(Usings + """
        [Network(Input = "28x28x192")]
        [Conv(64, 1)]
        [{|#0:Conv(32, 5)|}]
        [MaxPool(2)]
        [Conv(16, 3)]
        [GlobalAvgPool]
        [Dense(10)]
        public partial class Net { }
        """,
        // conv2: 40,140,800 of 50,677,920 (79%); conv3 (903,168, 1.8%) is under the default 5% share.
        // conv2 separable: 40,140,800 / 32 = 1,254,400 + 40,140,800 / 25 = 1,605,632 = 2,860,032, 14.0x.
        Verify.Diagnostic("CNN0102").WithLocation(0).WithArguments("conv2", "5x5", "28x28x64", "28x28x32", "40.1M", "1.3M", "1.6M", "2.9M", "14.0x", "32", "5^2", ""));

    [Fact]
    public Task CNN0102_min_share_from_editorconfig() => Verify.VerifyAsync(Usings + """
        [Network(Input = "28x28x192")]
        [Conv(64, 1)]
        [{|#0:Conv(32, 5)|}]
        [MaxPool(2)]
        [{|#1:Conv(16, 3)|}]
        [GlobalAvgPool]
        [Dense(10)]
        public partial class Net { }
        """, "cnndsl.advice.min_share = 0",
        Verify.Diagnostic("CNN0102").WithLocation(0).WithArguments("conv2", "5x5", "28x28x64", "28x28x32", "40.1M", "1.3M", "1.6M", "2.9M", "14.0x", "32", "5^2", "", ""),
        // conv3 separable: 903,168 / 16 = 56,448 + 903,168 / 9 = 100,352 = 156,800, 5.76x.
        Verify.Diagnostic("CNN0102").WithLocation(1).WithArguments("conv3", "3x3", "14x14x32", "14x14x16", "903.2K", "56.4K", "100.4K", "156.8K", "5.8x", "16", "3^2", ""));

    [Fact]
    public Task CNN0103_multiply_add_budget_names_total_budget_and_three_costliest_layers() => Verify.VerifyAsync(Usings + """
        [Network(Input = "28x28x192", {|#0:MaxMultiplyAdds = 50_000_000|})]
        """ + "\n" + BudgetNetwork, "dotnet_diagnostic.CNN0102.severity = none\ndotnet_diagnostic.CNN0107.severity = none",
        // conv1 28*28*192*64 = 9,633,792; conv2 28*28*25*64*32 = 40,140,800; conv3 14*14*9*32*16 = 903,168; dense1 16*10 = 160.
        // Total 50,677,920; shares 79.2%, 19.0%, 1.8%.
        Verify.Diagnostic("CNN0103").WithLocation(0).WithMessage(
            "'Net' needs 50.7M (50,677,920) multiply-adds, over its MaxMultiplyAdds budget of 50.0M (50,000,000); the most expensive layers are conv2 40.1M (79.2%), conv1 9.6M (19.0%), conv3 903.2K (1.8%)"));

    [Fact]
    public Task CNN0103_parameter_budget() => Verify.VerifyAsync(Usings + """
        [Network(Input = "28x28x192", MaxMultiplyAdds = 60_000_000, {|#0:MaxParameters = 60_000|})]
        """ + "\n" + BudgetNetwork, "dotnet_diagnostic.CNN0102.severity = none\ndotnet_diagnostic.CNN0107.severity = none",
        // conv1 192*64+64 = 12,352; conv2 25*64*32+32 = 51,232; conv3 9*32*16+16 = 4,624; dense1 16*10+10 = 170; total 68,378.
        Verify.Diagnostic("CNN0103").WithLocation(0).WithMessage(
            "'Net' needs 68.4K (68,378) parameters, over its MaxParameters budget of 60.0K (60,000); the most expensive layers are conv2 51.2K (74.9%), conv1 12.4K (18.1%), conv3 4.6K (6.8%)"));

    [Fact]
    public Task CNN0103_both_budgets_each_on_its_argument() => Verify.VerifyAsync(Usings + """
        [Network(Input = "28x28x192", {|#0:MaxMultiplyAdds = 50_677_919|}, {|#1:MaxParameters = 68_377|})]
        """ + "\n" + BudgetNetwork, "dotnet_diagnostic.CNN0102.severity = none\ndotnet_diagnostic.CNN0107.severity = none",
        Verify.Diagnostic("CNN0103").WithLocation(0).WithArguments("Net", "50.7M (50,677,920)", "multiply-adds", "MaxMultiplyAdds", "50.7M (50,677,919)",
            "conv2 40.1M (79.2%), conv1 9.6M (19.0%), conv3 903.2K (1.8%)"),
        Verify.Diagnostic("CNN0103").WithLocation(1).WithArguments("Net", "68.4K (68,378)", "parameters", "MaxParameters", "68.4K (68,377)",
            "conv2 51.2K (74.9%), conv1 12.4K (18.1%), conv3 4.6K (6.8%)"));

    [Theory]
    [InlineData("MaxMultiplyAdds = 50_677_920, MaxParameters = 68_378")]
    [InlineData("MaxMultiplyAdds = 0, MaxParameters = 0")]
    [InlineData("MaxMultiplyAdds = -1")]
    public Task CNN0103_budget_met_or_absent_is_quiet(string budget) => Verify.VerifyAsync(Usings
        + "[Network(Input = \"28x28x192\", " + budget + ")]\n" + BudgetNetwork, "dotnet_diagnostic.CNN0102.severity = none\ndotnet_diagnostic.CNN0107.severity = none");

    private const string SmallNetwork = """
        [Network(Input = "8x8x3")]
        [{|#0:Conv(8, 3)|}]
        [{|#1:GlobalAvgPool|}]
        [{|#2:Dense(10)|}]
        public partial class Small { }
        """;

    [Fact]
    public Task CNN0104_layer_cost_on_every_attribute_when_enabled() => Verify.VerifyAsync(Usings + SmallNetwork,
        "dotnet_diagnostic.CNN0104.severity = suggestion",
        // conv1 8*8*9*3*8 = 13,824 MACs, 9*3*8+8 = 224 params; dense1 8*10 = 80 MACs, 90 params; totals 13,904 and 314.
        Verify.Diagnostic("CNN0104").WithLocation(0).WithMessage(
            "Layer 'conv1' (Conv 3x3/1 same, 8 filters): 8x8x3 -> 8x8x8, 13.8K multiply-adds (99.4% of the network), 224 parameters (71.3% of the network)"),
        Verify.Diagnostic("CNN0104").WithLocation(1).WithMessage(
            "Layer 'gap1' (GlobalAvgPool): 8x8x8 -> 1x1x8, 0 multiply-adds (0.0% of the network), 0 parameters (0.0% of the network)"),
        Verify.Diagnostic("CNN0104").WithLocation(2).WithMessage(
            "Layer 'dense1' (Dense 10 units): 1x1x8 -> 1x1x10, 80 multiply-adds (0.6% of the network), 90 parameters (28.7% of the network)"));

    [Fact]
    public Task CNN0104_is_off_by_default() => Verify.VerifyAsync(Usings + SmallNetwork.Replace("{|#0:", "").Replace("{|#1:", "").Replace("{|#2:", "").Replace("|}", ""));

    [Fact]
    public Task CNN0105_channel_counts_not_filling_simd_vectors() => Verify.VerifyAsync(Usings + """
        [Network(Input = "28x28x16")]
        [Conv({|#0:36|}, 3)]
        [Inception(64, 96, 128, 16, 32, {|#1:20|})]
        [Dense({|#2:100|})]
        [Dense(10)]
        public partial class Lanes { }
        """, "dotnet_diagnostic.CNN0102.severity = none", // the inception's 3x3 column gets separable advice (BlockAdviceTests)
        // 36 channels = 5 vectors of 8, the last with 4 idle lanes: 4/40 = 10%; make_divisible(36, 8) = 40.
        Verify.Diagnostic("CNN0105").WithLocation(0).WithMessage(
            "Layer 'conv1': filters 36 is not a multiple of 8, so 4 of the 8-float SIMD lanes in its last vector stay idle (10.0% of the lanes); 40 would fill them"),
        // 20 = 3 vectors, 4 idle of 24 = 16.7%; make_divisible(20, 8) = 24.
        Verify.Diagnostic("CNN0105").WithLocation(1).WithArguments("inception1", "poolProj", "20", "8", "4", "16.7%", "24", ""),
        // 100 = 13 vectors, 4 idle of 104 = 3.8%; make_divisible(100, 8) = 104.
        Verify.Diagnostic("CNN0105").WithLocation(2).WithArguments("dense1", "units", "100", "8", "4", "3.8%", "104", ""));

    [Fact]
    public Task CNN0105_lanes_from_editorconfig() => Verify.VerifyAsync(Usings + """
        [Network(Input = "28x28x16")]
        [Conv({|#0:24|}, 1)]
        [Dense(10)]
        public partial class Lanes { }
        """, "cnndsl.simd.lanes = 16",
        // 24 channels = 2 vectors of 16, 8 idle of 32 = 25%; make_divisible(24, 16) = 32.
        Verify.Diagnostic("CNN0105").WithLocation(0).WithArguments("conv1", "filters", "24", "16", "8", "25.0%", "32", ""));

    [Fact]
    public Task Definitions_with_errors_get_no_cost_feedback() => Verify.VerifyAsync(Usings + """
        [Network(Input = "28x28x192", MaxMultiplyAdds = 1)]
        [Conv(36, 5)]
        [Conv(8, 99, Padding = Padding.Valid)]
        public partial class Broken { }
        """);

    [Fact]
    public Task CNN0107_seven_by_seven_on_the_17x17_grid_becomes_1x7_then_7x1() => Verify.VerifyAsync(Usings + """
        [Network(Input = "17x17x192")]
        [{|#0:Conv(192, 7, Act = Act.Relu)|}]
        public partial class Grid17 { }
        """, """
        dotnet_diagnostic.CNN0102.severity = none
        """,
        // 17*17*49*192*192 = 522,031,104; 1x7: 17*17*7*192*192 = 74,575,872, 7x1 the same; 522,031,104 / 149,151,744 = 3.5 (2/7).
        Verify.Diagnostic("CNN0107").WithLocation(0).WithMessage(
            "Layer 'conv1': the 7x7 convolution 17x17x192 -> 17x17x192 costs 522.0M multiply-adds; as a 1x7 then a 7x1 convolution it would cost 74.6M + 74.6M = 149.2M, 3.5x fewer"));

    [Fact]
    public Task CNN0107_five_by_five_becomes_two_3x3s_28_percent_cheaper() => Verify.VerifyAsync(Usings + """
        [Network(Input = "35x35x64")]
        [{|#0:Conv(64, 5, Act = Act.Relu)|}]
        public partial class Grid35 { }
        """, """
        dotnet_diagnostic.CNN0102.severity = none
        """,
        // 35*35*25*64*64 = 125,440,000; each 3x3: 35*35*9*64*64 = 45,158,400; 125,440,000 / 90,316,800 = 1.39 (25/18: 28% fewer).
        Verify.Diagnostic("CNN0107").WithLocation(0).WithArguments("conv1", "5x5", "35x35x64", "35x35x64", "125.4M", "two 3x3 convolutions", "45.2M", "45.2M", "90.3M", "1.4x", ""));

    [Fact]
    public Task CNN0107_counts_the_larger_intermediate_of_valid_padding() => Verify.VerifyAsync(Usings + """
        [Network(Input = "12x12x64")]
        [{|#0:Conv(64, 5, Padding = Padding.Valid)|}]
        public partial class Valid { }
        """, """
        dotnet_diagnostic.CNN0102.severity = none
        cnndsl.factorization.min_factor = 1.05
        """,
        // 8*8*25*64*64 = 6,553,600; the first 3x3 outputs 10x10: 10*10*9*64*64 = 3,686,400; the second 8*8*9*64*64 = 2,359,296;
        // 6,553,600 / 6,045,696 = 1.08: under the default 1.25, reported at 1.05.
        Verify.Diagnostic("CNN0107").WithLocation(0).WithArguments("conv1", "5x5", "12x12x64", "8x8x64", "6.6M", "two 3x3 convolutions", "3.7M", "2.4M", "6.0M", "1.1x", ""));

    [Fact]
    public Task CNN0107_is_quiet_on_strided_dilated_grouped_explicitly_padded_or_already_factorized_convolutions() => Verify.VerifyAsync(Usings + """
        [Network(Input = "35x35x64")]
        [Conv(64, 5, Stride = 2)]
        [Conv(64, 5, Dilation = 2)]
        [Conv(64, 5, Groups = 2)]
        [Conv(64, 5, Pad = 2)]
        [Conv(64, 1, 7)]
        [Conv(64, 7, 1)]
        [Conv(64, 3)]
        [Conv(64, 3)]
        public partial class Quiet { }
        """, """
        dotnet_diagnostic.CNN0101.severity = none
        dotnet_diagnostic.CNN0102.severity = none
        """);
}
