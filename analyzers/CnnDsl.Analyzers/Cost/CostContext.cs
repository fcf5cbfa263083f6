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
    CostOptions options) : AdviceContext(context, networkAttribute.ApplicationSyntaxReference?.SyntaxTree, options)
{
    public INamedTypeSymbol Type { get; } = type;
    public NetworkSpec Spec { get; } = spec;
    public NetworkModel Model { get; } = model;
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

    private List<ConvolutionSite>? _convolutions;

    /// <summary>
    /// The network's own standard convolutions: its [Conv]s and its composites' arguments. Those inside blocks are
    /// advised on where the block is declared (<see cref="BlockAdvice"/>), so the diagnostics stay in that file.
    /// </summary>
    public override IReadOnlyList<ConvolutionSite> Convolutions()
        => _convolutions ??= ConvolutionSite.Find(Spec, Model, reader.Sources, Type.Name).FindAll(site => site.BlockTypeName is null);

    public void ReportOnNetwork(DiagnosticDescriptor descriptor, string argument, params object[] args)
        => Report(descriptor, AttributeLocator.Locate(networkAttribute, argument, Context.CancellationToken), null, args);
}
