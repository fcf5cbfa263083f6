using System.Collections.Generic;
using System.Globalization;
using CnnDsl.Model;
using CnnDsl.Operations;
using Microsoft.CodeAnalysis;

namespace CnnDsl.Analyzers;

/// <summary>
/// One place the user wrote a standard convolution, with every node the network lowers from it: a <c>[Conv]</c> on
/// the network, a <c>[Conv]</c> on a <c>[Block]</c> member (one site however often the block is used), or the
/// argument of a composite that sets one of its convolutions (Inception's n3x3 and n5x5). Advice is judged on the
/// costliest use (<see cref="Node"/>), and given when all uses together are a real share (<see cref="Share"/>) of
/// the network; a block used by several networks takes the largest share.
/// </summary>
internal sealed record ConvolutionSite(
    LayerSpec Layer,
    AttributeData Attribute,
    string? Argument,
    Node Node,
    ConvOperation Conv,
    double Share,
    int Uses,
    EquatableArray<Shape> InputShapes,
    EquatableArray<string> Networks,
    string? BlockTypeName)
{
    /// <summary>How the user wrote the layer inside a block ("branch 'Main', layer 1 Conv"), null for a layer on the network.</summary>
    public string? Display { get; init; }

    /// <summary>The name messages give: <see cref="Display"/> inside a block (with the composite's column), else the node's name.</summary>
    public string Name => Display is null ? Node.Name
        : Argument is null ? Display : Display + " (" + Node.Name.Substring(Node.Name.LastIndexOf('.') + 1) + ")";

    /// <summary>Whether the site is a <c>[Conv]</c> attribute (so the code fixes can rewrite it), not a composite's argument.</summary>
    public bool IsConvAttribute => Layer.Kind == LayerKind.Conv && Argument is null;

    /// <summary>
    /// The end of the message for a site inside a block: which block, how often the network uses it and that the
    /// numbers are the costliest use's. Empty for a layer written on the network.
    /// </summary>
    public string UsesText()
    {
        if (BlockTypeName is null) return "";
        string shapes = InputShapes.Count > 1 ? " at " + InputShapes.Count.ToString(CultureInfo.InvariantCulture) + " input shapes, the costliest shown" : "";
        return UsesText(BlockTypeName, Uses, Networks, shapes);
    }

    /// <summary>" (in block 'B', used 3 times by 'Net', 'Other'{detail})".</summary>
    internal static string UsesText(string blockTypeName, int uses, IReadOnlyList<string> networks, string detail)
    {
        string times = uses == 1 ? "once" : uses.ToString(CultureInfo.InvariantCulture) + " times";
        return " (in block '" + ShortName(blockTypeName) + "', used " + times + " by '" + string.Join("', '", networks) + "'" + detail + ")";
    }

    /// <summary>
    /// One site from the same site in several networks: every use and input shape, the costliest node, the largest
    /// share. Networks are listed in the order given (the caller sorts them).
    /// </summary>
    public static ConvolutionSite Merge(IReadOnlyList<ConvolutionSite> sites)
    {
        var first = sites[0];
        var costliest = first;
        int uses = 0;
        double share = 0;
        var shapes = new List<Shape>();
        var networks = new List<string>();
        foreach (var site in sites)
        {
            uses += site.Uses;
            if (site.Share > share) share = site.Share;
            if (site.Node.MultiplyAdds > costliest.Node.MultiplyAdds) costliest = site;
            foreach (var shape in site.InputShapes) if (!shapes.Contains(shape)) shapes.Add(shape);
            foreach (var network in site.Networks) if (!networks.Contains(network)) networks.Add(network);
        }
        return costliest with { Share = share, Uses = uses, InputShapes = shapes.ToEquatableArray(), Networks = networks.ToEquatableArray() };
    }

    /// <summary>
    /// The sites of a built network in the order of their first node. Backbone layers are left out (they are advised
    /// on where the backbone is defined), and so are nodes whose attribute cannot be found (never an exception).
    /// </summary>
    public static List<ConvolutionSite> Find(NetworkSpec spec, NetworkModel model, IReadOnlyList<AttributeData> sources, string network)
    {
        long networkMultiplyAdds = model.MultiplyAdds;
        var layers = new Dictionary<int, (LayerSpec Layer, string? Block, string? Display)>();
        foreach (var layer in spec.Layers) Collect(layer, null, null, layers);

        var groups = new Dictionary<(int SourceId, string? Argument), List<Node>>();
        var order = new List<(int SourceId, string? Argument)>();
        foreach (var node in model.Nodes)
        {
            if (node.Operation is not ConvOperation || node.LayerIndex < spec.BackboneLayers) continue;
            if (node.SourceId < 0 || node.SourceId >= sources.Count || !layers.TryGetValue(node.SourceId, out var found)) continue;
            string? argument = null;
            if (found.Layer.Kind != LayerKind.Conv)
            {
                argument = Layers.Layers.For(found.Layer.Kind).ConvolutionArgument(node.Name);
                if (argument is null) continue;
            }
            var key = (node.SourceId, argument);
            if (!groups.TryGetValue(key, out var nodes))
            {
                groups[key] = nodes = new List<Node>();
                order.Add(key);
            }
            nodes.Add(node);
        }

        var sites = new List<ConvolutionSite>(order.Count);
        foreach (var key in order)
        {
            var nodes = groups[key];
            var costliest = nodes[0];
            long total = 0;
            var shapes = new List<Shape>();
            foreach (var node in nodes)
            {
                total += node.MultiplyAdds;
                if (!shapes.Contains(node.Input)) shapes.Add(node.Input);
                if (node.MultiplyAdds > costliest.MultiplyAdds) costliest = node;
            }
            var (layer, block, display) = layers[key.SourceId];
            double share = networkMultiplyAdds > 0 ? (double)total / networkMultiplyAdds : 0;
            sites.Add(new ConvolutionSite(layer, sources[key.SourceId], key.Argument, costliest, (ConvOperation)costliest.Operation,
                share, nodes.Count, shapes.ToEquatableArray(), new[] { network }.ToEquatableArray(), block) { Display = display });
        }
        return sites;
    }

    /// <summary>Every layer attribute by source id, with the innermost block (its type's display name) it is written in and how, null on the network.</summary>
    private static void Collect(LayerSpec layer, string? block, string? display, Dictionary<int, (LayerSpec, string?, string?)> layers)
    {
        if (layers.ContainsKey(layer.SourceId)) return; // a block used twice is read once: its members are already in
        layers[layer.SourceId] = (layer, block, display);
        if (layer.Block is not { } used) return;
        foreach (var branch in used.Branches)
        {
            for (int k = 0; k < branch.Layers.Count; k++) Collect(branch.Layers[k], used.TypeName, MemberDisplay(branch, k), layers);
        }
    }

    /// <summary>"branch 'Main', layer 2 Conv" (and the layer's Name when it has one): a block member as written.</summary>
    internal static string MemberDisplay(BranchSpec branch, int index)
    {
        var layer = branch.Layers[index];
        return "branch '" + branch.MemberName + "', layer " + (index + 1).ToString(CultureInfo.InvariantCulture) + " "
            + Layers.Layers.For(layer.Kind).KindName(layer) + (layer.Name is null ? "" : " '" + layer.Name + "'");
    }

    internal static string ShortName(string typeName)
    {
        int dot = typeName.LastIndexOf('.');
        return dot >= 0 ? typeName.Substring(dot + 1) : typeName;
    }
}
