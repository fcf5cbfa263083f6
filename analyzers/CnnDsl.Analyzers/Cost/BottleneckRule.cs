using System.Collections.Immutable;
using System.Globalization;
using CnnDsl.Diagnostics;
using CnnDsl.Model;
using CnnDsl.Operations;
using CnnDsl.Text;

namespace CnnDsl.Analyzers;

/// <summary>
/// CNN0101: a KxK convolution (K &gt; 1) that a 1x1 bottleneck in front would make at least
/// <see cref="CostOptions.BottleneckMinFactor"/> times cheaper. The width is <see cref="CostAlternatives.BottleneckWidth"/>
/// with <see cref="CostOptions.BottleneckWidthRatio"/>, in multiples of <see cref="CostOptions.SimdLanes"/>.
/// </summary>
internal static class BottleneckRule
{
    public static void Check(AdviceContext cost)
    {
        if (!cost.IsShown(Descriptors.BottleneckSuggested)) return;
        foreach (var site in cost.Convolutions())
        {
            // Only a [Conv] as written: a composite's convolutions (Inception's) already have their 1x1 reduce in front.
            var (node, conv) = (site.Node, site.Conv);
            if (!site.IsConvAttribute || !CostAlternatives.IsSpatialConv(node) || !cost.IsCostly(site)) continue;
            if (Advice(cost, node, conv) is not { } alternative) continue;
            int width = alternative.Width;

            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(CostProperties.Width, width.ToString(CultureInfo.InvariantCulture));
            cost.Report(Descriptors.BottleneckSuggested, site.Attribute, null, properties,
                site.Name, Kernel(conv), node.Input.ToString(), node.Output.ToString(),
                CostFormat.Short(alternative.Original), width.ToString(CultureInfo.InvariantCulture),
                CostFormat.Short(alternative.Reduce), CostFormat.Short(alternative.Spatial), CostFormat.Short(alternative.Total),
                CostFormat.Factor(alternative.Factor), site.UsesText());
        }
    }

    /// <summary>The bottleneck this rule advises for a costly spatial convolution, or null.</summary>
    internal static BottleneckCost? Advice(AdviceContext cost, Node node, ConvOperation conv)
    {
        int width = CostAlternatives.BottleneckWidth(node.Input.Channels, conv.Filters, cost.Options.BottleneckWidthRatio, cost.Options.SimdLanes);
        if (width == 0) return null;
        var alternative = CostAlternatives.Bottleneck(node, width);
        return alternative.Factor < cost.Options.BottleneckMinFactor ? null : alternative;
    }

    internal static string Kernel(ConvOperation conv) => Window.Kernel(conv.Window.KernelH, conv.Window.KernelW);
}
