using System.Threading.Tasks;
using Verify = CnnDsl.Generator.Tests.Infrastructure.AnalyzerVerifier<CnnDsl.Analyzers.DefinitionAnalyzer>;

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
}
