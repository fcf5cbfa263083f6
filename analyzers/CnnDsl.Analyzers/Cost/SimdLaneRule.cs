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
        if (lanes <= 1) return;
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
            foreach (var (argument, channels) in Widths(layer))
            {
                if (channels <= 0 || channels % lanes == 0) continue;
                int suggested = CostAlternatives.RoundChannels(channels, lanes);
                int idle = CostAlternatives.IdleLanes(channels, lanes);
                var properties = ImmutableDictionary<string, string?>.Empty
                    .Add(CostProperties.Argument, argument)
                    .Add(CostProperties.Suggested, suggested.ToString(CultureInfo.InvariantCulture));
                cost.Report(Descriptors.SimdLanesWasted, attribute, argument, properties,
                    row.Name, argument, Text(channels), Text(lanes), Text(idle),
                    (100.0 * CostAlternatives.IdleLaneFraction(channels, lanes)).ToString("0.0", CultureInfo.InvariantCulture) + "%",
                    Text(suggested));
            }
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The channel counts written in a layer's arguments, by constructor parameter name (each layer kind knows its own).</summary>
    private static IEnumerable<(string Argument, int Channels)> Widths(LayerSpec layer) => Layers.Layers.For(layer.Kind).ChannelArguments(layer);
}
