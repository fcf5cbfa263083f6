using System.Collections.Generic;
using System.Linq;
using Onnx;
using static CnnDsl.Onnx.OnnxAttributes;
using static CnnDsl.Onnx.OnnxGraphMatcher;
using static CnnDsl.Onnx.OnnxScaffoldWalker;

namespace CnnDsl.Onnx;

/// <summary>
/// Fully connected layer: written as NHWC flatten + Gemm (transB = 1) + Reshape to [N, units, 1, 1]; imported from
/// a Gemm, or a MatMul by a constant [in, units] with an optional Add of a constant bias (as PyTorch and TensorFlow
/// converters write it), after any layout nodes, permuting the weights when the features were flattened in NCHW order.
/// </summary>
internal sealed class DenseOperation : IOnnxOperation
{
    public Op Op => Op.Dense;

    public IReadOnlyList<string> ScaffoldedFrom => ["Gemm", "MatMul"];

    public string Export(OnnxGraphWriter writer, NodeInfo node, IReadOnlyList<string> inputs)
    {
        // The weights' inFeatures run in NHWC-flatten order: flatten the NHWC view, not the NCHW one.
        string features = FlattenOperation.FlattenNhwc(writer, node.Name, inputs[0]);
        var gemmInputs = new List<string> { features, node.Name + ".weight" };
        if (node.Bias) gemmInputs.Add(node.Name + ".bias");
        string units = writer.Add("Gemm", node.Name + "/gemm", gemmInputs, OnnxGraphWriter.Int("transB", 1));
        return FlattenOperation.AsChannels(writer, node.Name, units);
    }

    public string Import(OnnxGraphMatcher matcher, NodeInfo node, List<NodeProto> covered)
    {
        // Flatten (or Transpose + Flatten, or Reshape) may sit between the features and the Gemm.
        string features = FlattenOperation.ImportLayout(matcher, matcher.Value(node.Inputs[0]), node.Input, covered);
        var gemm = matcher.Pick(node, features, ["Gemm", "MatMul"], candidate =>
        {
            if (candidate.OpType == "MatMul")
            {
                long[]? m = candidate.Input.Count == 2 ? matcher.File.ConstantDims(candidate.Input[1]) : null;
                if (m is null) return "the MatMul's second operand is not an initializer";
                long[] want = { node.Input.Length, node.Filters };
                return m.SequenceEqual(want) ? null : Differ("weight shape", List(want), List(m));
            }
            if (Float(candidate, "alpha", 1f) != 1f || Float(candidate, "beta", 1f) != 1f) return Differ("alpha/beta", "1/1", Float(candidate, "alpha", 1f) + "/" + Float(candidate, "beta", 1f));
            if (Int(candidate, "transA", 0) != 0) return Differ("transA", "0", "1");
            if (candidate.Input.Count < 2) return "the Gemm has no weight input";
            long[]? b = matcher.File.ConstantDims(candidate.Input[1]);
            if (b is null) return "the Gemm weight '" + candidate.Input[1] + "' is not an initializer";
            long inFeatures = node.Input.Length;
            long[] expected = Int(candidate, "transB", 0) != 0 ? new[] { (long)node.Filters, inFeatures } : new[] { inFeatures, (long)node.Filters };
            if (!b.SequenceEqual(expected)) return Differ("weight shape (transB = " + Int(candidate, "transB", 0) + ")", List(expected), List(b));
            bool hasBias = candidate.Input.Count > 2 && candidate.Input[2].Length > 0;
            if (!node.Bias && hasBias) return Differ("bias", "Bias = false", "a bias input");
            return null;
        }, covered);
        float[] onnxWeight = matcher.File.ReadFloats(gemm.Input[1]);
        bool transB = Int(gemm, "transB", 0) != 0;
        matcher.Staged[node.Name + ".weight"] = Canonical(matcher, node, features, onnxWeight, transB);
        string units = gemm.Output[0];
        string? biasName = gemm.OpType == "Gemm" && gemm.Input.Count > 2 && gemm.Input[2].Length > 0 ? gemm.Input[2] : null;
        if (gemm.OpType == "MatMul" && node.Bias && BiasAdd(matcher.File, matcher.Unused(units), node.Filters) is { } biasAdd)
        {
            matcher.Take(biasAdd.Add, covered);
            biasName = biasAdd.Constant;
            units = biasAdd.Add.Output[0];
        }
        if (node.Bias) matcher.Staged[node.Name + ".bias"] = biasName is not null ? matcher.ReadVector(biasName, node.Filters, node, gemm, "bias") : new float[node.Filters];
        // The units may be reshaped back to [N, units, 1, 1] (a no-op on 1x1 data) before the activation.
        while (node.Act != Act.None && matcher.TakeSingle(units, covered, "Reshape", "Unsqueeze", "Flatten", "Identity") is { } layout) units = layout.Output[0];
        return OnnxActivation.Import(matcher, node, units, covered);
    }

