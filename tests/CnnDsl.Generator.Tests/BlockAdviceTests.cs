using System.Threading.Tasks;
using Verify = CnnDsl.Generator.Tests.Infrastructure.AnalyzerVerifier<CnnDsl.Analyzers.CostAnalyzer>;

namespace CnnDsl.Generator.Tests;

/// <summary>
/// Cost advice (CNN0101, CNN0102, CNN0105, CNN0107) where the user wrote the layer: on a [Block] member's attribute, once
/// per block however often the network uses it, and on the composite argument that sets a composite's convolution.
/// Numbers are worked out by hand in the comments from Hout*Wout*K*K*Cin*Cout; never from the model.
/// </summary>
public class BlockAdviceTests
{
    private const string Usings = "using CnnDsl;\n";

    /// <summary>The course's 5x5 on 192 channels, in a block used at 28x28x192 and, after a pool, at 14x14x224.</summary>
    internal const string TwiceUsed = """
        [Network(Input = "28x28x192")]
        [Use<Wide>]
        [MaxPool(2)]
        [Use<Wide>]
        public partial class Net { }

        [Block]
        public class Wide
        {
            [{|#0:Conv(32, 5)|}] public int Costly;
            [Identity] public int Skip;
        }
        """;

    [Fact]
    public Task Block_member_is_advised_once_on_its_own_attribute_with_the_costliest_use() => Verify.VerifyAsync(Usings + TwiceUsed,
        // First use: 28*28*25*192*32 = 120,422,400 (the course's layer: bottleneck to 16 = 2.4M + 10.0M, separable
        // 3.8M + 4.8M). Second: the concat gives 32 + 192 = 224 channels, pooled to 14x14: 14*14*25*224*32 = 35,123,200.
        Verify.Diagnostic("CNN0101").WithLocation(0).WithMessage(
            "Layer 'branch 'Costly', layer 1 Conv': the 5x5 convolution 28x28x192 -> 28x28x32 costs 120.4M multiply-adds; a 1x1 bottleneck to 16 channels in front would cost 2.4M + 10.0M = 12.4M, 9.7x fewer"
            + " (in block 'Wide', used 2 times by 'Net' at 2 input shapes, the costliest shown)"),
        Verify.Diagnostic("CNN0102").WithLocation(0).WithMessage(
            "Layer 'branch 'Costly', layer 1 Conv': the 5x5 convolution 28x28x192 -> 28x28x32 costs 120.4M multiply-adds; depthwise-separable it would cost 3.8M depthwise + 4.8M pointwise = 8.6M, 14.0x fewer (1/32 + 1/5^2)"
            + " (in block 'Wide', used 2 times by 'Net' at 2 input shapes, the costliest shown)"));

    [Fact]
    public Task Block_member_channel_count_is_advised_once_on_its_argument_with_every_use() => Verify.VerifyAsync(Usings + """
        [Network(Input = "8x8x16")]
        [Use<Narrow>(Repeat = 2)]
        [Conv(16, 1)]
        public partial class First { }

        [Network(Input = "8x8x16")]
        [Use<Narrow>]
        [Conv(16, 1)]
        public partial class Second { }

        [Block(Merge = Merge.Concat)]
        public class Narrow
        {
            [Conv({|#0:12|}, 3)] public int Odd;
            [Identity] public int Skip;
        }
        """,
        // 12 channels fill one 8-float vector and half of another: 4 of 16 lanes idle; 16 fills them. First applies the
        // block twice (Repeat), Second once. The networks' last layers (16 filters) are exempt and full anyway.
        Verify.Diagnostic("CNN0105").WithLocation(0).WithMessage(
            "Layer 'branch 'Odd', layer 1 Conv': filters 12 is not a multiple of 8, so 4 of the 8-float SIMD lanes in its last vector stay idle (25.0% of the lanes); 16 would fill them"
            + " (in block 'Narrow', used 3 times by 'First', 'Second')"));

    [Fact]
    public Task Block_used_by_two_networks_is_advised_once_naming_both() => Verify.VerifyAsync(Usings + """
        [Network(Input = "14x14x192")]
        [Use<Wide>]
        public partial class Small { }

        [Network(Input = "28x28x192")]
        [Use<Wide>]
        public partial class Large { }

        [Block]
        public class Wide
        {
            [{|#0:Conv(32, 5)|}] public int Costly;
            [Identity] public int Skip;
        }
        """, "dotnet_diagnostic.CNN0102.severity = none",
        // Large's use is the course's layer (120.4M); Small's is a quarter of it. Networks are named in name order.
        Verify.Diagnostic("CNN0101").WithLocation(0).WithArguments("branch 'Costly', layer 1 Conv", "5x5", "28x28x192", "28x28x32", "120.4M", "16", "2.4M", "10.0M", "12.4M", "9.7x",
            " (in block 'Wide', used 2 times by 'Large', 'Small' at 2 input shapes, the costliest shown)"));

