using System;
using System.Collections.Generic;
using System.Linq;
using Onnx;
using static CnnDsl.Onnx.OnnxAttributes;

namespace CnnDsl.Onnx;

/// <summary>
/// HxWxC to 1x1x(HWC), in NHWC order: written as Transpose to NHWC + Flatten + Reshape to [N, F, 1, 1]; on import
/// any chain of layout nodes, remembering when the features were flattened in NCHW (c, h, w) order so that the dense
/// layer after them permutes its weights.
/// </summary>
internal sealed class FlattenOperation : IOnnxOperation
{
    public Op Op => Op.Flatten;

    public IReadOnlyList<string> ScaffoldedFrom => ["Flatten", "Reshape", "Squeeze", "Unsqueeze", "Transpose"];

    public string Export(OnnxGraphWriter writer, NodeInfo node, IReadOnlyList<string> inputs)
        => AsChannels(writer, node.Name, FlattenNhwc(writer, node.Name, inputs[0]));

    public string Import(OnnxGraphMatcher matcher, NodeInfo node, List<NodeProto> covered)
        => ImportLayout(matcher, matcher.Value(node.Inputs[0]), node.Input, covered);

    public string Scaffold(OnnxScaffoldWalker walker, NodeProto node, string value, List<ScaffoldItem> items)
    {
        var shape = walker.Shape(value);
        var flat = new ScaffoldShape(1, 1, shape.H * shape.W * shape.C);
        if (node.OpType == "Transpose")
        {
            if (walker.File.IsGraphOutput(node.Output[0]))
            {
                // Back to NHWC at the end, as the exporter writes: the DSL's own layout.
                walker.Use(node);
                return walker.Done(node.Output[0], shape);
            }
            if (OnnxGraphMatcher.SameInts(Ints(node, "perm"), 0, 2, 3, 1) && walker.Unused(node.Output[0]) is { Count: 1 } after && after[0].OpType is "Flatten" or "Reshape")
            {
                // NHWC flattening, as CnnDsl's exporter writes a dense layer's input: the DSL's own Flatten order.
                walker.Use(node);
                walker.Use(after[0]);
                if (shape.H * shape.W > 1) items.Add(Item);
                return walker.Done(after[0].Output[0], flat);
            }
            return walker.Unexpressible(node, value, items, "a Transpose that is not a flatten in NHWC order");
        }
        // On 1x1 data these change no value's position; on a map, flattening is [Flatten] (NCHW order is handled by
        // the importer, which permutes the following dense weights).
        walker.Use(node);
        if (shape.H * shape.W > 1 && node.OpType is "Flatten" or "Reshape") items.Add(Item);
        else if (shape.H * shape.W > 1) return walker.Unexpressible(node, value, items, "a reshape of a spatial map");
        return walker.Done(node.Output[0], flat);
    }

    private static readonly LayerItem Item = new("Flatten") { Op = Op.Flatten };

    /// <summary>NCHW [N, C, H, W] to [N, H*W*C] in NHWC order.</summary>
    public static string FlattenNhwc(OnnxGraphWriter writer, string name, string input)
    {
        string nhwc = writer.Add("Transpose", name + "/nhwc", [input], OnnxGraphWriter.Ints("perm", 0, 2, 3, 1));
        return writer.Add("Flatten", name + "/flatten", [nhwc], OnnxGraphWriter.Int("axis", 1));
    }

    /// <summary>[N, F] to NCHW [N, F, 1, 1], so that every node's value is 4-D.</summary>
    public static string AsChannels(OnnxGraphWriter writer, string name, string features)
        => writer.Add("Reshape", name + "/nchw", [features, writer.AddInt64Constant(name + "/shape", 0, -1, 1, 1)]);

    /// <summary>Consumes a chain of layout nodes (Transpose, Flatten, Reshape, Squeeze, Unsqueeze) and records the feature order.</summary>
    public static string ImportLayout(OnnxGraphMatcher matcher, string input, TensorShape shape, List<NodeProto> covered)
    {
        string value = input;
        bool transposedToNhwc = false, flattened = false;
        while (true)
        {
            var next = matcher.Unused(value);
            if (next.Count != 1) break;
            var n = next[0];
            if (n.OpType == "Transpose" && OnnxGraphMatcher.SameInts(Ints(n, "perm"), 0, 2, 3, 1) && !flattened) transposedToNhwc = true;
            else if (n.OpType is "Flatten" or "Reshape") flattened = true;
            else if (n.OpType is not ("Squeeze" or "Unsqueeze" or "Identity")) break;
            matcher.Take(n, covered);
            value = n.Output[0];
        }
        var nchw = matcher.NchwFlattened;
        if (flattened && !transposedToNhwc && shape.Height * shape.Width > 1) matcher.MarkNchwFlattened(value, nchw.GetValueOrDefault(input, shape));
        else if (nchw.TryGetValue(input, out var earlier)) matcher.MarkNchwFlattened(value, earlier);
        return value;
    }
}
