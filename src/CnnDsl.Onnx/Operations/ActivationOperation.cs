using System.Collections.Generic;
using Onnx;

namespace CnnDsl.Onnx;

/// <summary>A standalone activation: nothing of its own to write, then the node's activation (<see cref="OnnxActivation"/>).</summary>
internal sealed class ActivationOperation : IOnnxOperation
{
    public Op Op => Op.Activation;

    public IReadOnlyList<string> ScaffoldedFrom => Types;

    public string Export(OnnxGraphWriter writer, NodeInfo node, IReadOnlyList<string> inputs) => inputs[0];

    public string Import(OnnxGraphMatcher matcher, NodeInfo node, List<NodeProto> covered)
        => OnnxActivation.Import(matcher, node, matcher.Value(node.Inputs[0]), covered);

    public string Scaffold(OnnxScaffoldWalker walker, NodeProto node, string value, List<ScaffoldItem> items)
    {
        string output = value;
        string act = OnnxActivation.Take(walker, node, ref output, walker.Shape(value));
        if (act == "") return walker.Unexpressible(node, value, items, "an activation CnnDsl does not have");
        items.Add(Item(act));
        return output;
    }

    /// <summary>Whether <paramref name="node"/> is of a type an activation is scaffolded from.</summary>
    public static bool Scaffolds(NodeProto node) => OnnxModelFile.IsStandard(node) && System.Array.IndexOf(Types, node.OpType) >= 0;

    private static readonly string[] Types = ["Relu", "Clip", "Sigmoid", "HardSwish", "Softmax"];

    /// <summary>The <c>[Activation(Act.X)]</c> layer for the argument text <c>Act = Act.X</c>.</summary>
    public static LayerItem Item(string act) => new("Activation(" + act["Act = ".Length..] + ")") { Op = Op.Activation, Act = act };
}
