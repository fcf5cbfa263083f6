using System.Collections.Generic;

namespace CnnDsl.Benchmarks;

// Issue 14's single-layer rows for EfficientNet's swish layers: the MBConv expansion and its 5x5 depthwise, each
// with swish in the epilogue (the shapes of EfficientNet-B0's stage 3, 28x28, expansion 6 of 40 channels).

/// <summary>E1: a 1x1 convolution 28x28x40 -> 240 with batch norm and swish (7.5M MACs).</summary>
[Network(Input = "28x28x40")]
[Conv(240, 1, BatchNorm = true, Act = Act.Swish)]
public partial class E1ExpandSwish { }

/// <summary>E2: a 5x5 depthwise convolution on 28x28x240 with batch norm and swish (4.7M MACs).</summary>
[Network(Input = "28x28x240")]
[DepthwiseConv(5, BatchNorm = true, Act = Act.Swish)]
public partial class E2Depthwise5x5Swish { }

/// <summary>The swish-epilogue workloads, listed last in <see cref="Workload.All"/>.</summary>
internal static class EpilogueWorkloads
{
    public static IReadOnlyList<Workload> All { get; } =
    [
        new("E1", "1x1 conv + BN + swish, 28x28x40 -> 240", E1ExpandSwish.MultiplyAdds, E1ExpandSwish.Graph,
            () => new E1ExpandSwish.Weights(), (w, threads) => new E1ExpandSwish((E1ExpandSwish.Weights)w, threads)),
        new("E2", "5x5 depthwise + BN + swish, 28x28x240", E2Depthwise5x5Swish.MultiplyAdds, E2Depthwise5x5Swish.Graph,
            () => new E2Depthwise5x5Swish.Weights(), (w, threads) => new E2Depthwise5x5Swish((E2Depthwise5x5Swish.Weights)w, threads)),
    ];
}
