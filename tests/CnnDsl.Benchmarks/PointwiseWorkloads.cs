using System.Collections.Generic;

namespace CnnDsl.Benchmarks;

// Issue 14's single-layer rows for the projections of MobileNet V2 and EfficientNet-B0: output channels an odd number
// of 8-float vectors (24, 40: a 16-float vector leaves part of its last lanes empty there), one vector (16), and 196
// positions (not a multiple of the 12-position tile).

/// <summary>P1: MobileNet V2's 1x1 projection 56x56x144 -> 24 with batch norm, no activation (10.8M MACs).</summary>
[Network(Input = "56x56x144")]
[Conv(24, 1, BatchNorm = true)]
public partial class P1Project24 { }

/// <summary>P2: EfficientNet-B0's 1x1 projection 28x28x240 -> 40 with batch norm, no activation (7.5M MACs).</summary>
[Network(Input = "28x28x240")]
[Conv(40, 1, BatchNorm = true)]
public partial class P2Project40 { }

/// <summary>P6: MobileNet V2's first 1x1 projection 112x112x32 -> 16 with batch norm (6.4M MACs): one 16-float vector per position.</summary>
[Network(Input = "112x112x32")]
[Conv(16, 1, BatchNorm = true)]
public partial class P6Project16 { }

/// <summary>P7: EfficientNet-B0's 1x1 projection 14x14x672 -> 112 with batch norm (14.8M MACs): 196 positions, 7 vectors.</summary>
[Network(Input = "14x14x672")]
[Conv(112, 1, BatchNorm = true)]
public partial class P7Project112 { }

// ResNet-50's 1x1 layers, each pair a bottleneck block without its 3x3: 1x1 reduce + BN + ReLU, 1x1 expand + BN, the
// identity added and ReLU after it, on each stage's tensor. Stage 1's large tensors (3.2 MB out), stage 3's and
// stage 4's large weights (1 MB and 4 MB per layer: in the whole network they come from memory every call).

/// <summary>P3: ResNet-50 stage 1's 1x1 layers on 56x56x256: 256 -> 64 and 64 -> 256 + residual (102.8M MACs).</summary>
[Network(Input = "56x56x256")]
[Use<R50PointwisePair64>]
public partial class P3ResNetStage1 { }

/// <summary>P4: ResNet-50 stage 3's 1x1 layers on 14x14x1024: 1024 -> 256 and 256 -> 1024 + residual (102.8M MACs).</summary>
[Network(Input = "14x14x1024")]
[Use<R50PointwisePair256>]
public partial class P4ResNetStage3 { }

/// <summary>P5: ResNet-50 stage 4's 1x1 layers on 7x7x2048: 2048 -> 512 and 512 -> 2048 + residual (102.8M MACs).</summary>
[Network(Input = "7x7x2048")]
[Use<R50PointwisePair512>]
public partial class P5ResNetStage4 { }

/// <summary>A ResNet-50 bottleneck's two 1x1 layers at width 64 (4 x 64 out), identity shortcut.</summary>
[Block(Merge = Merge.Add, Act = Act.Relu)]
public class R50PointwisePair64
{
    [Conv(64, 1, Bias = false, BatchNorm = true, Act = Act.Relu)]
    [Conv(256, 1, Bias = false, BatchNorm = true)]
    public int Residual;
    [Identity] public int Shortcut;
}

/// <summary>A ResNet-50 bottleneck's two 1x1 layers at width 256 (4 x 256 out), identity shortcut.</summary>
[Block(Merge = Merge.Add, Act = Act.Relu)]
public class R50PointwisePair256
{
    [Conv(256, 1, Bias = false, BatchNorm = true, Act = Act.Relu)]
    [Conv(1024, 1, Bias = false, BatchNorm = true)]
    public int Residual;
    [Identity] public int Shortcut;
}

/// <summary>A ResNet-50 bottleneck's two 1x1 layers at width 512 (4 x 512 out), identity shortcut.</summary>
[Block(Merge = Merge.Add, Act = Act.Relu)]
public class R50PointwisePair512
{
    [Conv(512, 1, Bias = false, BatchNorm = true, Act = Act.Relu)]
    [Conv(2048, 1, Bias = false, BatchNorm = true)]
    public int Residual;
    [Identity] public int Shortcut;
}

/// <summary>The projection workloads, listed after the epilogue rows in <see cref="Workload.All"/>.</summary>
internal static class PointwiseWorkloads
{
    public static IReadOnlyList<Workload> All { get; } =
    [
        new("P1", "1x1 conv + BN, 56x56x144 -> 24", P1Project24.MultiplyAdds, P1Project24.Graph,
            () => new P1Project24.Weights(), (w, threads) => new P1Project24((P1Project24.Weights)w, threads)),
        new("P2", "1x1 conv + BN, 28x28x240 -> 40", P2Project40.MultiplyAdds, P2Project40.Graph,
            () => new P2Project40.Weights(), (w, threads) => new P2Project40((P2Project40.Weights)w, threads)),
        new("P3", "ResNet-50 1x1 pair + residual, 56x56x256", P3ResNetStage1.MultiplyAdds, P3ResNetStage1.Graph,
            () => new P3ResNetStage1.Weights(), (w, threads) => new P3ResNetStage1((P3ResNetStage1.Weights)w, threads)),
        new("P4", "ResNet-50 1x1 pair + residual, 14x14x1024", P4ResNetStage3.MultiplyAdds, P4ResNetStage3.Graph,
            () => new P4ResNetStage3.Weights(), (w, threads) => new P4ResNetStage3((P4ResNetStage3.Weights)w, threads)),
        new("P5", "ResNet-50 1x1 pair + residual, 7x7x2048", P5ResNetStage4.MultiplyAdds, P5ResNetStage4.Graph,
            () => new P5ResNetStage4.Weights(), (w, threads) => new P5ResNetStage4((P5ResNetStage4.Weights)w, threads)),
        new("P6", "1x1 conv + BN, 112x112x32 -> 16", P6Project16.MultiplyAdds, P6Project16.Graph,
            () => new P6Project16.Weights(), (w, threads) => new P6Project16((P6Project16.Weights)w, threads)),
        new("P7", "1x1 conv + BN, 14x14x672 -> 112", P7Project112.MultiplyAdds, P7Project112.Graph,
            () => new P7Project112.Weights(), (w, threads) => new P7Project112((P7Project112.Weights)w, threads)),
    ];
}
