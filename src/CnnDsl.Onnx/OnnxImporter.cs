using System;
using System.IO;
using Onnx;

namespace CnnDsl.Onnx;

/// <summary>
/// Loads the weights of an ONNX model whose graph computes the same network as a CnnDsl definition. ONNX nodes are
/// matched to the lowered DSL graph structurally, in topological order, following the data flow (so branch order
/// may differ), and every kernel, stride, padding (explicit, asymmetric or auto_pad), channel count and weight shape
/// is checked. A BatchNormalization after a Conv fills the conv's fused batch norm (<c>BatchNorm = true</c>), or a
/// standalone DSL BatchNorm layer, or is folded into the conv's weights and bias when the DSL conv has a bias and no
/// batch norm. Identity, Dropout and layout-only nodes (input/output Transposes, Flatten before Gemm) are looked through;
/// a dense layer may be a Gemm or a MatMul + Add, and a zero Pad before a Conv joins the conv's padding. Where sibling
/// ONNX nodes fit one DSL node equally, the match searches (backtracks), so node order does not matter.
/// </summary>
/// <remarks>
/// Nothing is written to the weights unless the whole graph matches. A structural difference is a
/// <see cref="WeightsMismatchException"/> naming the first DSL layer and ONNX node that differ, with both shapes;
/// a malformed file is an <see cref="InvalidDataException"/>.
/// </remarks>
public static class OnnxImporter
{
    /// <summary>Imports from an <c>.onnx</c> file; tensors kept in external data files are read from its folder.</summary>
    public static OnnxImportResult ImportWeights(NetworkWeights weights, string path)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(path);
        return Import(weights, OnnxModelFile.Load(path));
    }

    /// <summary>Imports from a serialized ONNX model.</summary>
    public static OnnxImportResult ImportWeights(NetworkWeights weights, ReadOnlySpan<byte> model)
    {
        ArgumentNullException.ThrowIfNull(weights);
        return Import(weights, OnnxModelFile.Parse(model));
    }

    /// <summary>Imports from a parsed ONNX model.</summary>
    public static OnnxImportResult ImportWeights(NetworkWeights weights, ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(weights);
        return Import(weights, OnnxModelFile.From(model));
    }

    private static OnnxImportResult Import(NetworkWeights weights, OnnxModelFile file)
    {
        var matcher = new OnnxGraphMatcher(file, weights);
        OnnxImportResult result;
        try
        {
            result = matcher.Match();
        }
        catch (NullReferenceException e)
        {
            // A protobuf message with required parts missing (e.g. a node without outputs): report, do not crash.
            throw new InvalidDataException("The ONNX model is incomplete: " + e.Message, e);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new InvalidDataException("The ONNX model is incomplete (a node lacks an input or output): " + e.Message, e);
        }
        foreach (var tensor in weights.Tensors) weights.Set(tensor.Name, matcher.Staged[tensor.Name]);
        return result;
    }
}
