namespace CnnDsl.Tests.Inference;

// Squeeze-and-excitation and MBConv on channel counts that are no multiple of a vector width (5, 13, 37).

[Network(Input = "6x5x37")]
[SqueezeExcite(0.25)]
[SqueezeExcite(0.1, Act = Act.Relu)]
[Conv(5, 1, Act = Act.HardSwish)]
[SqueezeExcite(0.5, Act = Act.Relu6)]
public partial class SqueezeExciteLayers { }

[Network(Input = "11x9x5")]
[Conv(13, 3, Stride = 2, Act = Act.Swish)]
[MBConv(13, Expansion = 1)]
[MBConv(13, Kernel = 5, Repeat = 3)]
[MBConv(37, Expansion = 4, Stride = 2, Repeat = 2, SqueezeExcite = 0)]
[MBConv(5, Expansion = 3, SqueezeExcite = 0.5)]
public partial class SmallMBConvs { }

/// <summary>Global pools over 35, 12 and 4 positions (none a multiple of 8), on odd channel counts.</summary>
[Network(Input = "7x5x19")]
[SqueezeExcite(0.25)]
[Conv(21, 3, Stride = 2, Act = Act.Swish)]
[SqueezeExcite(0.5)]
[Conv(9, 3, Stride = 2, Act = Act.Swish)]
[GlobalAvgPool]
public partial class PoolPositionsNetwork { }

/// <summary>EfficientNet-B0's whole graph (every block, every channel count) at 72x72: sizes 36, 18, 9, 5, 3 reach odd stride-2 inputs, in seconds.</summary>
[Network(BasedOn = typeof(Zoo.EfficientNetB0), Resolution = 72)]
public partial class EfficientNetB0At72 { }

/// <summary>B2's rounded widths (32, 16, 24, 48, 88, 120, 208, 352, 1408) and deeper stages, at 66x66.</summary>
[Network(BasedOn = typeof(Zoo.EfficientNetB2), Resolution = 66)]
public partial class EfficientNetB2At66 { }

/// <summary>Generated inference of the new Scale op and MBConv blocks against the reference executor.</summary>
public class SqueezeExciteAgreementTests
{
    [Fact] public void Squeeze_excite_layers() => Agreement.Check(new SqueezeExciteLayers.Weights(), w => new SqueezeExciteLayers(w).Forward, batch: 3);
    [Fact] public void MBConv_blocks_with_residuals_and_squeeze_excite() => Agreement.Check(new SmallMBConvs.Weights(), w => new SmallMBConvs(w).Forward, batch: 2);
    [Fact] public void Global_pools_over_odd_position_counts() => Agreement.Check(new PoolPositionsNetwork.Weights(), w => new PoolPositionsNetwork(w).Forward, batch: 2);
    // The early blocks' scale folds into their projection's weights (written by thread 0, read by both).
    [Fact] public void MBConv_blocks_on_two_threads() => Agreement.CheckOnTwoThreads(new SmallMBConvs.Weights(), (w, threads) => new SmallMBConvs(w, threads), batch: 2);
    [Fact] public void EfficientNetB0_graph_on_two_threads() => Agreement.CheckOnTwoThreads(new EfficientNetB0At72.Weights(), (w, threads) => new EfficientNetB0At72(w, threads), batch: 1);
    [Fact] public void EfficientNetB0_graph() => Agreement.Check(new EfficientNetB0At72.Weights(), w => new EfficientNetB0At72(w).Forward, batch: 1);
    [Fact] public void EfficientNetB2_graph() => Agreement.Check(new EfficientNetB2At66.Weights(), w => new EfficientNetB2At66(w).Forward, batch: 1);
}
