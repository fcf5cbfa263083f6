namespace CnnDsl.Tests.Inference;

// The convolution kernel's software prefetches read ahead of what a tile uses: the next tile's input in a flat layer
// of at most 256 taps (past the input's end on the last tile), the next part's or channel pair's packed weights in a
// layer of large weights (past the weights' end on the last pair). ResNet-50's 1x1 geometries, smaller.

/// <summary>
/// A bottleneck's two 1x1 layers on weights of 1 MB each (1024 -> 256 in parts of 256 taps, 256 -> 1024 in one) and a
/// residual: ResNet-50 stage 3's pair on 7x7 positions.
/// </summary>
[Block(Merge = Merge.Add, Act = Act.Relu)]
public class LargeWeightPointwisePair
{
    [Conv(256, 1, Bias = false, BatchNorm = true, Act = Act.Relu)]
    [Conv(1024, 1, Bias = false, BatchNorm = true)]
    public int Residual;
    [Identity] public int Shortcut;
}

[Network(Input = "7x7x1024")]
[Use<LargeWeightPointwisePair>]
public partial class LargeWeightPointwise { }

/// <summary>A bottleneck's two 1x1 layers on 20x20 positions (400 = 33 x 12 + 4 and an even split), residual added.</summary>
[Block(Merge = Merge.Add, Act = Act.Relu)]
public class WidePointwisePair
{
    [Conv(64, 1, Bias = false, BatchNorm = true, Act = Act.Relu)]
    [Conv(256, 1, Bias = false, BatchNorm = true)]
    public int Residual;
    [Identity] public int Shortcut;
}

[Network(Input = "20x20x256")]
[Use<WidePointwisePair>]
[Conv(24, 1, BatchNorm = true)]
public partial class WidePointwise { }

/// <summary>Layers whose kernel reads ahead, against the reference executor and ONNX Runtime.</summary>
public class PrefetchAgreementTests
{
    [Fact] public void Large_weights_read_ahead_by_part_and_channel_pair() => Agreement.Check(new LargeWeightPointwise.Weights(), w => new LargeWeightPointwise(w).Forward, batch: 2);
    [Fact] public void Flat_layers_read_the_next_tile_ahead() => Agreement.Check(new WidePointwise.Weights(), w => new WidePointwise(w).Forward, batch: 2);
    [Fact] public void Large_weights_on_two_threads() => Agreement.CheckOnTwoThreads(new LargeWeightPointwise.Weights(), (w, t) => new LargeWeightPointwise(w, t), batch: 3);
}
