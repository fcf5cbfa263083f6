using System;
using System.Collections.Generic;
using CnnDsl.Zoo;

namespace CnnDsl.Benchmarks;

/// <summary>A network's generated inference entry point: N NHWC images in, N results out.</summary>
internal delegate void Forward(ReadOnlySpan<float> input, Span<float> output);

/// <summary>
/// One benchmark workload: a network, how to build its weights, and how to build its generated network on a number of
/// threads per image (1, or 2: the instance owns a helper thread and must be disposed).
/// </summary>
internal sealed record Workload(
    string Id,
    string Description,
    long MultiplyAdds,
    IReadOnlyList<NodeInfo> Graph,
    Func<NetworkWeights> NewWeights,
    Func<NetworkWeights, int, INetwork> NewGenerated)
{
    public TensorShape InputShape => Graph[0].Output;

    public TensorShape OutputShape => Graph[^1].Output;

    /// <summary>W1 to W8 as the benchmark brief defines them, then whole ResNet-18, ResNet-50, EfficientNet-B0 and Inception v3, then issue 10's G1 and G2, then the swish epilogues E1 and E2, then the projections P1 and P2 and ResNet-50's 1x1 pairs P3 to P5.</summary>
    public static IReadOnlyList<Workload> All { get; } =
    [
        new("W1", "5x5 conv 28x28x192 -> 32 (same)", W1Conv5x5.MultiplyAdds, W1Conv5x5.Graph,
            () => new W1Conv5x5.Weights(), (w, threads) => new W1Conv5x5((W1Conv5x5.Weights)w, threads)),
        new("W2", "1x1 -> 16 then 5x5 -> 32 on 28x28x192", W2Bottleneck.MultiplyAdds, W2Bottleneck.Graph,
            () => new W2Bottleneck.Weights(), (w, threads) => new W2Bottleneck((W2Bottleneck.Weights)w, threads)),
        new("W3", "GoogLeNet inception (3a) on 28x28x192", W3Inception3a.MultiplyAdds, W3Inception3a.Graph,
            () => new W3Inception3a.Weights(), (w, threads) => new W3Inception3a((W3Inception3a.Weights)w, threads)),
        new("W4", "MobileNetV2 inverted residual 56x56x24, t=6, s=1", W4InvertedResidual.MultiplyAdds, W4InvertedResidual.Graph,
            () => new W4InvertedResidual.Weights(), (w, threads) => new W4InvertedResidual((W4InvertedResidual.Weights)w, threads)),
        new("W5", "MobileNetV1 dw-separable 112x112x32 -> 64", W5DepthwiseSeparable.MultiplyAdds, W5DepthwiseSeparable.Graph,
            () => new W5DepthwiseSeparable.Weights(), (w, threads) => new W5DepthwiseSeparable((W5DepthwiseSeparable.Weights)w, threads)),
        new("W6", "1x1 conv 28x28x192 -> 64", W6Pointwise.MultiplyAdds, W6Pointwise.Graph,
            () => new W6Pointwise.Weights(), (w, threads) => new W6Pointwise((W6Pointwise.Weights)w, threads)),
        new("W7", "MobileNetV2 1.0-224 (whole)", MobileNetV2.MultiplyAdds, MobileNetV2.Graph,
            () => new MobileNetV2.Weights(), (w, threads) => new MobileNetV2((MobileNetV2.Weights)w, threads)),
        new("W8", "GoogLeNet (whole)", GoogLeNet.MultiplyAdds, GoogLeNet.Graph,
            () => new GoogLeNet.Weights(), (w, threads) => new GoogLeNet((GoogLeNet.Weights)w, threads)),
        new("R18", "ResNet-18 (the main sample's, 512 features)", ResNet18.MultiplyAdds, ResNet18.Graph,
            () => new ResNet18.Weights(), (w, threads) => new ResNet18((ResNet18.Weights)w, threads)),
        new("R50", "ResNet-50 (whole)", ResNet50.MultiplyAdds, ResNet50.Graph,
            () => new ResNet50.Weights(), (w, threads) => new ResNet50((ResNet50.Weights)w, threads)),
        new("EB0", "EfficientNet-B0 (whole)", EfficientNetB0.MultiplyAdds, EfficientNetB0.Graph,
            () => new EfficientNetB0.Weights(), (w, threads) => new EfficientNetB0((EfficientNetB0.Weights)w, threads)),
        new("I3", "Inception v3 (whole, 299x299)", InceptionV3.MultiplyAdds, InceptionV3.Graph,
            () => new InceptionV3.Weights(), (w, threads) => new InceptionV3((InceptionV3.Weights)w, threads)),
        .. GeneralConvolutionWorkloads.All,
        .. EpilogueWorkloads.All,
        .. PointwiseWorkloads.All,
    ];
}
