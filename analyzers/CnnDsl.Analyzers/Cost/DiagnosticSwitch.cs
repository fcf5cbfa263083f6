using System.Threading;
using Microsoft.CodeAnalysis;

namespace CnnDsl.Analyzers;

/// <summary>
/// Whether a diagnostic that is disabled by default has been switched on for a file (.editorconfig, global config,
/// ruleset or command line). Reporting one diagnostic per layer only for the driver to drop it costs more than the
/// whole cost analysis (about 40 us each), so a rule disabled by default asks first. Every rule also asks
/// <see cref="IsShown"/> before its work: a project that switches advice off (the zoo's papers' networks as published,
/// with <c>NoWarn</c>) then pays nothing for it, where the compiler would compute every diagnostic only to drop it.
/// Conservative: any source that gives it a severity counts as on, and a <c>#pragma</c> is not seen here; the
/// compiler still has the last word on what is shown.
/// </summary>
internal static class DiagnosticSwitch
{
    public static bool IsOn(Compilation compilation, DiagnosticDescriptor descriptor, SyntaxTree? tree, CancellationToken cancellationToken)
    {
        if (descriptor.IsEnabledByDefault) return true;
        var options = compilation.Options;
        if (options.SyntaxTreeOptionsProvider is { } provider)
        {
            if (tree is not null && provider.TryGetDiagnosticValue(tree, descriptor.Id, cancellationToken, out var perTree) && Enables(perTree)) return true;
            if (provider.TryGetGlobalDiagnosticValue(descriptor.Id, cancellationToken, out var global) && Enables(global)) return true;
        }
        return options.SpecificDiagnosticOptions.TryGetValue(descriptor.Id, out var specific) && Enables(specific);
    }

    /// <summary>Whether the diagnostic would be shown for the file: on (above), and not switched off by any source.</summary>
    public static bool IsShown(Compilation compilation, DiagnosticDescriptor descriptor, SyntaxTree? tree, CancellationToken cancellationToken)
    {
        if (!IsOn(compilation, descriptor, tree, cancellationToken)) return false;
        var options = compilation.Options;
        if (options.SyntaxTreeOptionsProvider is { } provider)
        {
            if (tree is not null && provider.TryGetDiagnosticValue(tree, descriptor.Id, cancellationToken, out var perTree)) return perTree != ReportDiagnostic.Suppress;
            if (provider.TryGetGlobalDiagnosticValue(descriptor.Id, cancellationToken, out var global)) return global != ReportDiagnostic.Suppress;
        }
        return !(options.SpecificDiagnosticOptions.TryGetValue(descriptor.Id, out var specific) && specific == ReportDiagnostic.Suppress);
    }

    private static bool Enables(ReportDiagnostic report) => report is not (ReportDiagnostic.Suppress or ReportDiagnostic.Default);
}
