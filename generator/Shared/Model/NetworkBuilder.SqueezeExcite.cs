using System;
using System.Globalization;
using CnnDsl.Diagnostics;

namespace CnnDsl.Model;

/// <summary>
/// EfficientNet's lowering: the MBConv block and squeeze-and-excitation, built from ordinary Conv nodes (so their
/// weights follow the Conv naming) plus one <see cref="OpKind.Scale"/> node for the channelwise gate.
/// </summary>
internal sealed partial class NetworkBuilder
{
    /// <summary>Squeezed channels as the reference implementation counts them: max(1, int(channels * ratio)).</summary>
    internal static int SqueezedChannels(int channels, double ratio)
        => (int)Math.Max(1.0, Math.Min(Math.Floor(channels * ratio), int.MaxValue));

    /// <summary>Most nodes a graph may have: repeats (or a depth multiplier) in the millions would otherwise exhaust memory and hang the IDE.</summary>
    public const int MaxNodes = 100_000;

    /// <summary>Reports and returns true once the graph has outgrown <see cref="MaxNodes"/> (checked by every repeat loop).</summary>
    private bool TooManyNodes(LayerSpec layer, string name)
    {
        if (_nodes.Count <= MaxNodes) return false;
        Error(DiagnosticIds.TooLarge, layer, null, "the graph of layer '" + name + "'", "more than " + Num(MaxNodes) + " nodes", Num(MaxNodes));
        return true;
    }

    /// <summary>
    /// Global average pool, 1x1 reduce to <paramref name="squeezed"/> with <paramref name="act"/>, 1x1 expand back with
    /// Sigmoid, then the input scaled per channel. The two 1x1 convolutions on a 1x1 input cost what the papers
    /// count for their fully connected layers (in x out each); the pooling and the scaling are not multiply-adds.
    /// </summary>
    private int SqueezeExcite(LayerSpec layer, int input, string name, int squeezed, ActKind act)
    {
        var shape = _nodes[input].Output;
        int pool = Add(new Node(0, OpKind.GlobalAvgPool, name + ".pool", One(input), shape, new Shape(1, 1, shape.Channels), _layerIndex));
        int reduce = Conv(layer, pool, name + ".reduce", squeezed, 1, 1, PaddingKind.Same, -1, act, true, false, false);
        if (reduce < 0) return -1;
        int gate = Conv(layer, reduce, name + ".expand", shape.Channels, 1, 1, PaddingKind.Same, -1, ActKind.Sigmoid, true, false, false);
        if (gate < 0) return -1;
        return Add(new Node(0, OpKind.Scale, name + ".scale", Two(input, gate), shape, shape, _layerIndex));
    }
}
