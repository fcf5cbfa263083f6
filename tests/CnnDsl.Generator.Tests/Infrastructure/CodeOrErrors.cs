using System;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace CnnDsl.Generator.Tests.Infrastructure;

/// <summary>
/// The robustness property of the random-definition tests: on one compilation of networks <c>Net0..NetN-1</c> in
/// namespace <c>Fuzz</c>, each between <c>// begin NetI</c> and <c>// end NetI</c> lines, the generator and the analyzers
/// throw nothing, the generated code compiles, and every network ends in generated code or in CNN00xx errors inside
/// its own text: never both, never neither.
/// </summary>
internal static class CodeOrErrors
{
    /// <summary>Checks the property; returns how many networks were generated and how many rejected.</summary>
    public static (int Generated, int Rejected) Check(string source, int networks)
    {
        var outcome = GeneratorHarness.Run(source);
        var run = outcome.Result.Results.Single();
        Assert.Null(run.Exception);
        Assert.Empty(outcome.GeneratorDiagnostics); // CS8785 (generator failed) would be here

        var diagnostics = GeneratorHarness.Analyze(outcome.Output);
        Assert.DoesNotContain(diagnostics, d => d.Id is "AD0001" or "CS8785");
        var compileErrors = outcome.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(compileErrors.Count == 0, source + "\n" + string.Join("\n", compileErrors.Take(5)));

        var generatedNames = run.GeneratedSources.Select(s => s.HintName).ToHashSet();
        int generated = 0, rejected = 0;
        for (int n = 0; n < networks; n++)
        {
            string name = "Net" + n;
            bool hasCode = generatedNames.Contains("Fuzz." + name + ".g.cs");
            bool hasErrors = diagnostics.Any(d => d.Id.StartsWith("CNN00", StringComparison.Ordinal) && d.Severity == DiagnosticSeverity.Error
                && d.Location.SourceTree is { } tree && IsInside(tree, d.Location.SourceSpan.Start, name));
            Assert.True(hasCode != hasErrors, $"{name}: generated={hasCode}, errors={hasErrors}\n{Extract(source, name)}");
            if (hasCode) generated++; else rejected++;
        }
        return (generated, rejected);
    }

    private static bool IsInside(SyntaxTree tree, int position, string className)
    {
        var text = tree.GetText().ToString();
        int start = text.IndexOf("// begin " + className + "\n", StringComparison.Ordinal);
        int end = text.IndexOf("// end " + className + "\n", StringComparison.Ordinal);
        return start >= 0 && position >= start && position < end;
    }

    private static string Extract(string source, string className)
    {
        int start = source.IndexOf("// begin " + className + "\n", StringComparison.Ordinal);
        int end = source.IndexOf("// end " + className + "\n", StringComparison.Ordinal);
        return start >= 0 && end > start ? source.Substring(start, end - start) : source;
    }
}
