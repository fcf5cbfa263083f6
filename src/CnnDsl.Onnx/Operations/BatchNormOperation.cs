using System.Collections.Generic;
using System.IO;
using System.Linq;
using Onnx;
using static CnnDsl.Onnx.OnnxAttributes;
using static CnnDsl.Onnx.OnnxGraphMatcher;

namespace CnnDsl.Onnx;

/// <summary>
/// A standalone batch normalization (inference form), ONNX BatchNormalization. The helpers also serve the batch norm
/// fused into a convolution (<see cref="NodeInfo.BatchNorm"/>, tensors <c>{Name}.bn.*</c>).
/// </summary>
internal sealed class BatchNormOperation : IOnnxOperation
{
    public Op Op => Op.BatchNorm;

    public IReadOnlyList<string> ScaffoldedFrom => ["BatchNormalization"];

    public string Export(OnnxGraphWriter writer, NodeInfo node, IReadOnlyList<string> inputs)
        => Write(writer, node, inputs[0], node.Name + ".");

    public string Import(OnnxGraphMatcher matcher, NodeInfo node, List<NodeProto> covered)
    {
        var bn = matcher.Pick(node, matcher.Value(node.Inputs[0]), ["BatchNormalization"], candidate => Problem(matcher, node, candidate), covered);
        Stage(matcher, bn, node.Name + ".", node.Output.Channels);
        return OnnxActivation.Import(matcher, node, bn.Output[0], covered);
    }

    public string Scaffold(OnnxScaffoldWalker walker, NodeProto node, string value, List<ScaffoldItem> items)
    {
        var shape = walker.Shape(value);
        float epsilon = Float(node, "epsilon", DefaultEpsilon);
        if (!(epsilon >= 0f) || float.IsInfinity(epsilon)) return walker.Unexpressible(node, value, items, OnnxModelFile.Text($"the invalid epsilon {epsilon}"));
        walker.Use(node);
        string output = walker.Done(node.Output[0], shape);
        string act = walker.ActAfter(ref output, shape);
        var args = new List<string>();
        if (epsilon != DefaultEpsilon) args.Add(OnnxScaffoldWalker.Inv($"Epsilon = {epsilon:R}f"));
        if (act != "") args.Add(act);
        items.Add(new LayerItem("BatchNorm" + (args.Count > 0 ? "(" + string.Join(", ", args) + ")" : "")) { Op = Op.BatchNorm, Act = act });
        return output;
    }

    /// <summary>ONNX's (and CnnDsl's) default epsilon.</summary>
    public const float DefaultEpsilon = 1e-5f;

    /// <summary>Writes a BatchNormalization of <paramref name="input"/> with the tensors under <paramref name="prefix"/>.</summary>
    public static string Write(OnnxGraphWriter writer, NodeInfo node, string input, string prefix)
        => writer.Add("BatchNormalization", node.Name + "/bn",
            [input, prefix + "weight", prefix + "bias", prefix + "running_mean", prefix + "running_var"],
            OnnxGraphWriter.Float("epsilon", node.Epsilon));

    /// <summary>Why <paramref name="bn"/> cannot be the DSL node's batch norm, or null.</summary>
    public static string? Problem(OnnxGraphMatcher matcher, NodeInfo node, NodeProto bn, bool checkEpsilon = true)
    {
        int channels = node.Op == Op.BatchNorm ? node.Output.Channels : node.Filters;
        if (bn.Input.Count < 5) return "BatchNormalization '" + Label(bn) + "' has fewer than 5 inputs";
        for (int i = 1; i < 5; i++)
        {
            long[]? dims = matcher.File.ConstantDims(bn.Input[i]);
            if (dims is null) return "BatchNormalization input '" + bn.Input[i] + "' is not an initializer";
            if (dims.Aggregate(1L, (a, b) => a * b) != channels) return Differ("batch-norm parameter shape", "[" + channels + "]", List(dims));
        }
        if (Int(bn, "spatial", 1) != 1) return Differ("spatial", "1", "0");
        if (Int(bn, "training_mode", 0) != 0) return Differ("training_mode", "0", "1");
        float epsilon = Float(bn, "epsilon", DefaultEpsilon);
        if (checkEpsilon && System.Math.Abs(epsilon - node.Epsilon) > 1e-3 * System.Math.Max(epsilon, node.Epsilon))
            return Differ("epsilon", OnnxModelFile.Text($"{node.Epsilon}"), OnnxModelFile.Text($"{epsilon}"));
        return null;
    }

    /// <summary>Stages the four tensors of <paramref name="bn"/> under <paramref name="prefix"/>.</summary>
    public static void Stage(OnnxGraphMatcher matcher, NodeProto bn, string prefix, int channels)
    {
        string[] names = { "weight", "bias", "running_mean", "running_var" };
        for (int i = 0; i < 4; i++) matcher.Staged[prefix + names[i]] = matcher.File.ReadFloats(bn.Input[i + 1]);
        if (matcher.Staged[prefix + "weight"].Length != channels) throw new InvalidDataException($"BatchNormalization '{Label(bn)}' does not hold {channels} channels.");
        CheckStatistics(bn, matcher.Staged[prefix + "running_var"]);
    }

    /// <summary>
    /// The epsilon and the running variance must give a finite scale gamma / sqrt(var + eps): a NaN or negative
    /// epsilon or variance would silently turn every output of the layer into NaN.
    /// </summary>
    /// <returns>The epsilon.</returns>
    public static float CheckStatistics(NodeProto bn, float[] variance)
    {
        float epsilon = Float(bn, "epsilon", DefaultEpsilon);
        if (!(epsilon >= 0f) || float.IsInfinity(epsilon))
        {
            throw new InvalidDataException(OnnxModelFile.Text($"BatchNormalization '{Label(bn)}' has epsilon {epsilon}; it must be a finite number, 0 or more."));
        }
        for (int c = 0; c < variance.Length; c++)
        {
            if (!(variance[c] >= 0f) || float.IsInfinity(variance[c]) || variance[c] + epsilon <= 0f)
            {
                throw new InvalidDataException(OnnxModelFile.Text($"BatchNormalization '{Label(bn)}' has running variance {variance[c]} in channel {c} (epsilon {epsilon}); a variance must be finite and 0 or more, and variance + epsilon positive."));
            }
        }
        return epsilon;
    }
}
