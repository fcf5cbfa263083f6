using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using CnnDsl.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace CnnDsl.Generator.Tests;

/// <summary>The README's first example is what a new user copies: it must compile and say what it claims.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void First_readme_example_compiles_without_diagnostics()
    {
        string readme = File.ReadAllText(Path.Combine(GoldenFileTests.RepoRoot, "README.md"));
        string example = Regex.Match(readme, "```csharp\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("[Network(", example);

        var outcome = GeneratorHarness.Run(example);
        var errors = outcome.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.Empty(GeneratorHarness.Analyze(outcome.Output).Where(d => d.Severity == DiagnosticSeverity.Error));

        string bottlenecked = outcome.Sources.Single(s => s.HintName == "Bottlenecked.g.cs").SourceText.ToString();
        // 28*28*16*192 + 28*28*32*5*5*16, the course's figures.
        Assert.Contains("MultiplyAdds = 12_443_648L", bottlenecked);
        Assert.Contains("OutputShape = \"28x28x32\"", bottlenecked);
    }
}
