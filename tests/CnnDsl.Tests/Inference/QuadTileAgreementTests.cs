namespace CnnDsl.Tests.Inference;

// 1x1 convolutions of 13 to 1024 positions (to 4096 with 128 channels or more) whose epilogue runs in registers take, with AVX2's 16 registers, tiles of
// 3 positions x 4 channel vectors (ConvKernel.Quads): tiles of 3 and of 2 positions, in parts (more than 256 taps, a
// short last part), a residual added in the epilogue, relu, relu6 and none, and the channels quads leave to the pair
// and lone-vector tiles (a partial last vector among them); on one thread and on two (split by channels below 14 rows).

/// <summary>A 1x1 bottleneck of 1x1 layers whose last adds the block's input in its epilogue, then relu.</summary>
[Block(Merge = Merge.Add, Act = Act.Relu)]
public class QuadResidualPair
{
    [Conv(48, 1, BatchNorm = true, Act = Act.Relu)][Conv(72, 1, BatchNorm = true)] public int Main;
    [Identity] public int Shortcut;
}

/// <summary>7x7 (49 positions = 15 x 3 + 2 x 2), 600 taps in parts (256 + 256 + 88), 72 channels (2 quads and a lone vector at 8 lanes), a residual, then 40 channels (a quad and a lone vector).</summary>
[Network(Input = "7x7x600")]
[Conv(72, 1, Act = Act.Relu)]
[Use<QuadResidualPair>]
[Conv(40, 1, Act = Act.Relu6)]
public partial class QuadTilesOfSevenBySeven { }

/// <summary>14x14 (196 positions), 64 -> 384 (12 quads) + relu6, then 384 -> 56 taps in parts (256 + 128; a quad, a pair and a lone vector) with batch norm and no activation.</summary>
[Network(Input = "14x14x64")]
[Conv(384, 1, BatchNorm = true, Act = Act.Relu6)]
[Conv(56, 1, BatchNorm = true)]
public partial class QuadTilesOfFourteen { }

/// <summary>4x4 (16 positions = 4 x 3 + 2 x 2), 1030 taps (a last part of 6), 100 channels (3 quads and a half-filled vector).</summary>
[Network(Input = "4x4x1030")]
[Conv(100, 1, Act = Act.Relu)]
[Conv(36, 1)]
public partial class QuadTilesOfSixteen { }

/// <summary>36x36 (1296 positions): 48 -> 128 in quads (128 channels and more up to 4096 positions), then 128 -> 64 on the 6 x 2 tile, then 64 -> 128 in quads again.</summary>
[Network(Input = "36x36x48")]
[Conv(128, 1, Act = Act.Relu)]
[Conv(64, 1, Act = Act.Relu)]
[Conv(128, 1)]
public partial class QuadTilesOfThirtySix { }

/// <summary>Generated 1x1 layers in quad tiles against the reference executor and ONNX Runtime, on one thread and on two (bit for bit).</summary>
public class QuadTileAgreementTests
{
    [Fact] public void Seven_by_seven_in_parts_with_a_residual() => Agreement.Check(new QuadTilesOfSevenBySeven.Weights(), w => new QuadTilesOfSevenBySeven(w).Forward, batch: 2);
    [Fact] public void Fourteen_by_fourteen() => Agreement.Check(new QuadTilesOfFourteen.Weights(), w => new QuadTilesOfFourteen(w).Forward, batch: 2);
    [Fact] public void Sixteen_positions_with_a_short_last_part() => Agreement.Check(new QuadTilesOfSixteen.Weights(), w => new QuadTilesOfSixteen(w).Forward, batch: 3);
    [Fact] public void Thirty_six_by_thirty_six() => Agreement.Check(new QuadTilesOfThirtySix.Weights(), w => new QuadTilesOfThirtySix(w).Forward, batch: 2);
    [Fact] public void Seven_by_seven_on_two_threads() => Agreement.CheckOnTwoThreads(new QuadTilesOfSevenBySeven.Weights(), (w, t) => new QuadTilesOfSevenBySeven(w, t), batch: 2);
    [Fact] public void Fourteen_by_fourteen_on_two_threads() => Agreement.CheckOnTwoThreads(new QuadTilesOfFourteen.Weights(), (w, t) => new QuadTilesOfFourteen(w, t), batch: 2);
    [Fact] public void Thirty_six_by_thirty_six_on_two_threads() => Agreement.CheckOnTwoThreads(new QuadTilesOfThirtySix.Weights(), (w, t) => new QuadTilesOfThirtySix(w, t), batch: 2);
    [Fact] public void Sixteen_positions_on_two_threads() => Agreement.CheckOnTwoThreads(new QuadTilesOfSixteen.Weights(), (w, t) => new QuadTilesOfSixteen(w, t), batch: 3);
}
