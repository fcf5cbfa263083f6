using System;
using System.Collections.Generic;
using System.Linq;
using Onnx;
using static CnnDsl.Onnx.OnnxAttributes;
using static CnnDsl.Onnx.OnnxGraphMatcher;
using static CnnDsl.Onnx.OnnxScaffoldWalker;

namespace CnnDsl.Onnx;

/// <summary>
/// Standard and depthwise convolution: ONNX Conv (depthwise is <c>group</c> = channels), with an optional
/// BatchNormalization after it that fills the fused batch norm or folds into the weights and bias. A Pad of zeros
/// in front of the Conv (as converters write explicit padding) joins the convolution's padding.
/// </summary>
internal sealed class ConvOperation(Op op) : IOnnxOperation
{
    public Op Op => op;

    // Both instances scaffold ONNX Conv with the same code, which picks Conv or DepthwiseConv from the group.
    public IReadOnlyList<string> ScaffoldedFrom => ["Conv", "Pad"];

    public string Export(OnnxGraphWriter writer, NodeInfo node, IReadOnlyList<string> inputs)
    {
        var convInputs = new List<string> { inputs[0], node.Name + ".weight" };
        if (node.Bias) convInputs.Add(node.Name + ".bias");
        var attributes = new List<AttributeProto>(OnnxWindow.Export(node));
        if (node.DilationH != 1 || node.DilationW != 1) attributes.Add(OnnxGraphWriter.Ints("dilations", node.DilationH, node.DilationW));
        if (node.Op == Op.DepthwiseConv) attributes.Add(OnnxGraphWriter.Int("group", node.Input.Channels));
        else if (node.Groups != 1) attributes.Add(OnnxGraphWriter.Int("group", node.Groups));
        return writer.Add("Conv", node.Name, convInputs, [.. attributes]);
    }

    public string Import(OnnxGraphMatcher matcher, NodeInfo node, List<NodeProto> covered)
    {
        var conv = matcher.Pick(node, matcher.Value(node.Inputs[0]), ["Conv", "Pad"], candidate => candidate.OpType == "Pad"
            ? PaddedConv(matcher, candidate, out var padBefore, out string? padProblem) is { } padded ? Problem(matcher, node, padded, padBefore) : padProblem
            : Problem(matcher, node, candidate, null), covered);
        if (conv.OpType == "Pad")
        {
            conv = PaddedConv(matcher, conv, out _, out _)!;
            matcher.Take(conv, covered);
        }
        var staged = matcher.Staged;
        staged[node.Name + ".weight"] = matcher.File.ReadFloats(conv.Input[1]);
        float[]? onnxBias = conv.Input.Count > 2 && conv.Input[2].Length > 0 ? matcher.ReadVector(conv.Input[2], node.Filters, node, conv, "bias") : null;
        string value = conv.Output[0];

        var next = matcher.Unused(value);
        bool onnxHasBatchNorm = next.Count == 1 && next[0].OpType == "BatchNormalization";
        bool dslBatchNormFollows = matcher.Graph.Any(n => n.Op == Op.BatchNorm && n.Inputs.Count == 1 && n.Inputs[0] == node.Id);
        if (node.BatchNorm)
        {
            if (!onnxHasBatchNorm)
            {
                throw matcher.Mismatch(node, conv, "batch normalization", "BatchNorm = true", "no BatchNormalization after the Conv" + Following(next));
            }
            var bn = next[0];
            string? problem = BatchNormOperation.Problem(matcher, node, bn);
            if (problem is not null) throw matcher.Mismatch(node, bn, problem);
            matcher.Take(bn, covered);
            BatchNormOperation.Stage(matcher, bn, node.Name + ".bn.", node.Filters);
            if (onnxBias is not null)
            {
                // y = BN(conv + b) = BN'(conv) with the running mean shifted by b: keeps BatchNorm = true exact without a bias tensor.
                var mean = staged[node.Name + ".bn.running_mean"];
                if (node.Bias) staged[node.Name + ".bias"] = onnxBias;
                else for (int i = 0; i < mean.Length; i++) mean[i] -= onnxBias[i];
            }
            else if (node.Bias)
            {
                staged[node.Name + ".bias"] = new float[node.Filters];
            }
            value = bn.Output[0];
        }
        else if (onnxHasBatchNorm && !dslBatchNormFollows)
        {
            var bn = next[0];
            if (!node.Bias)
            {
                throw matcher.Mismatch(node, bn, "batch normalization", "no BatchNorm and no Bias (nothing to fold it into)", "BatchNormalization '" + Label(bn) + "' after the Conv");
            }
            string? problem = BatchNormOperation.Problem(matcher, node, bn, checkEpsilon: false);
            if (problem is not null) throw matcher.Mismatch(node, bn, problem);
            matcher.Take(bn, covered);
            Fold(matcher, node, bn, onnxBias);
            matcher.Folded.Add(Label(bn));
            value = bn.Output[0];
        }
        else if (node.Bias)
        {
            staged[node.Name + ".bias"] = onnxBias ?? new float[node.Filters];
        }
        else if (onnxBias is not null)
        {
            throw matcher.Mismatch(node, conv, "bias", "Bias = false", "a bias input '" + conv.Input[2] + "'");
        }
        return OnnxActivation.Import(matcher, node, value, covered);
    }

