using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading.Tasks;
using CnnDsl.Analyzers;
using CnnDsl.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit.Abstractions;

namespace CnnDsl.Generator.Tests;

/// <summary>
/// How long the analyzers take on one file holding GoogLeNet, MobileNet V2 (from the zoo) and an EfficientNet-size
/// definition of 80 layer attributes: reported, not asserted (timings depend on the machine). The diagnostics are
/// asserted, so the measured run is known to do the full work.
/// </summary>
[Collection(AloneCollection.Name)] // the build counter is process-wide: no other test may build models meanwhile
public class CostAnalyzerTimingTests(ITestOutputHelper output)
{
    private const int Runs = 10;

    [Fact]
    public async Task Analyzer_time_on_googlenet_mobilenetv2_and_an_efficientnet_size_network()
    {
        string source = "using CnnDsl;\n" + ZooSource("GoogLeNet.cs") + ZooSource("MobileNetV2.cs") + EfficientNetSize(out int layers)
            + "[Network(BasedOn = typeof(EfficientNetSize), Width = 1.1)]\npublic partial class WiderEfficientNetSize { }\n";
        Assert.Equal(80, layers);
        var compilation = GeneratorHarness.Compile(source);
        // As a user enabling the per-layer info: the most diagnostics the analyzers can produce.
        compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
            new Dictionary<string, ReportDiagnostic> { ["CNN0104"] = ReportDiagnostic.Info }));

        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new CostAnalyzer(), new DefinitionAnalyzer(), new VariantCostAnalyzer());
        var times = new List<double>();
        var together = analyzers.ToDictionary(a => a, _ => new List<double>());
        ImmutableArray<Diagnostic> diagnostics = default;
        long builds = 0;
        for (int run = 0; run <= Runs; run++)
        {
            // Every run is an edit: a new compilation, as the editor makes on each keystroke (nothing carried over).
            var edited = Edit(compilation, run);
            var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true);
            var withAnalyzers = edited.WithAnalyzers(analyzers, options);
            long buildsBefore = AnalyzerModelBuilds();
            var stopwatch = Stopwatch.StartNew();
            diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
            stopwatch.Stop();
            builds = AnalyzerModelBuilds() - buildsBefore;
            if (run == 0)
            {
                output.WriteLine($"First run (cold, JIT included): {stopwatch.Elapsed.TotalMilliseconds:0.0} ms");
                continue;
            }
            times.Add(stopwatch.Elapsed.TotalMilliseconds);
            foreach (var analyzer in analyzers)
            {
                var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, default);
                together[analyzer].Add(telemetry.ExecutionTime.TotalMilliseconds);
            }
        }
        foreach (var (analyzer, list) in together)
        {
            list.Sort();
            output.WriteLine($"{analyzer.GetType().Name} (run with the others): median {list[list.Count / 2]:0.00} ms in the analyzer itself (min {list[0]:0.00}, max {list[^1]:0.00})");
        }
        times.Sort();
        output.WriteLine($"Per edit: {builds} model builds for 4 networks (one a scaled variant); median {times[times.Count / 2]:0.0} ms, min {times[0]:0.0} ms, max {times[^1]:0.0} ms (three analyzers, whole file, {diagnostics.Length} diagnostics)");

        // Each analyzer alone, then the cost analyzer with the per-layer info off (the default).
        var defaults = GeneratorHarness.Compile(source);
        foreach (var (alone, target, label) in new[]
        {
            (analyzers[0], compilation, "alone"), (analyzers[1], compilation, "alone"), (analyzers[2], compilation, "alone"), (analyzers[0], defaults, "alone, CNN0104 off (default)"),
        })
        {
            var single = ImmutableArray.Create(alone);
            var own = new List<double>();
            for (int run = 0; run <= Runs; run++)
            {
                var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                    onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true);
                var withAnalyzer = Edit(target, run).WithAnalyzers(single, options);
                await withAnalyzer.GetAnalyzerDiagnosticsAsync();
                if (run > 0) own.Add((await withAnalyzer.GetAnalyzerTelemetryInfoAsync(alone, default)).ExecutionTime.TotalMilliseconds);
            }
            own.Sort();
            output.WriteLine($"{alone.GetType().Name} {label}: median {own[own.Count / 2]:0.00} ms (min {own[0]:0.00}, max {own[^1]:0.00})");
        }

        // The analyzers share one read and build per network per compilation: the variant's base is built once too.
        Assert.Equal(4, builds);
        // GoogLeNet (19 rows), MobileNet V2 (11 rows), the 80 layers and their wider variant each get their cost; no definition errors.
        Assert.Equal(19 + 11 + 80 + 80, diagnostics.Count(d => d.Id == "CNN0104"));
        Assert.Single(diagnostics, d => d.Id == "CNN0150");
        Assert.DoesNotContain(diagnostics, d => d.Id.StartsWith("CNN00", System.StringComparison.Ordinal) || d.Id == "AD0001");
        // GoogLeNet's conv2 (3x3, 64 -> 192 on 56x56) is the one standard convolution the separable rule flags there.
        Assert.Contains(diagnostics, d => d.Id == "CNN0102" && d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).StartsWith("Layer 'conv2': the 3x3 convolution 56x56x64", System.StringComparison.Ordinal));
    }

    /// <summary>A new compilation with a one-comment edit, so that nothing computed for an earlier one can be reused.</summary>
    private static Compilation Edit(Compilation compilation, int run)
    {
        var tree = compilation.SyntaxTrees.Single();
        var text = tree.GetText();
        var edited = tree.WithChangedText(text.WithChanges(new Microsoft.CodeAnalysis.Text.TextChange(new Microsoft.CodeAnalysis.Text.TextSpan(text.Length, 0), "// edit " + run + "\n")));
        return compilation.ReplaceSyntaxTree(tree, edited);
    }

    /// <summary>Models built by the analyzers' copy of the shared model so far (its internal counter, read by reflection).</summary>
    private static long AnalyzerModelBuilds()
        => (long)typeof(DefinitionAnalyzer).Assembly.GetType("CnnDsl.Model.NetworkBuilder", throwOnError: true)!
            .GetProperty("Builds", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;

    private static string ZooSource(string file)
    {
        string text = Infrastructure.ZooSource.Read(file);
        // One file holds all three: drop the file-scoped namespace.
        return string.Join("\n", text.Split('\n').Where(line => !line.StartsWith("namespace ", System.StringComparison.Ordinal))) + "\n";
    }

    /// <summary>
    /// EfficientNet-B0's stages with B3's depth (26 MBConv blocks) written out as plain layers: 1x1 expansion,
    /// depthwise, 1x1 projection, each with batch norm (squeeze-excitation and skips left out): 80 attributes.
    /// </summary>
    private static string EfficientNetSize(out int layers)
    {
        // (expansion, channels, repeats, stride, kernel)
        var stages = new (int T, int C, int N, int S, int K)[]
        {
            (1, 16, 2, 1, 3), (6, 24, 3, 2, 3), (6, 40, 3, 2, 5), (6, 80, 5, 2, 3), (6, 112, 5, 1, 5), (6, 192, 6, 2, 5), (6, 320, 2, 1, 3),
        };
        var text = new StringBuilder("[Network(Input = \"224x224x3\")]\n[Conv(32, 3, Stride = 2, Act = Act.Swish, BatchNorm = true, Bias = false)]\n");
        layers = 1;
        int channels = 32;
        foreach (var (t, c, n, s, k) in stages)
        {
            for (int i = 0; i < n; i++)
            {
                if (t != 1)
                {
                    text.Append($"[Conv({channels * t}, 1, Act = Act.Swish, BatchNorm = true, Bias = false)]\n");
                    layers++;
                }
                text.Append($"[DepthwiseConv({k}, Stride = {(i == 0 ? s : 1)}, Act = Act.Swish, BatchNorm = true, Bias = false)]\n");
                text.Append($"[Conv({c}, 1, BatchNorm = true, Bias = false)]\n");
                layers += 2;
                channels = c;
            }
        }
        text.Append("[Conv(1280, 1, Act = Act.Swish, BatchNorm = true, Bias = false)]\n[GlobalAvgPool]\n[Dense(1000, Act = Act.Softmax)]\n");
        layers += 3;
        return text.Append("public partial class EfficientNetSize { }\n").ToString();
    }
}
