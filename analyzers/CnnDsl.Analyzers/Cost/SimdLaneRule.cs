using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using CnnDsl.Diagnostics;
using CnnDsl.Model;
using CnnDsl.Text;

namespace CnnDsl.Analyzers;

/// <summary>
/// CNN0105: a channel count the user chose (filters, units, Inception columns) that is not a multiple of
/// <see cref="CostOptions.SimdLanes"/>. The network's last channel-setting layer is exempt: its width is the task's
/// (10 classes, 3 colors), not a design choice.
/// </summary>
internal static class SimdLaneRule
{
    public static void Check(CostContext cost)
    {
        int lanes = cost.Options.SimdLanes;
        if (lanes <= 1 || !cost.IsShown(Descriptors.SimdLanesWasted)) return;
        var layers = new List<(LayerRow Row, LayerSpec Layer, Microsoft.CodeAnalysis.AttributeData Attribute)>(cost.Layers());
        int last = -1;
        for (int i = 0; i < layers.Count; i++)
        {
            if (Widths(layers[i].Layer).Any()) last = i;
        }

        for (int i = 0; i < layers.Count; i++)
        {
            if (i == last) continue;
            var (row, layer, attribute) = layers[i];
            Report(cost, layer, attribute, row.Name, "");
        }
    }

    /// <summary>
    /// The members of block <paramref name="blockTypeName"/>: once per member attribute, however often and by however
    /// many networks the block is used (the message says how often). None is exempt: a block has no classifier, so
    /// every width in it is a design choice.
    /// </summary>
    public static void Check(AdviceContext advice, string blockTypeName, IReadOnlyList<BlockMember> members)
    {
        if (advice.Options.SimdLanes <= 1 || !advice.IsShown(Descriptors.SimdLanesWasted)) return;
        foreach (var member in members)
        {
            Report(advice, member.Layer, member.Attribute, member.Display, member.UsesText(blockTypeName));
        }
    }

    private static void Report(AdviceContext cost, LayerSpec layer, Microsoft.CodeAnalysis.AttributeData attribute, string name, string uses)
    {
        int lanes = cost.Options.SimdLanes;
        foreach (var (argument, channels) in Widths(layer))
        {
            if (channels <= 0 || channels % lanes == 0) continue;
            int suggested = CostAlternatives.RoundChannels(channels, lanes);
            int idle = CostAlternatives.IdleLanes(channels, lanes);
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(CostProperties.Argument, argument)
                .Add(CostProperties.Suggested, suggested.ToString(CultureInfo.InvariantCulture));
            cost.Report(Descriptors.SimdLanesWasted, attribute, argument, properties,
                name, argument, Text(channels), Text(lanes), Text(idle),
                (100.0 * CostAlternatives.IdleLaneFraction(channels, lanes)).ToString("0.0", CultureInfo.InvariantCulture) + "%",
                Text(suggested), uses);
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The channel counts written in a layer's arguments, by constructor parameter name (each layer kind knows its own).</summary>
    private static IEnumerable<(string Argument, int Channels)> Widths(LayerSpec layer) => Layers.Layers.For(layer.Kind).ChannelArguments(layer);
}
