using System;
using System.Collections.Generic;
using System.Linq;
using Onnx;
using static CnnDsl.Onnx.OnnxAttributes;
using static CnnDsl.Onnx.OnnxGraphMatcher;

namespace CnnDsl.Onnx;

/// <summary>Mean over height and width: ONNX GlobalAveragePool, or an AveragePool whose window is the whole unpadded input.</summary>
internal sealed class GlobalAvgPoolOperation : IOnnxOperation
{
    public Op Op => Op.GlobalAvgPool;

    public IReadOnlyList<string> ScaffoldedFrom => ["GlobalAveragePool"];

    /// <summary>The scaffolded layer.</summary>
    public static readonly LayerItem Item = new("GlobalAvgPool") { Op = Op.GlobalAvgPool };

    public string Export(OnnxGraphWriter writer, NodeInfo node, IReadOnlyList<string> inputs)
        => writer.Add("GlobalAveragePool", node.Name, [inputs[0]]);

    public string Import(OnnxGraphMatcher matcher, NodeInfo node, List<NodeProto> covered)
    {
        var global = matcher.Pick(node, matcher.Value(node.Inputs[0]), ["GlobalAveragePool", "AveragePool"], candidate =>
        {
            if (candidate.OpType == "GlobalAveragePool") return null;
            long[] k = Ints(candidate, "kernel_shape") ?? Array.Empty<long>();
            long[] pads = OnnxWindow.Pads(node with { KernelH = (int)k.ElementAtOrDefault(0), KernelW = (int)k.ElementAtOrDefault(1) }, candidate, 1, 1);
            long[] whole = { node.Input.Height, node.Input.Width };
            if (!k.SequenceEqual(whole) || pads.Any(p => p != 0)) return Differ("window", "global average over " + node.Input.Height + "x" + node.Input.Width, "AveragePool kernel " + List(k) + ", pads " + List(pads));
            return null;
        }, covered);
        return OnnxActivation.Import(matcher, node, global.Output[0], covered);
    }

    public string Scaffold(OnnxScaffoldWalker walker, NodeProto node, string value, List<ScaffoldItem> items)
    {
        walker.Use(node);
        items.Add(Item);
        return walker.Done(node.Output[0], walker.Shape(value) with { H = 1, W = 1 });
    }
}
