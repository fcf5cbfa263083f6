using System.Collections.Generic;
using CnnDsl.Model;
using Microsoft.CodeAnalysis;

namespace CnnDsl.Analyzers;

/// <summary>
/// One layer attribute written on a <c>[Block]</c> member, with how often the networks of the compilation apply the
/// block (each <c>Repeat</c> and each enclosing use counted) and which networks they are.
/// </summary>
/// <param name="Display">How the user wrote it: "branch 'Main', layer 2 Conv".</param>
internal sealed record BlockMember(LayerSpec Layer, string Display, AttributeData Attribute, int Uses, EquatableArray<string> Networks)
{
    /// <summary>"(in block 'B', used 3 times by 'Net')", as the convolution advice says it.</summary>
    public string UsesText(string blockTypeName) => ConvolutionSite.UsesText(blockTypeName, Uses, Networks, "");

    /// <summary>The layers written in block <paramref name="blockTypeName"/> that <paramref name="spec"/> uses, each with its number of applications.</summary>
    public static IEnumerable<(LayerSpec Layer, string Display, int Uses)> In(NetworkSpec spec, string blockTypeName)
    {
        var uses = new Dictionary<int, (LayerSpec Layer, string Display, int Uses)>();
        foreach (var layer in spec.Layers) Count(layer, blockTypeName, 1, uses);
        return uses.Values;
    }

    private static void Count(LayerSpec layer, string blockTypeName, int times, Dictionary<int, (LayerSpec Layer, string Display, int Uses)> uses)
    {
        if (layer.Block is not { } used) return;
        times *= layer.Repeat;
        foreach (var branch in used.Branches)
        {
            for (int k = 0; k < branch.Layers.Count; k++)
            {
                var inner = branch.Layers[k];
                if (used.TypeName == blockTypeName)
                {
                    string display = ConvolutionSite.MemberDisplay(branch, k);
                    uses[inner.SourceId] = uses.TryGetValue(inner.SourceId, out var seen) ? (inner, display, seen.Uses + times) : (inner, display, times);
                }
                Count(inner, blockTypeName, times, uses);
            }
        }
    }
}
