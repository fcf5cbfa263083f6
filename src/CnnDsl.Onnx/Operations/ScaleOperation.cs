using System;
using System.Collections.Generic;
using System.Linq;
using Onnx;
using static CnnDsl.Onnx.OnnxAttributes;

namespace CnnDsl.Onnx;

/// <summary>
/// Channelwise scaling, squeeze-and-excitation's excite: ONNX Mul of the NCHW map [N, C, H, W] and the gate
/// [N, C, 1, 1] (broadcast over height and width). The scaffolder writes a fork into global pooling, a 1x1 reduce and
/// a 1x1 expand with Sigmoid that meets the map again in a Mul as <c>[SqueezeExcite(ratio)]</c>.
/// </summary>
internal sealed class ScaleOperation : IOnnxMergeOperation
{
    public Op Op => Op.Scale;

    public IReadOnlyList<string> ScaffoldedFrom => ["Mul"];

    public string Export(OnnxGraphWriter writer, NodeInfo node, IReadOnlyList<string> inputs)
        => writer.Add("Mul", node.Name, [inputs[0], inputs[1]]);

    public string Import(OnnxGraphMatcher matcher, NodeInfo node, List<NodeProto> covered)
    {
        string map = matcher.Value(node.Inputs[0]), gate = matcher.Value(node.Inputs[1]);
        var readers = matcher.Unused(map);
        // Either operand order computes the same product.
        var mul = readers.FirstOrDefault(n => n.OpType == "Mul" && n.Input.Count == 2 && n.Input.Contains(map) && n.Input.Contains(gate) && (map != gate || n.Input[0] == n.Input[1]));
        if (mul is null)
        {
            string found = readers.Count == 0 ? "no unmatched node reads it" : "its readers are " + string.Join(", ", readers.Select(n => $"{n.OpType} '{Label(n)}' (inputs {string.Join(", ", n.Input)})"));
            throw new WeightsMismatchException(node.Name,
                $"DSL layer {node.Label} (Scale of '{matcher.Graph[node.Inputs[0]].Name}' by the gate '{matcher.Graph[node.Inputs[1]].Name}', shape {node.Output}) has no ONNX counterpart: "
                + $"no Mul reads the ONNX values '{map}' and '{gate}'; {found}.");
        }
        matcher.Take(mul, covered);
        return OnnxActivation.Import(matcher, node, mul.Output[0], covered);
    }

    public string Scaffold(OnnxScaffoldWalker walker, NodeProto node, string value, List<ScaffoldItem> items)
        => walker.Unexpressible(node, value, items, "a Mul by a constant or outside squeeze-and-excitation");

    public string ScaffoldMerge(OnnxScaffoldWalker walker, NodeProto merge, string fork, IReadOnlyList<ScaffoldBranch> branches, List<ScaffoldItem> items)
    {
        var identity = branches.FirstOrDefault(b => b.Identity);
        var gate = branches.FirstOrDefault(b => !b.Identity);
        if (branches.Count != 2 || identity is null || gate is null || SqueezeExcite(gate, identity.Shape.C) is not { } item)
        {
            return walker.Unexpressible(merge, fork, items, "a Mul of branches that is not squeeze-and-excitation (pool, 1x1 reduce, 1x1 expand with Sigmoid)");
        }
        items.Add(item);
        string output = walker.Done(merge.Output[0], identity.Shape);
        string act = walker.ActAfter(ref output, identity.Shape);
        if (act != "") items.Add(ActivationOperation.Item(act));
        return output;
    }

    /// <summary>The <c>[SqueezeExcite]</c> layer when <paramref name="gate"/> is its gate branch on <paramref name="channels"/> channels.</summary>
    private static LayerItem? SqueezeExcite(ScaffoldBranch gate, long channels)
    {
        if (gate.Items is not [LayerItem { Op: Op.GlobalAvgPool }, LayerItem { Op: Op.Conv, PlainPointwise: true } reduce, LayerItem { Op: Op.Conv, PlainPointwise: true, Act: "Act = Act.Sigmoid" } expand]
            || expand.Filters != channels || reduce.Filters < 1)
        {
            return null;
        }
        // SqueezeExcite squeezes to max(1, floor(channels * ratio)): find a ratio that gives back reduce.Filters.
        double ratio = (double)reduce.Filters / channels;
        if (Math.Floor(channels * ratio) != reduce.Filters) ratio = (reduce.Filters + 0.5) / channels;
        string act = reduce.Act == "" ? "Act = Act.None" : reduce.Act;
        string args = OnnxScaffoldWalker.Inv($"{ratio:R}") + (act == "Act = Act.Swish" ? "" : ", " + act);
        return new LayerItem("SqueezeExcite(" + args + ")") { Op = Op.Scale, Filters = reduce.Filters, Act = reduce.Act };
    }
}
