using System.Collections.Immutable;
using System.Globalization;
using CnnDsl.Diagnostics;
using CnnDsl.Model;
using CnnDsl.Operations;
using CnnDsl.Text;

namespace CnnDsl.Analyzers;

/// <summary>
/// CNN0102: a standard KxK convolution on at least <see cref="CostOptions.SeparableMinInputChannels"/> channels that a
/// depthwise-separable one would make at least <see cref="CostOptions.SeparableMinFactor"/> times cheaper.
/// </summary>
internal static class SeparableRule
{
    public static void Check(AdviceContext cost)
    {
        if (!cost.IsShown(Descriptors.SeparableSuggested)) return;
        foreach (var site in cost.Convolutions())
        {
            var (node, conv) = (site.Node, site.Conv);
            if (!CostAlternatives.IsSpatialConv(node) || !cost.IsCostly(site)) continue;
            if (Advice(cost, node) is not { } alternative) continue;

            // A composite's argument has no local rewrite (the fix would have to take the composite apart): no properties, no fix.
            var properties = !site.IsConvAttribute ? null : ImmutableDictionary<string, string?>.Empty
                .Add(CostProperties.Form, FitsComposite(site.Layer) ? CostProperties.FormComposite : CostProperties.FormPair)
                .Add(CostProperties.Kernel, conv.Window.KernelH.ToString(CultureInfo.InvariantCulture));
            cost.Report(Descriptors.SeparableSuggested, site.Attribute, site.Argument, properties,
                site.Name, BottleneckRule.Kernel(conv), node.Input.ToString(), node.Output.ToString(),
                CostFormat.Short(alternative.Original), CostFormat.Short(alternative.Depthwise), CostFormat.Short(alternative.Pointwise),
                CostFormat.Short(alternative.Total), CostFormat.Factor(alternative.Factor),
                conv.Filters.ToString(CultureInfo.InvariantCulture), conv.Window.KernelH.ToString(CultureInfo.InvariantCulture) + "^2", site.UsesText());
        }
    }

    /// <summary>The separable design this rule advises for a costly spatial convolution, or null.</summary>
    internal static SeparableCost? Advice(AdviceContext cost, Node node)
    {
        if (node.Input.Channels < cost.Options.SeparableMinInputChannels) return null;
        var alternative = CostAlternatives.Separable(node);
        return alternative.Factor < cost.Options.SeparableMinFactor ? null : alternative;
    }

    /// <summary>
    /// [DepthwiseSeparable] always pads Same, has biases and no batch norm: only then can it replace the convolution.
    /// Padding is judged as a whole: Padding, Pad and the four explicit pads (which override the other two).
    /// </summary>
    private static bool FitsComposite(LayerSpec layer)
        => layer.KernelW == layer.Kernel && layer.StrideW == layer.Stride && layer.Pad < 0 && !layer.HasExplicitPads && layer.Padding == Padding.Same && layer.Bias && !layer.BatchNorm;
}
