using System.Collections.Generic;
using System.Linq;
using Onnx;
using static CnnDsl.Onnx.OnnxAttributes;

namespace CnnDsl.Onnx;

/// <summary>
/// Elementwise sum (ONNX Add chains or Sum) and channel concatenation (ONNX Concat on axis 1) of branches; the
/// scaffolder writes the fork and its merge as a <c>[Block(Merge = ...)]</c>.
/// </summary>
internal sealed class MergeOperation(Op op) : IOnnxMergeOperation
{
    public Op Op => op;

    public IReadOnlyList<string> ScaffoldedFrom => op == Op.Add ? ["Add", "Sum"] : ["Concat"];

    private string Kind => op == Op.Add ? "Add" : "Concat";

    public string Export(OnnxGraphWriter writer, NodeInfo node, IReadOnlyList<string> inputs)
    {
        if (op == Op.Concat) return writer.Add("Concat", node.Name, inputs, OnnxGraphWriter.Int("axis", 1));
        string sum = inputs[0];
        for (int k = 1; k < inputs.Count; k++) sum = writer.Add("Add", k == inputs.Count - 1 ? node.Name : node.Name + "/add", [sum, inputs[k]]);
        return sum;
    }

    public string Import(OnnxGraphMatcher matcher, NodeInfo node, List<NodeProto> covered)
    {
        var inputs = node.Inputs.Select(matcher.Value).ToList();
        foreach (var candidate in matcher.Unused(inputs[0]))
        {
            bool fits = op == Op.Add
                ? candidate.OpType is "Add" or "Sum" && candidate.Input.Count == inputs.Count && inputs.All(candidate.Input.Contains)
                : candidate.OpType == "Concat" && candidate.Input.SequenceEqual(inputs) && Int(candidate, "axis", 1) == 1;
            if (!fits) continue;
            matcher.Take(candidate, covered);
            return OnnxActivation.Import(matcher, node, candidate.Output[0], covered);
        }
        var consumers = matcher.Unused(inputs[0]);
        string found = consumers.Count == 0 ? "no unmatched node reads it" : "its readers are " + string.Join(", ", consumers.Select(n => $"{n.OpType} '{Label(n)}' (inputs {string.Join(", ", n.Input)})"));
        throw new WeightsMismatchException(node.Name,
            $"DSL layer {node.Label} ({Kind} of {string.Join(", ", node.Inputs.Select(i => "'" + matcher.Graph[i].Name + "'"))}, shape {node.Output}) has no ONNX counterpart: "
            + $"no {Kind} node reads exactly the ONNX values {string.Join(", ", inputs.Select(v => "'" + v + "'"))}; {found}.");
    }

    public string Scaffold(OnnxScaffoldWalker walker, NodeProto node, string value, List<ScaffoldItem> items)
        => walker.Unexpressible(node, value, items, "an " + node.OpType + " with a constant operand");

    public string ScaffoldMerge(OnnxScaffoldWalker walker, NodeProto merge, string fork, IReadOnlyList<ScaffoldBranch> branches, List<ScaffoldItem> items)
    {
        if (op == Op.Concat && Int(merge, "axis", 1) != 1) return walker.Unexpressible(merge, fork, items, "a Concat that is not along channels");
        var first = branches[0].Shape;
        var shape = op == Op.Concat ? first with { C = branches.Sum(b => b.Shape.C) } : first;
        string output = walker.Done(merge.Output[0], shape);
        string act = walker.ActAfter(ref output, shape);
        items.Add(new BlockItem("Merge." + Kind, act, branches));
        return output;
    }
}
