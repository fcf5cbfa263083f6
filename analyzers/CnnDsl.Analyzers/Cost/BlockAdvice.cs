using System.Collections.Generic;
using CnnDsl.Model;
using CnnDsl.Reading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CnnDsl.Analyzers;

/// <summary>
/// Convolution advice and SIMD-width advice (CNN0105) on a <c>[Block]</c>'s members, reported while analyzing the block itself: once per member
/// however many networks use the block and however often, in the block's file (a diagnostic a network reported
/// there would be non-local: editors show those late, and code fixes cannot be offered for them). Every network
/// of the compilation that uses the block contributes its uses; scaled variants do not, since their numbers are
/// not the ones written in the block.
/// </summary>
internal sealed class BlockAdvice(SymbolAnalysisContext context, SyntaxTree? tree, CostOptions options, IReadOnlyList<ConvolutionSite> sites)
    : AdviceContext(context, tree, options)
{
    public override IReadOnlyList<ConvolutionSite> Convolutions() => sites;

    public static void Check(SymbolAnalysisContext context, INamedTypeSymbol block, AttributeData blockAttribute)
    {
        string name = block.ToDisplayString();
        var uses = new Dictionary<(SyntaxTree, TextSpan, string?), List<ConvolutionSite>>();
        var order = new List<(SyntaxTree, TextSpan, string?)>();
        var members = new Dictionary<(SyntaxTree, TextSpan), BlockMember>();
        var memberOrder = new List<(SyntaxTree, TextSpan)>();
        foreach (var network in NetworkTypes.Get(context.Compilation, context.CancellationToken))
        {
            var (reader, spec, model) = NetworkModels.Get(context.Compilation, network, context.CancellationToken);
            if (model.HasErrors || model.Layers.Count == 0 || IsScaledVariant(spec)) continue;
            foreach (var (layer, display, count) in BlockMember.In(spec, name))
            {
                if (layer.SourceId < 0 || layer.SourceId >= reader.Sources.Count || reader.Sources[layer.SourceId].ApplicationSyntaxReference is not { } member) continue;
                var key = (member.SyntaxTree, member.Span);
                if (members.TryGetValue(key, out var seen))
                {
                    var networks = new List<string>(seen.Networks);
                    if (!networks.Contains(network.Name)) networks.Add(network.Name);
                    members[key] = seen with { Uses = seen.Uses + count, Networks = networks.ToEquatableArray() };
                }
                else
                {
                    members[key] = new BlockMember(layer, display, reader.Sources[layer.SourceId], count, new[] { network.Name }.ToEquatableArray());
                    memberOrder.Add(key);
                }
            }
            foreach (var site in ConvolutionSite.Find(spec, model, reader.Sources, network.Name))
            {
                if (site.BlockTypeName != name || site.Attribute.ApplicationSyntaxReference is not { } source) continue;
                var key = (source.SyntaxTree, source.Span, site.Argument);
                if (!uses.TryGetValue(key, out var list))
                {
                    uses[key] = list = new List<ConvolutionSite>();
                    order.Add(key);
                }
                list.Add(site);
            }
        }
        if (memberOrder.Count == 0) return;

        var merged = new List<ConvolutionSite>(order.Count);
        foreach (var key in order) merged.Add(ConvolutionSite.Merge(uses[key]));
        var tree = blockAttribute.ApplicationSyntaxReference?.SyntaxTree;
        var advice = new BlockAdvice(context, tree, CostOptions.Read(context.Options, tree), merged);
        BottleneckRule.Check(advice);
        SeparableRule.Check(advice);
        FactorizationRule.Check(advice);
        SimdLaneRule.Check(advice, name, memberOrder.ConvertAll(key => members[key]));
    }

    private static bool IsScaledVariant(NetworkSpec spec)
        => spec.BaseTypeName is not null && spec.BaseArgument == nameof(NetworkAttribute.BasedOn);
}
