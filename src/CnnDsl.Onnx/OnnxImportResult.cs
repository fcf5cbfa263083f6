using System.Collections.Generic;

namespace CnnDsl.Onnx;

/// <summary>Which ONNX nodes one DSL graph node took its operation and weights from.</summary>
/// <param name="Layer">The DSL graph node's name.</param>
/// <param name="OnnxNodes">The ONNX nodes it covers (e.g. Conv, BatchNormalization, Relu), in graph order.</param>
public sealed record OnnxLayerMatch(string Layer, IReadOnlyList<string> OnnxNodes);

/// <summary>What <see cref="OnnxImporter"/> matched and how it loaded the weights.</summary>
public sealed class OnnxImportResult
{
    internal OnnxImportResult(IReadOnlyList<OnnxLayerMatch> matches, IReadOnlyList<string> foldedBatchNorms)
    {
        Matches = matches;
        FoldedBatchNorms = foldedBatchNorms;
    }

    /// <summary>One entry per DSL graph node (except the input), in graph order.</summary>
    public IReadOnlyList<OnnxLayerMatch> Matches { get; }

    /// <summary>ONNX BatchNormalization nodes folded numerically into a preceding convolution's weights and bias.</summary>
    public IReadOnlyList<string> FoldedBatchNorms { get; }
}
