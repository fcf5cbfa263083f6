using System.Collections.Generic;

namespace CnnDsl.Benchmarks;

// Issue 10's rows: Inception v3's factorized 7x7, and a ResNeXt-style grouped convolution.

/// <summary>G1: a 1x7 then a 7x1 convolution on 17x17x192, as in Inception v3's figure 6 (2 x 74.6M MACs).</summary>
[Network(Input = "17x17x192")]
[Conv(192, 1, 7, Act = Act.Relu)]
[Conv(192, 7, 1, Act = Act.Relu)]
public partial class G1Factorized7x7 { }

/// <summary>G2: a grouped 3x3 convolution with 32 groups on 28x28x256 to 256 (ResNeXt's cardinality 32; 14.5M MACs).</summary>
[Network(Input = "28x28x256")]
[Conv(256, 3, Groups = 32, Act = Act.Relu)]
public partial class G2Grouped3x3 { }

/// <summary>The general-convolution workloads, listed after the others in <see cref="Workload.All"/>.</summary>
internal static class GeneralConvolutionWorkloads
{
    public static IReadOnlyList<Workload> All { get; } =
    [
        new("G1", "1x7 then 7x1 conv on 17x17x192 -> 192", G1Factorized7x7.MultiplyAdds, G1Factorized7x7.Graph,
            () => new G1Factorized7x7.Weights(), (w, threads) => new G1Factorized7x7((G1Factorized7x7.Weights)w, threads)),
        new("G2", "grouped 3x3 conv, 32 groups, 28x28x256 -> 256", G2Grouped3x3.MultiplyAdds, G2Grouped3x3.Graph,
            () => new G2Grouped3x3.Weights(), (w, threads) => new G2Grouped3x3((G2Grouped3x3.Weights)w, threads)),
    ];
}
