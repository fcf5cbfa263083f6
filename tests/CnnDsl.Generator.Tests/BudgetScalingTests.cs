using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using CnnDsl.Analyzers;
using CnnDsl.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CnnDsl.Generator.Tests;

/// <summary>
/// "Find the best r, d, w": a scaled variant that gives a MaxMultiplyAdds budget instead of factors takes
/// the largest compound coefficient (to 0.01) that fits it. Checked against variants written with explicit factors:
/// the chosen one fits and is the same network as its explicit Phi, one step more does not fit; the same for the
/// depth-, width- and resolution-alone figures CNN0110 reports.
/// </summary>
public class BudgetScalingTests
{
    // A small EfficientNet-like base, so that generating a dozen variants stays quick.
    private const string BaseSource = """
        using CnnDsl;
        [Network(Input = "32x32x3")]
        [Conv(16, 3, Stride = 2, Act = Act.Swish)]
        [MBConv(24, Repeat = 2, Stride = 2)]
        [MBConv(40, Kernel = 5, Repeat = 2, Stride = 2)]
        [Conv(64, 1, Act = Act.Swish)]
        [GlobalAvgPool]
        [Dense(10, Act = Act.Softmax)]
        public partial class SmallBase { }
        """;

    private static string Variant(string name, string arguments)
        => $$"""
            using CnnDsl;
            [Network(BasedOn = typeof(SmallBase), {{arguments}})]
            public partial class {{name}} { }
            """;

    private static long MultiplyAdds(GeneratorOutcome outcome, string className)
    {
        string source = outcome.Sources.Single(s => s.HintName == className + ".g.cs").SourceText.ToString();
        var match = Regex.Match(source, @"const long MultiplyAdds = ([0-9_]+)L;");
        Assert.True(match.Success, "no MultiplyAdds constant in " + className);
        return long.Parse(match.Groups[1].Value.Replace("_", ""), CultureInfo.InvariantCulture);
    }

    private static string Num(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    [Fact]
    public async System.Threading.Tasks.Task A_budget_takes_the_largest_compound_coefficient_that_fits_and_reports_the_single_dimension_alternatives()
    {
        long budget = 4 * MultiplyAdds(GeneratorHarness.Run(BaseSource), "SmallBase");
        var outcome = GeneratorHarness.Run(BaseSource, Variant("Budgeted", "MaxMultiplyAdds = " + budget + "L"));
        Assert.Empty(outcome.GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        long budgeted = MultiplyAdds(outcome, "Budgeted");
        Assert.InRange(budgeted, 1, budget);

        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new VariantCostAnalyzer());
        var info = (await outcome.Output.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync()).Single(d => d.Id == "CNN0110");
        string message = info.GetMessage(CultureInfo.InvariantCulture);
        var parts = Regex.Match(message, @"phi = ([0-9.-]+) .* depth alone x([0-9.]+), width alone x([0-9.]+) or resolution alone ([0-9]+)$");
        Assert.True(parts.Success, message);
        double phi = double.Parse(parts.Groups[1].Value, CultureInfo.InvariantCulture);
        double depth = double.Parse(parts.Groups[2].Value, CultureInfo.InvariantCulture);
        double width = double.Parse(parts.Groups[3].Value, CultureInfo.InvariantCulture);
        int resolution = int.Parse(parts.Groups[4].Value, CultureInfo.InvariantCulture);
        // Four times the base's cost: phi must grow it (each step of phi costs about 1.2 x 1.1^2 x 1.15^2 = 2x).
        Assert.InRange(phi, 1.0, 3.0);

        var explicitVariants = GeneratorHarness.Run(BaseSource,
            Variant("AtPhi", "Phi = " + Num(phi)), Variant("PastPhi", "Phi = " + Num(phi + 0.01)),
            Variant("AtDepth", "Depth = " + Num(depth)), Variant("PastDepth", "Depth = " + Num(depth + 0.01)),
            Variant("AtWidth", "Width = " + Num(width)), Variant("PastWidth", "Width = " + Num(width + 0.01)),
            Variant("AtResolution", "Resolution = " + resolution), Variant("PastResolution", "Resolution = " + (resolution + 1)));
        Assert.Equal(budgeted, MultiplyAdds(explicitVariants, "AtPhi"));
        foreach (string dimension in new[] { "Phi", "Depth", "Width", "Resolution" })
        {
            Assert.True(MultiplyAdds(explicitVariants, "At" + dimension) <= budget, dimension + " at the reported value must fit");
            Assert.True(MultiplyAdds(explicitVariants, "Past" + dimension) > budget, dimension + " one step further must not fit");
        }
    }

    private static string VariantOf(string name, string baseName, string arguments)
        => $$"""
            using CnnDsl;
            [Network(BasedOn = typeof({{baseName}}), {{arguments}})]
            public partial class {{name}} { }
            """;

    [Fact]
    public async System.Threading.Tasks.Task A_variant_of_a_budget_driven_variant_scales_the_network_the_budget_chose()
    {
        long budget = 4 * MultiplyAdds(GeneratorHarness.Run(BaseSource), "SmallBase");
        string budgeted = Variant("Budgeted", "MaxMultiplyAdds = " + budget + "L");
        var outcome = GeneratorHarness.Run(BaseSource, budgeted,
            VariantOf("Wider", "Budgeted", "Width = 1.2"), VariantOf("Twice", "Budgeted", "MaxMultiplyAdds = " + 2 * budget + "L"));
        Assert.Empty(outcome.GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new VariantCostAnalyzer());
        var info = (await outcome.Output.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync())
            .First(d => d.Id == "CNN0110" && d.GetMessage(CultureInfo.InvariantCulture).StartsWith("Budgeted:", System.StringComparison.Ordinal));
        double phi = double.Parse(Regex.Match(info.GetMessage(CultureInfo.InvariantCulture), @"phi = ([0-9.-]+) ").Groups[1].Value, CultureInfo.InvariantCulture);

        // Written with explicit factors: the budget's Phi, then Width 1.2 on it; and Width 1.2 on the base alone.
        var explicitVariants = GeneratorHarness.Run(BaseSource, Variant("AtPhi", "Phi = " + Num(phi)),
            VariantOf("AtPhiWider", "AtPhi", "Width = 1.2"), Variant("BaseWider", "Width = 1.2"));
        Assert.Equal(MultiplyAdds(explicitVariants, "AtPhiWider"), MultiplyAdds(outcome, "Wider"));
        Assert.True(MultiplyAdds(outcome, "Wider") > MultiplyAdds(explicitVariants, "BaseWider"), "the budget's coefficient must count");
        // A budget on a budget-driven base fits it, scaling up from what the base chose.
        Assert.InRange(MultiplyAdds(outcome, "Twice"), MultiplyAdds(outcome, "Budgeted") + 1, 2 * budget);
    }
}