    /// <summary>The single reader of a MatMul's output when it adds a constant of <paramref name="units"/> values, with that constant's name.</summary>
    private static (NodeProto Add, string Constant)? BiasAdd(OnnxModelFile file, IReadOnlyList<NodeProto> readers, long units)
    {
        if (readers.Count != 1 || readers[0].OpType != "Add" || readers[0].Input.Count != 2 || !OnnxModelFile.IsStandard(readers[0])) return null;
        string constant = file.IsConstant(readers[0].Input[1]) ? readers[0].Input[1] : readers[0].Input[0];
        return file.ConstantDims(constant) is { } dims && dims.Aggregate(1L, (a, b) => a * b) == units ? (readers[0], constant) : null;
    }

    /// <summary>
    /// The canonical [units, inFeatures] weight (features in NHWC order) from ONNX's, which is [units, in] when
    /// transposed and [in, units] otherwise, with the features in (c, h, w) order when they were flattened from NCHW.
    /// </summary>
    private static float[] Canonical(OnnxGraphMatcher matcher, NodeInfo node, string features, float[] b, bool transposed)
    {
        int units = node.Filters, inFeatures = node.Input.Length;
        var weight = new float[b.Length];
        bool nchw = matcher.NchwFlattened.TryGetValue(features, out var shape);
        if (!nchw) shape = node.Input;
        for (int u = 0; u < units; u++)
        {
            for (int h = 0; h < shape.Height; h++)
            for (int w = 0; w < shape.Width; w++)
            for (int c = 0; c < shape.Channels; c++)
            {
                int canonical = (h * shape.Width + w) * shape.Channels + c;
                int onnxIndex = nchw ? (c * shape.Height + h) * shape.Width + w : canonical;
                weight[u * inFeatures + canonical] = transposed ? b[u * inFeatures + onnxIndex] : b[onnxIndex * units + u];
            }
        }
        return weight;
    }

    public string Scaffold(OnnxScaffoldWalker walker, NodeProto node, string value, List<ScaffoldItem> items)
    {
        long[]? b = node.Input.Count > 1 ? walker.File.ConstantDims(node.Input[1]) : null;
        bool transB = Int(node, "transB", 0) != 0;
        if (b is null || b.Length != 2 || Int(node, "transA", 0) != 0 || Float(node, "alpha", 1f) != 1f || Float(node, "beta", 1f) != 1f)
            return walker.Unexpressible(node, value, items, "a " + node.OpType + " that is not x * W^T + b with a constant W");
        long units = transB ? b[0] : b[1];
        walker.Use(node);
        bool bias = node.OpType == "Gemm" && node.Input.Count > 2 && node.Input[2].Length > 0;
        var shape = new ScaffoldShape(1, 1, units);
        string output = walker.Done(node.Output[0], shape);
        if (node.OpType == "MatMul" && BiasAdd(walker.File, walker.Unused(output), units) is { } biasAdd)
        {
            walker.Use(biasAdd.Add);
            bias = true;
            output = walker.Done(biasAdd.Add.Output[0], shape);
        }
        // The units may be reshaped back to [N, units, 1, 1] (a no-op on 1x1 data) before the activation, as on import.
        var layout = walker.Unused(output);
        if (layout.Count == 1 && layout[0].OpType is "Reshape" or "Unsqueeze" or "Flatten" or "Identity" && layout[0].Output.Count > 0
            && walker.Unused(layout[0].Output[0]) is [var activation] && ActivationOperation.Scaffolds(activation))
        {
            walker.Use(layout[0]);
            output = walker.Done(layout[0].Output[0], shape);
        }
        string act = walker.ActAfter(ref output, shape);
        var args = new List<string> { Inv($"{units}") };
        if (!bias) args.Add("Bias = false");
        if (act != "") args.Add(act);
        items.Add(new LayerItem("Dense(" + string.Join(", ", args) + ")") { Op = Op.Dense, Filters = units, Act = act });
        return output;
    }
}
