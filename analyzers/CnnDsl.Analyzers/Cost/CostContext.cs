using System.Collections.Generic;
using System.Collections.Immutable;
using CnnDsl.Model;
using CnnDsl.Reading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CnnDsl.Analyzers;

/// <summary>One network under cost analysis: its spec, model, options, and where to report.</summary>
internal sealed class CostContext(
    SymbolAnalysisContext context,
    INamedTypeSymbol type,
    AttributeData networkAttribute,
    DefinitionReader reader,
    NetworkSpec spec,
    NetworkModel model,
    CostOptions options)
{
    public INamedTypeSymbol Type { get; } = type;
    public NetworkSpec Spec { get; } = spec;
    public NetworkModel Model { get; } = model;
    public CostOptions Options { get; } = options;
    public long TotalMultiplyAdds { get; } = model.MultiplyAdds;
    public long TotalParameters { get; } = model.Parameters;

    /// <summary>The network's own layer rows with the spec each came from (block internals stay inside their Use row).</summary>
    public IEnumerable<(LayerRow Row, LayerSpec Layer, AttributeData Attribute)> Layers()
    {
        foreach (var row in Model.Layers)
        {
            if (row.Index < 0 || row.Index >= Spec.Layers.Count) continue;
            // A backbone's layers are advised on where the backbone is defined, not in every network built from it.
            if (row.Index < Spec.BackboneLayers) continue;
            if (row.SourceId < 0 || row.SourceId >= reader.Sources.Count) continue;
            yield return (row, Spec.Layers[row.Index], reader.Sources[row.SourceId]);
        }
    }

    /// <summary>Whether <paramref name="descriptor"/> can be shown for the network's file (see <see cref="DiagnosticSwitch"/>).</summary>
    public bool IsOn(DiagnosticDescriptor descriptor)
        => DiagnosticSwitch.IsOn(context.Compilation, descriptor, networkAttribute.ApplicationSyntaxReference?.SyntaxTree, context.CancellationToken);

    /// <summary>Whether <paramref name="descriptor"/> would be shown for the network's file (on, and not switched off).</summary>
    public bool IsShown(DiagnosticDescriptor descriptor)
        => DiagnosticSwitch.IsShown(context.Compilation, descriptor, networkAttribute.ApplicationSyntaxReference?.SyntaxTree, context.CancellationToken);

    /// <summary>Whether a layer costs enough of the network for advice on it to matter (<see cref="CostOptions.MinLayerShare"/>).</summary>
    public bool IsCostly(LayerRow row)
        => TotalMultiplyAdds > 0 && row.MultiplyAdds >= Options.MinLayerShare * TotalMultiplyAdds;

    /// <summary>The single lowered node of a layer that lowers to exactly one node, else null.</summary>
    public Node? SingleNode(LayerRow row)
        => row.NodeCount == 1 && row.FirstNode >= 0 && row.FirstNode < Model.Nodes.Count ? Model.Nodes[row.FirstNode] : null;

    public void Report(DiagnosticDescriptor descriptor, AttributeData attribute, string? argument, ImmutableDictionary<string, string?>? properties, params object[] args)
        => Report(descriptor, AttributeLocator.Locate(attribute, argument, context.CancellationToken), properties, args);

    public void ReportOnNetwork(DiagnosticDescriptor descriptor, string argument, params object[] args)
        => Report(descriptor, AttributeLocator.Locate(networkAttribute, argument, context.CancellationToken), null, args);

    private void Report(DiagnosticDescriptor descriptor, Location location, ImmutableDictionary<string, string?>? properties, object[] args)
    {
        // Attributes from metadata have no source: nothing to underline.
        if (location == Location.None || !location.IsInSource) return;
        context.ReportDiagnostic(Diagnostic.Create(descriptor, location, properties, args));
    }
}
