namespace CnnDsl.Tests.Inference;

// A full lone 16-float block of output channels (16 channels, or the last of an odd number of blocks: 48, 80, 112)
// runs as a pair of 8-float halves where the 512-bit FMA runs at half rate (test.sh runs these tests with
// CNNDSL_FMA_HALF_RATE at 0 and 1), and a flat layer of one part reads the next tile's output and residual lines
// ahead. Positions that are no multiple of the 12-position tile, rows that are and are not wider than it.

/// <summary>A bottleneck of 1x1 layers around 48 channels (a pair and a lone block), 80 out with the residual (two pairs and a lone block).</summary>
[Block(Merge = Merge.Add, Act = Act.Relu)]
public class LoneVectorResidual
{
    [Conv(48, 1, BatchNorm = true, Act = Act.Relu)]
    [Conv(80, 1, BatchNorm = true)]
    public int Residual;
    [Identity] public int Shortcut;
}

/// <summary>Two 1x1 branches of 16 channels writing their slices of a concatenation (a position stride of 32).</summary>
[Block(Merge = Merge.Concat)]
public class LoneVectorBranches
{
    [Conv(16, 1, Act = Act.Relu)] public int Left;
    [Conv(16, 1, Act = Act.Swish)] public int Right;
}

/// <summary>
/// 26x26 (676 positions = 56 x 12 + 4): a 1x1 projection to 16 channels, 1x1 to 80 with ReLU6, the residual bottleneck,
/// a 3x3 padded layer of 16 (rows of 26), a strided 1x1 of 16 (rows of 13), the concatenated branches, 16 with sigmoid
/// (narrow tiles), a 3x3 stride-2 layer of 48 (rows of 7: kept at 16 floats), then 1x1 to 16 on 49 positions.
/// </summary>
[Network(Input = "26x26x32")]
[Conv(16, 1, BatchNorm = true)]
[Conv(80, 1, Act = Act.Relu6)]
[Use<LoneVectorResidual>]
[Conv(16, 3, Pad = 1, Act = Act.Relu)]
[Conv(16, 1, Stride = 2)]
[Use<LoneVectorBranches>]
[Conv(16, 1, Act = Act.Sigmoid)]
[Conv(48, 3, Stride = 2, Act = Act.Relu)]
[Conv(16, 1)]
public partial class LoneVectorConvs { }

/// <summary>EfficientNet-B0's 14x14 projection, smaller: 288 taps in two parts, 112 channels (three pairs and a lone block), 196 positions.</summary>
[Network(Input = "14x14x288")]
[Conv(112, 1, BatchNorm = true)]
[Conv(16, 1, Act = Act.Relu)]
public partial class LoneVectorParts { }

/// <summary>Lone 16-float blocks and the output read ahead, against the reference executor and ONNX Runtime.</summary>
public class LoneVectorAgreementTests
{
    [Fact] public void Lone_blocks_flat_strided_and_in_rows() => Agreement.Check(new LoneVectorConvs.Weights(), w => new LoneVectorConvs(w).Forward, batch: 2);
    [Fact] public void Lone_block_in_parts_of_taps() => Agreement.Check(new LoneVectorParts.Weights(), w => new LoneVectorParts(w).Forward, batch: 2);
    [Fact] public void Lone_blocks_on_two_threads() => Agreement.CheckOnTwoThreads(new LoneVectorConvs.Weights(), (w, t) => new LoneVectorConvs(w, t), batch: 3);
    [Fact] public void Lone_block_in_parts_on_two_threads() => Agreement.CheckOnTwoThreads(new LoneVectorParts.Weights(), (w, t) => new LoneVectorParts(w, t), batch: 3);
}