    /// <summary>The Conv that alone reads a zero Pad, with the Pad's spatial pads; null with the problem otherwise.</summary>
    private static NodeProto? PaddedConv(OnnxGraphMatcher matcher, NodeProto pad, out long[]? padBefore, out string? problem)
    {
        padBefore = OnnxWindow.ZeroPad(matcher.File, pad, out problem);
        if (padBefore is null) return null;
        var readers = matcher.Unused(pad.Output[0]);
        if (readers.Count == 1 && readers[0].OpType == "Conv" && readers[0].Input.Count > 0 && readers[0].Input[0] == pad.Output[0]) return readers[0];
        problem = "a Pad that is not read by exactly one Conv";
        return null;
    }

    private static string? Problem(OnnxGraphMatcher matcher, NodeInfo node, NodeProto conv, long[]? padBefore)
    {
        if (conv.Input.Count < 2) return "the Conv has no weight input";
        long[]? w = matcher.File.ConstantDims(conv.Input[1]);
        if (w is null) return "the Conv weight '" + conv.Input[1] + "' is not an initializer";
        int inChannels = node.Input.Channels;
        long group = Int(conv, "group", 1);
        long[] expected = node.Op == Op.DepthwiseConv
            ? new long[] { node.Filters, 1, node.KernelH, node.KernelW }
            : new long[] { node.Filters, inChannels / node.Groups, node.KernelH, node.KernelW };
        long expectedGroup = node.Op == Op.DepthwiseConv ? inChannels : node.Groups;
        if (!w.SequenceEqual(expected)) return Differ("weight shape", List(expected), List(w));
        if (group != expectedGroup) return Differ("group", Num(expectedGroup), Num(group));
        if (Ints(conv, "kernel_shape") is { } k && !k.SequenceEqual(new long[] { node.KernelH, node.KernelW }))
            return Differ("kernel_shape", List(new long[] { node.KernelH, node.KernelW }), List(k));
        return OnnxWindow.Problem(node, conv, pool: false, padBefore);
    }

    /// <summary>W' = W * s, b' = (b - mean) * s + beta with s = gamma / sqrt(var + eps), computed in double.</summary>
    private static void Fold(OnnxGraphMatcher matcher, NodeInfo node, NodeProto bn, float[]? onnxBias)
    {
        var file = matcher.File;
        var gamma = file.ReadFloats(bn.Input[1]);
        var beta = file.ReadFloats(bn.Input[2]);
        var mean = file.ReadFloats(bn.Input[3]);
        var variance = file.ReadFloats(bn.Input[4]);
        double epsilon = BatchNormOperation.CheckStatistics(bn, variance);
        var weight = matcher.Staged[node.Name + ".weight"];
        int perFilter = weight.Length / node.Filters;
        var bias = new float[node.Filters];
        for (int o = 0; o < node.Filters; o++)
        {
            double scale = gamma[o] / Math.Sqrt(variance[o] + epsilon);
            for (int j = 0; j < perFilter; j++) weight[o * perFilter + j] = (float)(weight[o * perFilter + j] * scale);
            bias[o] = (float)(((onnxBias?[o] ?? 0.0) - mean[o]) * scale + beta[o]);
        }
        matcher.Staged[node.Name + ".bias"] = bias;
    }

    public string Scaffold(OnnxScaffoldWalker walker, NodeProto node, string value, List<ScaffoldItem> items)
    {
        if (node.OpType == "Conv") return Scaffold(walker, node, value, items, null);
        long[]? padBefore = OnnxWindow.ZeroPad(walker.File, node, out string? problem);
        var readers = walker.Unused(node.Output[0]);
        if (padBefore is null) return walker.Unexpressible(node, value, items, problem!);
        if (readers.Count != 1 || readers[0].OpType != "Conv" || readers[0].Input.Count == 0 || readers[0].Input[0] != node.Output[0])
            return walker.Unexpressible(node, value, items, "a Pad that is not read by exactly one Conv (pools pad differently)");
        walker.Use(node);
        return Scaffold(walker, readers[0], value, items, padBefore);
    }