    [Fact]
    public Task Block_repeated_at_one_shape_says_how_often() => Verify.VerifyAsync(Usings + """
        [Network(Input = "17x17x192")]
        [Use<Seven>(Repeat = 3)]
        public partial class Grid17 { }

        [Block(Merge = Merge.Add)]
        public class Seven
        {
            [{|#0:Conv(192, 7, Act = Act.Relu)|}] public int Wide;
            [Identity] public int Skip;
        }
        """, "dotnet_diagnostic.CNN0102.severity = none",
        // Each repeat 17*17*49*192*192 = 522,031,104; a 1x7 and a 7x1 each 17*17*7*192*192 = 74,575,872: 3.5x (2/7).
        // No bottleneck advice: to 96 channels it costs 17*17*192*96 = 5,326,848 + 261,015,552 = 266,342,400, only 1.96x fewer.
        Verify.Diagnostic("CNN0107").WithLocation(0).WithMessage(
            "Layer 'branch 'Wide', layer 1 Conv': the 7x7 convolution 17x17x192 -> 17x17x192 costs 522.0M multiply-adds; as a 1x7 then a 7x1 convolution it would cost 74.6M + 74.6M = 149.2M, 3.5x fewer"
            + " (in block 'Seven', used 3 times by 'Grid17')"));

    [Fact]
    public Task Block_member_with_a_small_share_of_the_network_is_quiet() => Verify.VerifyAsync(Usings + """
        [Network(Input = "28x28x192")]
        [{|#0:Conv(512, 3)|}]
        [Use<Small>]
        public partial class Net { }

        [Block]
        public class Small
        {
            [Conv(8, 3)] public int Cheap;
        }
        """,
        // conv1: 28*28*9*192*512 = 693,633,024; separable 1,354,752 + 77,070,336 = 78,425,088, 8.84x. The block's 3x3
        // (28*28*9*512*8 = 28,901,376) is 4.0% of the network, under the default 5% share: no advice, though 9x cheaper separable.
        Verify.Diagnostic("CNN0102").WithLocation(0).WithArguments("conv1", "3x3", "28x28x192", "28x28x512", "693.6M", "1.4M", "77.1M", "78.4M", "8.8x", "512", "3^2", ""));

    /// <summary>An Inception module whose 5x5 column costs nearly everything (5x5 reduce and 5x5 of 64 on 17x17x64).</summary>
    private const string Inception = """
        [Network(Input = "17x17x64")]
        [Inception(8, 8, 8, 64, {|#0:64|}, 8)]
        public partial class Module { }
        """;

    [Fact]
    public Task Inception_5x5_column_is_advised_on_n5x5() => Verify.VerifyAsync(Usings + Inception,
        // 5x5: 17*17*25*64*64 = 29,593,600 of 31,387,712 (1x1s 4 * 147,968 + 1,183,744 more, 3x3 166,464).
        // Separable: 17*17*25*64 = 462,400 + 17*17*64*64 = 1,183,744 = 1,646,144: 17.98x. It outdoes two 3x3s (1.39x).
        Verify.Diagnostic("CNN0102").WithLocation(0).WithMessage(
            "Layer 'inception1.5x5': the 5x5 convolution 17x17x64 -> 17x17x64 costs 29.6M multiply-adds; depthwise-separable it would cost 462.4K depthwise + 1.2M pointwise = 1.6M, 18.0x fewer (1/64 + 1/5^2)"));

    [Fact]
    public Task Inception_5x5_column_gets_the_factorization_when_separable_advice_is_off() => Verify.VerifyAsync(Usings + Inception,
        "dotnet_diagnostic.CNN0102.severity = none",
        // Two 3x3s: 2 * 17*17*9*64*64 = 2 * 10,653,696 = 21,307,392; 29,593,600 / that = 1.39. No bottleneck advice: the
        // column already has its 1x1 reduce in front.
        Verify.Diagnostic("CNN0107").WithLocation(0).WithArguments("inception1.5x5", "5x5", "17x17x64", "17x17x64", "29.6M", "two 3x3 convolutions", "10.7M", "10.7M", "21.3M", "1.4x", ""));

    [Fact]
    public Task Inception_in_a_block_is_advised_on_the_blocks_attribute() => Verify.VerifyAsync(Usings + """
        [Network(Input = "17x17x64")]
        [Use<Module>]
        public partial class Net { }

        [Block]
        public class Module
        {
            [Inception(8, 8, 8, 64, {|#0:64|}, 8)] public int Mixed;
        }
        """,
        Verify.Diagnostic("CNN0102").WithLocation(0).WithArguments("branch 'Mixed', layer 1 Inception (5x5)", "5x5", "17x17x64", "17x17x64", "29.6M", "462.4K", "1.2M", "1.6M", "18.0x", "64", "5^2",
            " (in block 'Module', used once by 'Net')"));
}
