using System;
using System.Collections.Generic;
using System.Linq;
using Onnx;
using static CnnDsl.Onnx.OnnxAttributes;
using static CnnDsl.Onnx.OnnxGraphMatcher;
using static CnnDsl.Onnx.OnnxScaffoldWalker;

namespace CnnDsl.Onnx;

/// <summary>
/// Max and average pooling: ONNX MaxPool and AveragePool (padding never counted, <c>count_include_pad = 0</c>;
/// ceil_mode read as extra end padding). An AveragePool over the whole unpadded input scaffolds as GlobalAvgPool.
/// </summary>
internal sealed class PoolOperation(Op op) : IOnnxOperation
{
    public Op Op => op;

    // Both instances scaffold both ONNX pools with the same code.
    public IReadOnlyList<string> ScaffoldedFrom => ["MaxPool", "AveragePool"];

    private string OnnxType => op == Op.MaxPool ? "MaxPool" : "AveragePool";

    public string Export(OnnxGraphWriter writer, NodeInfo node, IReadOnlyList<string> inputs)
        => op == Op.MaxPool
            ? writer.Add("MaxPool", node.Name, [inputs[0]], OnnxWindow.Export(node))
            : writer.Add("AveragePool", node.Name, [inputs[0]], [.. OnnxWindow.Export(node), OnnxGraphWriter.Int("count_include_pad", node.CountIncludePad ? 1 : 0)]);

    public string Import(OnnxGraphMatcher matcher, NodeInfo node, List<NodeProto> covered)
    {
        var pool = matcher.Pick(node, matcher.Value(node.Inputs[0]), [OnnxType], candidate =>
        {
            long[] k = Ints(candidate, "kernel_shape") ?? Array.Empty<long>();
            if (!k.SequenceEqual(new long[] { node.KernelH, node.KernelW })) return Differ("kernel_shape", List(new long[] { node.KernelH, node.KernelW }), List(k));
            if (candidate.Output.Count > 1 && candidate.Output[1].Length > 0) return "the MaxPool also outputs indices, which CnnDsl does not compute";
            string? window = OnnxWindow.Problem(node, candidate, pool: true);
            if (window is not null) return window;
            bool padded = node.PadTop + node.PadLeft + node.PadBottom + node.PadRight > 0;
            if (op == Op.AvgPool && padded && (Int(candidate, "count_include_pad", 0) != 0) != node.CountIncludePad)
                return Differ("count_include_pad", node.CountIncludePad ? "1" : "0", Num(Int(candidate, "count_include_pad", 0)));
            return null;
        }, covered);
        return OnnxActivation.Import(matcher, node, pool.Output[0], covered);
    }

    public string Scaffold(OnnxScaffoldWalker walker, NodeProto node, string value, List<ScaffoldItem> items)
    {
        var shape = walker.Shape(value);
        long[] k = Ints(node, "kernel_shape") ?? Array.Empty<long>();
        long[] strides = Ints(node, "strides") ?? new long[] { 1, 1 };
        if (k.Length != 2 || strides.Length != 2 || k.Concat(strides).Any(x => x < 1 || x > int.MaxValue)) return walker.Unexpressible(node, value, items, "the invalid window " + List(k) + " or strides " + List(strides));
        if (Ints(node, "dilations") is { } d && d.Any(x => x != 1)) return walker.Unexpressible(node, value, items, "a dilated pooling window " + List(d));
        bool average = node.OpType == "AveragePool";
        bool countPad = average && Int(node, "count_include_pad", 0) != 0;
        if (countPad && Int(node, "ceil_mode", 0) != 0) return walker.Unexpressible(node, value, items, "count_include_pad = 1 with ceil_mode = 1");
        var (padText, pads) = OnnxWindow.Scaffold(node, shape, k, strides, isConv: false, out string? padProblem);
        if (padProblem is not null) return walker.Unexpressible(node, value, items, padProblem);
        var outShape = shape with { H = (shape.H + pads[0] + pads[2] - k[0]) / strides[0] + 1, W = (shape.W + pads[1] + pads[3] - k[1]) / strides[1] + 1 };
        if (shape.H + pads[0] + pads[2] < k[0] || shape.W + pads[1] + pads[3] < k[1] || !OnnxScaffoldWalker.IsValid(outShape))
            return walker.Unexpressible(node, value, items, OnnxModelFile.Text($"an output of {outShape.H}x{outShape.W}x{outShape.C}, which is no tensor"));
        walker.Use(node);
        if (average && k[0] == shape.H && k[1] == shape.W && pads.All(p => p == 0))
        {
            items.Add(GlobalAvgPoolOperation.Item);
            return walker.Done(node.Output[0], shape with { H = 1, W = 1 });
        }
        var args = new List<string> { OnnxWindow.Sides(k[0], k[1]) };
        // The DSL's stride defaults to the window, per axis.
        if (strides[0] != k[0] || strides[1] != k[1]) args.AddRange(strides[0] == strides[1] ? new[] { "Stride = " + Num(strides[0]) } : new[] { "StrideH = " + Num(strides[0]), "StrideW = " + Num(strides[1]) });
        if (padText != "") args.Add(padText);
        if (countPad && pads.Any(p => p != 0)) args.Add("CountIncludePad = true");
        items.Add(new LayerItem((average ? "AvgPool(" : "MaxPool(") + string.Join(", ", args) + ")") 
        {
            Op = average ? Op.AvgPool : Op.MaxPool,
            In = shape,
            Kernel = k[0] == k[1] ? k[0] : 0,
            Stride = strides[0] == strides[1] ? strides[0] : 0,
            // Padding is left out of a max (and of an average unless counted), as Padding.Same's is.
            SameWindow = !countPad && OnnxWindow.IsSame(shape, k, strides, pads),
        });
        return walker.Done(node.Output[0], outShape);
    }
}