    /// <summary>The Conv layer, with the spatial pads of a Pad node before it (reading <paramref name="value"/>).</summary>
    private static string Scaffold(OnnxScaffoldWalker walker, NodeProto node, string value, List<ScaffoldItem> items, long[]? padBefore)
    {
        var file = walker.File;
        var shape = walker.Shape(value);
        long[]? w = node.Input.Count > 1 ? file.ConstantDims(node.Input[1]) : null;
        long group = Int(node, "group", 1);
        long[] strides = Ints(node, "strides") ?? new long[] { 1, 1 };
        long[] dilations = Ints(node, "dilations") ?? new long[] { 1, 1 };
        if (w is null || w.Length != 4) return walker.Unexpressible(node, value, items, "a weight that is not a 4-D initializer");
        if (w.Any(x => x < 1 || x > int.MaxValue)) return walker.Unexpressible(node, value, items, "the invalid weight shape " + List(w));
        if (strides.Length != 2 || strides.Any(x => x < 1 || x > int.MaxValue)) return walker.Unexpressible(node, value, items, "the invalid strides " + List(strides));
        if (dilations.Length != 2 || dilations.Any(x => x < 1 || x > int.MaxValue)) return walker.Unexpressible(node, value, items, "the invalid dilations " + List(dilations));
        if (Ints(node, "kernel_shape") is { } kernelShape && !kernelShape.SequenceEqual(new[] { w[2], w[3] }))
            return walker.Unexpressible(node, value, items, "a kernel_shape " + List(kernelShape) + " that is not the weight's " + List(new[] { w[2], w[3] }));
        bool depthwise = group > 1 && group == shape.C && w[0] == shape.C && w[1] == 1;
        if (group < 1 || shape.C % group != 0 || w[0] % group != 0)
            return walker.Unexpressible(node, value, items, Inv($"group {group}, which does not divide the {shape.C} input channels and the {w[0]} filters"));
        if (!depthwise && w[1] * group != shape.C)
            return walker.Unexpressible(node, value, items, Inv($"a weight for {w[1]} input channels per group (group {group}) on a {shape.C}-channel input"));
        long[] span = { (w[2] - 1) * dilations[0] + 1, (w[3] - 1) * dilations[1] + 1 };
        var (padText, pads) = OnnxWindow.Scaffold(node, shape, span, strides, isConv: true, out string? padProblem, padBefore);
        if (padProblem is not null) return walker.Unexpressible(node, value, items, padProblem);
        bool bias = node.Input.Count > 2 && node.Input[2].Length > 0;
        var outShape = new ScaffoldShape((shape.H + pads[0] + pads[2] - span[0]) / strides[0] + 1, (shape.W + pads[1] + pads[3] - span[1]) / strides[1] + 1, depthwise ? shape.C : w[0]);
        if (shape.H + pads[0] + pads[2] < span[0] || shape.W + pads[1] + pads[3] < span[1] || !OnnxScaffoldWalker.IsValid(outShape))
            return walker.Unexpressible(node, value, items, OnnxModelFile.Text($"an output of {outShape.H}x{outShape.W}x{outShape.C}, which is no tensor"));
        walker.Use(node);
        string output = walker.Done(node.Output[0], outShape);
        // A batch norm after the Conv folds into it, with its own epsilon (Keras writes 1e-3).
        float? epsilon = null;
        var next = walker.Unused(output);
        if (next.Count == 1 && next[0].OpType == "BatchNormalization" && Float(next[0], "epsilon", BatchNormOperation.DefaultEpsilon) is var e && e > 0f && !float.IsInfinity(e))
        {
            walker.Use(next[0]);
            epsilon = e;
            output = walker.Done(next[0].Output[0], outShape);
        }
        string act = walker.ActAfter(ref output, outShape);
        var args = new List<string> { (depthwise ? "" : Num(w[0]) + ", ") + OnnxWindow.Sides(w[2], w[3]) };
        args.AddRange(OnnxWindow.Pair("Stride", strides[0], strides[1], 1));
        args.AddRange(OnnxWindow.Pair("Dilation", dilations[0], dilations[1], 1));
        if (!depthwise && group != 1) args.Add("Groups = " + Num(group));
        if (padText != "") args.Add(padText);
        if (!bias) args.Add("Bias = false");
        if (epsilon is { } eps)
        {
            args.Add("BatchNorm = true");
            if (eps != BatchNormOperation.DefaultEpsilon) args.Add(Inv($"BatchNormEpsilon = {eps:R}f"));
        }
        if (act != "") args.Add(act);
        bool square1x1 = w[2] == 1 && w[3] == 1 && strides.All(x => x == 1);
        items.Add(new LayerItem((depthwise ? "DepthwiseConv(" : "Conv(") + string.Join(", ", args) + ")")
        {
            Op = depthwise ? Op.DepthwiseConv : Op.Conv,
            Filters = outShape.C,
            Act = act,
            PlainPointwise = !depthwise && group == 1 && square1x1 && pads.All(p => p == 0) && bias && epsilon is null,
            In = shape,
            Kernel = w[2] == w[3] ? w[2] : 0,
            Stride = strides[0] == strides[1] ? strides[0] : 0,
            SameWindow = (depthwise || group == 1) && dilations.All(d => d == 1) && OnnxWindow.IsSame(shape, span, strides, pads),
        });
        return output;
    }
}
