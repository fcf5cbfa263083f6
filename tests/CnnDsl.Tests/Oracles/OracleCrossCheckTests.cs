using System.Collections.Generic;
using CnnDsl.Onnx;
using CnnDsl.Oracles;

namespace CnnDsl.Tests.Oracles;

/// <summary>
/// The reference executor and ONNX Runtime (on the exported model, same weights) must agree on every operation, block
/// and zoo network. They share nothing but the graph and the weights, so agreement vouches for both.
/// </summary>
public class OracleCrossCheckTests
{
    private const double RelativeTolerance = 1e-4;

    private static readonly Dictionary<string, (IReadOnlyList<NodeInfo> Graph, IReadOnlyList<TensorInfo> Tensors)> Small = new()
    {
        [nameof(XConvSameStride2)] = (XConvSameStride2.Graph, XConvSameStride2.Tensors),
        [nameof(XConvValid7x7)] = (XConvValid7x7.Graph, XConvValid7x7.Tensors),
        [nameof(XConvExplicitPadStride2)] = (XConvExplicitPadStride2.Graph, XConvExplicitPadStride2.Tensors),
        [nameof(XConvSame7x7Stride2)] = (XConvSame7x7Stride2.Graph, XConvSame7x7Stride2.Tensors),
        [nameof(XConvOnOnePixel)] = (XConvOnOnePixel.Graph, XConvOnOnePixel.Tensors),
        [nameof(XConvEvenKernelStride2)] = (XConvEvenKernelStride2.Graph, XConvEvenKernelStride2.Tensors),
        [nameof(XDepthwiseStride2)] = (XDepthwiseStride2.Graph, XDepthwiseStride2.Tensors),
        [nameof(XDepthwise5x5Valid)] = (XDepthwise5x5Valid.Graph, XDepthwise5x5Valid.Tensors),
        [nameof(XDepthwise7x7ExplicitPad)] = (XDepthwise7x7ExplicitPad.Graph, XDepthwise7x7ExplicitPad.Tensors),
        [nameof(XMaxPoolSameStride2)] = (XMaxPoolSameStride2.Graph, XMaxPoolSameStride2.Tensors),
        [nameof(XAvgPoolSameStride2)] = (XAvgPoolSameStride2.Graph, XAvgPoolSameStride2.Tensors),
        [nameof(XPoolsValidAndSame)] = (XPoolsValidAndSame.Graph, XPoolsValidAndSame.Tensors),
        [nameof(XGlobalPoolDense)] = (XGlobalPoolDense.Graph, XGlobalPoolDense.Tensors),
        [nameof(XFlattenDense)] = (XFlattenDense.Graph, XFlattenDense.Tensors),
        [nameof(XDenseOnImage)] = (XDenseOnImage.Graph, XDenseOnImage.Tensors),
        [nameof(XStandaloneBatchNorm)] = (XStandaloneBatchNorm.Graph, XStandaloneBatchNorm.Tensors),
        [nameof(XActivations)] = (XActivations.Graph, XActivations.Tensors),
        [nameof(XInception)] = (XInception.Graph, XInception.Tensors),
        [nameof(XDepthwiseSeparable)] = (XDepthwiseSeparable.Graph, XDepthwiseSeparable.Tensors),
        [nameof(XInvertedResidual)] = (XInvertedResidual.Graph, XInvertedResidual.Tensors),
        [nameof(XUserBlocks)] = (XUserBlocks.Graph, XUserBlocks.Tensors),
    };

    public static TheoryData<string> SmallNetworks => new(Small.Keys);

    [Theory]
    [MemberData(nameof(SmallNetworks))]
    public void Oracles_agree_on_small_networks(string network)
    {
        var (graph, tensors) = Small[network];
        var weights = RandomTensors.Randomize(new TestWeights(graph, tensors), seed: network.Length);
        int batch = 2 + network.Length % 2; // 2 or 3 images
        AssertOraclesAgree(weights, batch, network);
    }

    /// <summary>A zoo network's weights as its users would start: seeded <c>InitializeRandom</c>.</summary>
    internal static NetworkWeights ZooWeights(IReadOnlyList<NodeInfo> graph, IReadOnlyList<TensorInfo> tensors, int seed)
    {
        var weights = new TestWeights(graph, tensors);
        weights.InitializeRandom(seed);
        return weights;
    }

    internal static void AssertOraclesAgree(NetworkWeights weights, int batch, string what)
    {
        var inputShape = weights.Graph[0].Output;
        float[] images = RandomTensors.Images(batch * inputShape.Length, seed: 42);
        float[] reference = ReferenceExecutor.Run(weights.Graph, weights, images, batch);
        float[] onnxRuntime = OnnxRuntimeOracle.Run(OnnxExporter.Export(weights), images, batch, inputShape);
        OracleAgreement.AssertClose(reference, onnxRuntime, RelativeTolerance, what);
    }
}
