using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CnnDsl.Analyzers;

/// <summary>
/// What the convolution advice (CNN0101, CNN0102, CNN0107) needs: the sites to judge, the thresholds and switches of
/// the file they are reported in, and where to report. A network's context holds its own [Conv]s and composites; a
/// block's holds its members, gathered from every network that uses it.
/// </summary>
internal abstract class AdviceContext(SymbolAnalysisContext context, SyntaxTree? tree, CostOptions options)
{
    protected SymbolAnalysisContext Context => context;

    public CostOptions Options { get; } = options;

    /// <summary>The standard convolutions to advise on, each where the user wrote it.</summary>
    public abstract IReadOnlyList<ConvolutionSite> Convolutions();

    /// <summary>Whether a site costs enough of its network for advice on it to matter (<see cref="CostOptions.MinLayerShare"/>).</summary>
    public bool IsCostly(ConvolutionSite site) => site.Share > 0 && site.Share >= Options.MinLayerShare;

    /// <summary>Whether <paramref name="descriptor"/> can be shown for the file (see <see cref="DiagnosticSwitch"/>).</summary>
    public bool IsOn(DiagnosticDescriptor descriptor)
        => DiagnosticSwitch.IsOn(context.Compilation, descriptor, tree, context.CancellationToken);

    /// <summary>Whether <paramref name="descriptor"/> would be shown for the file (on, and not switched off).</summary>
    public bool IsShown(DiagnosticDescriptor descriptor)
        => DiagnosticSwitch.IsShown(context.Compilation, descriptor, tree, context.CancellationToken);

    public void Report(DiagnosticDescriptor descriptor, AttributeData attribute, string? argument, ImmutableDictionary<string, string?>? properties, params object[] args)
        => Report(descriptor, AttributeLocator.Locate(attribute, argument, context.CancellationToken), properties, args);

    protected void Report(DiagnosticDescriptor descriptor, Location location, ImmutableDictionary<string, string?>? properties, object[] args)
    {
        // Attributes from metadata have no source: nothing to underline.
        if (location == Location.None || !location.IsInSource) return;
        context.ReportDiagnostic(Diagnostic.Create(descriptor, location, properties, args));
    }
}
