using System.Collections.Immutable;
using System.Globalization;
using CnnDsl.Diagnostics;
using CnnDsl.Model;
using CnnDsl.Operations;
using CnnDsl.Text;

namespace CnnDsl.Analyzers;

/// <summary>
/// CNN0107: a square nxn convolution (n &gt;= 5, stride 1, undilated, ungrouped, padded by mode) that Inception v3's
/// factorization would make at least <see cref="CostOptions.FactorizationMinFactor"/> times cheaper: a 5x5 as two
/// 3x3s, a larger one as a 1xn then an nx1. One piece of advice per layer: quiet when CNN0101's bottleneck or
/// CNN0102's separable form (when shown) saves more, as for the course's 5x5 on 192 channels.
/// </summary>
internal static class FactorizationRule
{
    public static void Check(CostContext cost)
    {
        foreach (var (row, layer, attribute) in cost.Layers())
        {
            if (layer.Kind != LayerKind.Conv || cost.SingleNode(row) is not { Operation: ConvOperation conv } node || !cost.IsCostly(row)) continue;
            var w = conv.Window;
            if (w.KernelH != w.KernelW || w.KernelH < 5 || w.StrideH != 1 || w.StrideW != 1 || w.Dilated || conv.Groups != 1) continue;
            // Explicit pads would have to be split between the two convolutions: only padding modes carry over as written.
            if (layer.Pad >= 0 || layer.HasExplicitPads || node.Input.Channels <= 0) continue;
            var alternative = CostAlternatives.Factorized(node);
            if (alternative.Factor < cost.Options.FactorizationMinFactor || Outdone(cost, node, conv, alternative.Factor)) continue;

            string n = w.KernelH.ToString(CultureInfo.InvariantCulture);
            string form = alternative.Asymmetric ? "a 1x" + n + " then a " + n + "x1 convolution" : "two 3x3 convolutions";
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(CostProperties.Factorization, alternative.Asymmetric ? CostProperties.FactorizationAsymmetric : CostProperties.FactorizationTwoBy3);
            cost.Report(Descriptors.FactorizationSuggested, attribute, null, properties,
                row.Name, BottleneckRule.Kernel(conv), node.Input.ToString(), node.Output.ToString(), CostFormat.Short(alternative.Original),
                form, CostFormat.Short(alternative.First), CostFormat.Short(alternative.Second), CostFormat.Short(alternative.Total),
                CostFormat.Factor(alternative.Factor));
        }
    }

    /// <summary>Whether the bottleneck or separable advice, when on, is reported for the layer with a larger saving.</summary>
    private static bool Outdone(CostContext cost, Node node, ConvOperation conv, double factor)
        => (cost.IsShown(Descriptors.BottleneckSuggested) && BottleneckRule.Advice(cost, node, conv) is { } bottleneck && bottleneck.Factor >= factor)
           || (cost.IsShown(Descriptors.SeparableSuggested) && SeparableRule.Advice(cost, node) is { } separable && separable.Factor >= factor);
}
