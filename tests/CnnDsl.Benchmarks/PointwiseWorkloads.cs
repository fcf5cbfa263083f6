using System.Collections.Generic;

namespace CnnDsl.Benchmarks;

// Issue 14's single-layer rows for the projections of MobileNet V2 and EfficientNet-B0 whose output channels are an
// odd number of 8-float vectors (24, 40): a 16-float vector leaves part of its last lanes empty there.

/// <summary>P1: MobileNet V2's 1x1 projection 56x56x144 -> 24 with batch norm, no activation (10.8M MACs).</summary>
[Network(Input = "56x56x144")]
[Conv(24, 1, BatchNorm = true)]
public partial class P1Project24 { }

/// <summary>P2: EfficientNet-B0's 1x1 projection 28x28x240 -> 40 with batch norm, no activation (7.5M MACs).</summary>
[Network(Input = "28x28x240")]
[Conv(40, 1, BatchNorm = true)]
public partial class P2Project40 { }

/// <summary>The projection workloads, listed after the epilogue rows in <see cref="Workload.All"/>.</summary>
internal static class PointwiseWorkloads
{
    public static IReadOnlyList<Workload> All { get; } =
    [
        new("P1", "1x1 conv + BN, 56x56x144 -> 24", P1Project24.MultiplyAdds, P1Project24.Graph,
            () => new P1Project24.Weights(), (w, threads) => new P1Project24((P1Project24.Weights)w, threads)),
        new("P2", "1x1 conv + BN, 28x28x240 -> 40", P2Project40.MultiplyAdds, P2Project40.Graph,
            () => new P2Project40.Weights(), (w, threads) => new P2Project40((P2Project40.Weights)w, threads)),
    ];
}
