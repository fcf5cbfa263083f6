extern alias generator;

using generator::CnnDsl.Generator;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using CnnDsl.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CnnDsl.Generator.Tests.Infrastructure;

/// <summary>Runs the generator and the analyzers on source text, the way the compiler does.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static CSharpCompilation Compile(params string[] sources)
        => CSharpCompilation.Create(
            "TestAssembly",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: "Source" + i + ".cs")),
            TestReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(bool trackSteps = false)
        => CSharpGeneratorDriver.Create(
            new[] { new NetworkGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Generator output plus the final compilation's diagnostics.</summary>
    public static GeneratorOutcome Run(params string[] sources)
    {
        var compilation = Compile(sources);
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var result = driver.GetRunResult();
        return new GeneratorOutcome(result, output, generatorDiagnostics);
    }

    /// <summary>The analyzers' diagnostics on the compilation after generation.</summary>
    public static ImmutableArray<Diagnostic> Analyze(Compilation compilation, CancellationToken cancellationToken = default)
    {
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new DefinitionAnalyzer());
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false);
        return compilation.WithAnalyzers(analyzers, options).GetAllDiagnosticsAsync(cancellationToken).GetAwaiter().GetResult();
    }
}

internal sealed record GeneratorOutcome(GeneratorDriverRunResult Result, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    public ImmutableArray<GeneratedSourceResult> Sources => Result.Results.Single().GeneratedSources;
}
