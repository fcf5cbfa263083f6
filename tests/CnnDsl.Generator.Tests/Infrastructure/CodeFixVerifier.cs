using System.Threading.Tasks;
using CnnDsl.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace CnnDsl.Generator.Tests.Infrastructure;

/// <summary>
/// Runs a code fix with the Roslyn testing package on offline references: one fix at a time and Fix All (document,
/// project, solution) must each reach <c>fixedSource</c>, which must compile and carry only <c>remaining</c>
/// diagnostics. The fixed network is then checked by <see cref="DefinitionAnalyzer"/>: it must still be valid.
/// </summary>
internal static class CodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    /// <summary>A diagnostic matched by ID, severity and location (its message is the analyzer tests' business).</summary>
    public static DiagnosticResult Diagnostic(string id, DiagnosticSeverity severity = DiagnosticSeverity.Warning) => new(id, severity);

    public static async Task VerifyAsync(string source, DiagnosticResult[] expected, string fixedSource,
        DiagnosticResult[]? remaining = null, string? editorConfig = null)
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = fixedSource,
            ReferenceAssemblies = TestReferences.None,
        };
        test.TestState.AdditionalReferences.AddRange(TestReferences.All);
        // Explicit: the package would otherwise expect every diagnostic this fix does not handle to survive it.
        test.FixedState.InheritanceMode = StateInheritanceMode.Explicit;
        test.FixedState.AdditionalReferences.AddRange(TestReferences.All);
        AnalyzerVerifier<TAnalyzer>.DisableLikeTheCompiler(test.DisabledDiagnostics, new TAnalyzer(), editorConfig);
        if (editorConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", EditorConfig.Section(editorConfig)));
            test.FixedState.AnalyzerConfigFiles.Add(("/.editorconfig", EditorConfig.Section(editorConfig)));
        }
        test.ExpectedDiagnostics.AddRange(expected);
        if (remaining is not null) test.FixedState.ExpectedDiagnostics.AddRange(remaining);
        await test.RunAsync();

        await AnalyzerVerifier<DefinitionAnalyzer>.VerifyAsync(fixedSource);
    }
}
