using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace CnnDsl.Generator.Tests.Infrastructure;

/// <summary>Runs an analyzer with the Roslyn testing package on offline references.</summary>
internal static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static DiagnosticResult Diagnostic(string id) => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic(id);

    public static Task VerifyAsync(string source, params DiagnosticResult[] expected)
        => VerifyAsync(source, editorConfig: null, expected);

    /// <summary>As <see cref="VerifyAsync(string, DiagnosticResult[])"/>, with the lines of a [*.cs] section of an .editorconfig.</summary>
    public static async Task VerifyAsync(string source, string? editorConfig, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            TestCode = source,
            ReferenceAssemblies = TestReferences.None,
        };
        test.TestState.AdditionalReferences.AddRange(TestReferences.All);
        DisableLikeTheCompiler(test.DisabledDiagnostics, new TAnalyzer(), editorConfig);
        if (editorConfig is not null) test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", EditorConfig.Section(editorConfig)));
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    /// <summary>
    /// The testing package turns on every supported diagnostic; the compiler leaves those disabled by default off
    /// until an .editorconfig enables them. Tests must see what users see.
    /// </summary>
    public static void DisableLikeTheCompiler(System.Collections.Generic.List<string> disabled, DiagnosticAnalyzer analyzer, string? editorConfig)
    {
        foreach (var descriptor in analyzer.SupportedDiagnostics)
        {
            bool configured = editorConfig is not null && editorConfig.Contains("dotnet_diagnostic." + descriptor.Id + ".severity", System.StringComparison.Ordinal);
            if (!descriptor.IsEnabledByDefault && !configured) disabled.Add(descriptor.Id);
        }
    }
}
