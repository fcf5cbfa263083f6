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
        // Each repeat: two convolutions (batch norm folded in) and the add (its ReLU fused into the second
        // convolution): 3 operations, 3,000 in all, plus the pooling and the dense layer: 3,002. Every repeat has the
        // same shapes, so the methods are the two convolutions', the pooling's and the dense layer's: 4. At 550
        // bytes per operation and 1,800 per method: 1.6511 MB + 0.0072 MB.
        Verify.Diagnostic("CNN0106").WithLocation(0).WithArguments("Deep", "3,002", "4", "1.7MB", "2,000", "res1", "3,000"));

    [Fact]
    public Task Ten_repeats_are_quiet() => Verify.VerifyAsync(Res + """
        [Network(Input = "16x16x16")]
        [Use<Res>(Repeat = 10)]
        [GlobalAvgPool]
        [Dense(10)]
        public partial class Shallow { }
        """);

    [Fact]
    public void The_estimate_is_within_a_factor_of_two_of_the_generated_code_of_large_networks()
    {
        var rule = typeof(CostAnalyzer).Assembly.GetType("CnnDsl.Analyzers.GeneratedSizeRule", throwOnError: true)!;
        int bytesPerOperation = Constant(rule, "BytesPerOperation"), bytesPerMethod = Constant(rule, "BytesPerMethod");
        // A deep network of one repeated block (its methods shared) and two of the zoo's (few repeats).
        var outcome = GeneratorHarness.Run(Res + """
            [Network(Input = "16x16x16")]
            [Use<Res>(Repeat = 100)]
            [GlobalAvgPool]
            [Dense(10)]
            public partial class Deep { }
            """, ZooSource.Read("MobileNetV2.cs"), ZooSource.Read("GoogLeNet.cs"));
        Assert.Equal(3, outcome.Sources.Length);
        foreach (var source in outcome.Sources)
        {
            var type = outcome.Output.GetTypeByMetadataName(source.HintName.Replace(".g.cs", ""))!;
            var model = generator::CnnDsl.Model.NetworkBuilder.Build(new generator::CnnDsl.Reading.DefinitionReader().ReadNetwork(type));
            // The methods counted here from the generated text, not from the plan the rule reads.
            int methods = System.Text.RegularExpressions.Regex.Matches(source.SourceText.ToString(), @"public static void Node\d+_\w+\(ref float arena").Count;
            double estimate = (double)(model.Nodes.Count - 1) * bytesPerOperation + (double)methods * bytesPerMethod;
            double actual = source.SourceText.Length;
            Assert.True(actual >= estimate / 2 && actual <= estimate * 2, $"{type.Name}: {actual:0} bytes generated, {estimate:0} estimated ({model.Nodes.Count - 1} operations, {methods} methods)");
        }
    }

    private static int Constant(System.Type type, string name) => (int)type.GetField(name, BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
}
