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
    public static void Check(AdviceContext cost)
    {
        if (!cost.IsShown(Descriptors.FactorizationSuggested)) return;
        foreach (var site in cost.Convolutions())
        {
            var (node, conv, layer) = (site.Node, site.Conv, site.Layer);
            if (!cost.IsCostly(site)) continue;
            var w = conv.Window;
            if (w.KernelH != w.KernelW || w.KernelH < 5 || w.StrideH != 1 || w.StrideW != 1 || w.Dilated || conv.Groups != 1) continue;
            // Explicit pads would have to be split between the two convolutions: only padding modes carry over as written.
            if (layer.Pad >= 0 || layer.HasExplicitPads || node.Input.Channels <= 0) continue;
            var alternative = CostAlternatives.Factorized(node);
            if (alternative.Factor < cost.Options.FactorizationMinFactor || Outdone(cost, site, alternative.Factor)) continue;

            string n = w.KernelH.ToString(CultureInfo.InvariantCulture);
            string form = alternative.Asymmetric ? "a 1x" + n + " then a " + n + "x1 convolution" : "two 3x3 convolutions";
            // A composite's argument has no local rewrite (the fix would have to take the composite apart): no properties, no fix.
            var properties = !site.IsConvAttribute ? null : ImmutableDictionary<string, string?>.Empty
                .Add(CostProperties.Factorization, alternative.Asymmetric ? CostProperties.FactorizationAsymmetric : CostProperties.FactorizationTwoBy3);
            cost.Report(Descriptors.FactorizationSuggested, site.Attribute, site.Argument, properties,
                site.Name, BottleneckRule.Kernel(conv), node.Input.ToString(), node.Output.ToString(), CostFormat.Short(alternative.Original),
                form, CostFormat.Short(alternative.First), CostFormat.Short(alternative.Second), CostFormat.Short(alternative.Total),
                CostFormat.Factor(alternative.Factor), site.UsesText());
        }
    }

    /// <summary>Whether the bottleneck (on a [Conv] only) or separable advice, when on, is reported for the site with a larger saving.</summary>
    private static bool Outdone(AdviceContext cost, ConvolutionSite site, double factor)
        => (site.IsConvAttribute && cost.IsShown(Descriptors.BottleneckSuggested) && BottleneckRule.Advice(cost, site.Node, site.Conv) is { } bottleneck && bottleneck.Factor >= factor)
           || (cost.IsShown(Descriptors.SeparableSuggested) && SeparableRule.Advice(cost, site.Node) is { } separable && separable.Factor >= factor);
}
