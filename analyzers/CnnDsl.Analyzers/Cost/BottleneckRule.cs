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
    public static void Check(CostContext cost)
    {
        foreach (var (row, layer, attribute) in cost.Layers())
        {
            if (layer.Kind != LayerKind.Conv || cost.SingleNode(row) is not { Operation: ConvOperation conv } node || !CostAlternatives.IsSpatialConv(node) || !cost.IsCostly(row)) continue;
            if (Advice(cost, node, conv) is not { } alternative) continue;
            int width = alternative.Width;

            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(CostProperties.Width, width.ToString(CultureInfo.InvariantCulture));
            cost.Report(Descriptors.BottleneckSuggested, attribute, null, properties,
                row.Name, Kernel(conv), node.Input.ToString(), node.Output.ToString(),
                CostFormat.Short(alternative.Original), width.ToString(CultureInfo.InvariantCulture),
                CostFormat.Short(alternative.Reduce), CostFormat.Short(alternative.Spatial), CostFormat.Short(alternative.Total),
                CostFormat.Factor(alternative.Factor));
        }
    }

    /// <summary>The bottleneck this rule advises for a costly spatial convolution, or null.</summary>
    internal static BottleneckCost? Advice(CostContext cost, Node node, ConvOperation conv)
    {
        int width = CostAlternatives.BottleneckWidth(node.Input.Channels, conv.Filters, cost.Options.BottleneckWidthRatio, cost.Options.SimdLanes);
        if (width == 0) return null;
        var alternative = CostAlternatives.Bottleneck(node, width);
        return alternative.Factor < cost.Options.BottleneckMinFactor ? null : alternative;
    }

    internal static string Kernel(ConvOperation conv) => Window.Kernel(conv.Window.KernelH, conv.Window.KernelW);
}
