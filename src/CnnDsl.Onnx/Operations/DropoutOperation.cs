using System.Collections.Generic;
using Onnx;
using static CnnDsl.Onnx.OnnxAttributes;

namespace CnnDsl.Onnx;

/// <summary>Dropout: identity at inference, so nothing is written; an ONNX Dropout or Identity is looked through on import.</summary>
internal sealed class DropoutOperation : IOnnxOperation
{
    public Op Op => Op.Dropout;

    public IReadOnlyList<string> ScaffoldedFrom => ["Dropout"];

    public string Export(OnnxGraphWriter writer, NodeInfo node, IReadOnlyList<string> inputs) => inputs[0];

    public string Import(OnnxGraphMatcher matcher, NodeInfo node, List<NodeProto> covered)
    {
        string input = matcher.Value(node.Inputs[0]);
        return matcher.TakeSingle(input, covered, "Dropout", "Identity") is { } dropout ? dropout.Output[0] : input;
    }

    public string Scaffold(OnnxScaffoldWalker walker, NodeProto node, string value, List<ScaffoldItem> items)
    {
        walker.Use(node);
        float ratio = node.Input.Count > 1 && node.Input[1].Length > 0 ? walker.File.ReadScalar(node.Input[1]) ?? 0.5f : Float(node, "ratio", 0.5f);
        items.Add(new LayerItem(OnnxScaffoldWalker.Inv($"Dropout({(double)ratio:R})")) { Op = Op.Dropout });
        return walker.Done(node.Output[0], walker.Shape(value));
    }
}
