extern alias generator;

using System.Reflection;
using System.Threading.Tasks;
using CnnDsl.Analyzers;
using CnnDsl.Generator.Tests.Infrastructure;
using Verify = CnnDsl.Generator.Tests.Infrastructure.AnalyzerVerifier<CnnDsl.Analyzers.CostAnalyzer>;

namespace CnnDsl.Generator.Tests;

/// <summary>CNN0106, the build-cost guard: a network lowering to thousands of operations is named with its cost.</summary>
public class GeneratedSizeTests
{
    private const string Res = """
        using CnnDsl;
        [Block(Merge = Merge.Add, Act = Act.Relu)]
        public class Res
        {
            [Conv(16, 3, BatchNorm = true, Bias = false, Act = Act.Relu)]
            [Conv(16, 3, BatchNorm = true, Bias = false)]
            public object Body => null!;
            [Identity] public object Skip => null!;
        }

        """;

    [Fact]
    public Task A_thousand_repeats_are_named_with_their_cost() => Verify.VerifyAsync(Res + """
        [Network(Input = "16x16x16")]
        [Use<Res>({|#0:Repeat = 1000|})]
        [GlobalAvgPool]
        [Dense(10)]
        public partial class Deep { }
        """,
        // Each repeat: two convolutions (batch norm folded in) and the add (its ReLU fused): 3 operations, 3,000 in
        // all, plus the pooling and the dense layer: 3,002; at 5,000 bytes each, 15.01 MB.
        Verify.Diagnostic("CNN0106").WithLocation(0).WithArguments("Deep", "3,002", "15.0MB", "2,000", "res1", "3,000"));

    [Fact]
    public Task Ten_repeats_are_quiet() => Verify.VerifyAsync(Res + """
        [Network(Input = "16x16x16")]
        [Use<Res>(Repeat = 10)]
        [GlobalAvgPool]
        [Dense(10)]
        public partial class Shallow { }
        """);

    [Fact]
    public void The_size_per_operation_is_within_a_factor_of_two_of_the_generated_code_of_large_networks()
    {
        int bytesPerOperation = (int)typeof(CostAnalyzer).Assembly.GetType("CnnDsl.Analyzers.GeneratedSizeRule", throwOnError: true)!
            .GetField("BytesPerOperation", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        var outcome = GeneratorHarness.Run(ZooSource.Read("MobileNetV2.cs"), ZooSource.Read("GoogLeNet.cs"));
        Assert.NotEmpty(outcome.Sources);
        foreach (var source in outcome.Sources)
        {
            var type = outcome.Output.GetTypeByMetadataName(source.HintName.Replace(".g.cs", ""))!;
            int operations = generator::CnnDsl.Model.NetworkBuilder.Build(new generator::CnnDsl.Reading.DefinitionReader().ReadNetwork(type)).Nodes.Count - 1;
            double actual = (double)source.SourceText.Length / operations;
            Assert.True(actual >= bytesPerOperation / 2.0 && actual <= bytesPerOperation * 2.0, $"{type.Name}: {actual:0} bytes per operation");
        }
    }
}
