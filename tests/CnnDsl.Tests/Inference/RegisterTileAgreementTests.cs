namespace CnnDsl.Tests.Inference;

// Rows wide enough for the Vector512 tile of 12 columns, each leaving a different tail for the 4-column tiles and the
// one narrower tile after them (31 = 24 + 4 + 3, 26 = 24 + 2, 17 = 12 + 4 + 1, 14 = 12 + 2; flat positions split
// evenly, 80 = 3 x 12 + 4 x 11 and 49 = 4 x 10 + 9), on channel counts that leave a lone or partial channel vector
// (13, 20, 35, 37, 40) or none (64), through both kernels: taps unrolled by kernel row, and parts of at most 256 taps
// (3x3x37 = 333, 3x3x64 = 576). With Vector256 on 16 registers (AVX2 without AVX-512) the same rows split evenly into
// tiles of at most 6 (31 = 6 + 5 x 5, 29 = 4 x 6 + 5, 26 = 6 + 4 x 5, 17 = 6 + 6 + 5, 14 = 5 + 5 + 4, 7 = 4 + 3; flat
// 81 = 11 x 6 + 3 x 5): tiles of 3 to 6 columns (a broken 6-column tile fails every test here on such a machine).

[Network(Input = "9x31x13")]
[Conv(37, 3, Act = Act.Relu)]
[Conv(40, 3, Stride = 2, Act = Act.Swish)]
[Conv(20, 1)]
public partial class WideRowConvs { }

[Network(Input = "7x14x19")]
[Conv(35, 3, Act = Act.Relu6)]
[Conv(64, 3, StrideW = 2)]
[Conv(64, 3, BatchNorm = true, Act = Act.Relu)]
[Conv(17, 1)]
public partial class NarrowingConvs { }

/// <summary>A residual added in the epilogue of wide tiles, in both kernels (3x3x20 = 180 taps, 3x3x40 = 360).</summary>
[Block(Merge = Merge.Add, Act = Act.Relu)]
public class TileWideResidual
{
    [Conv(40, 3, Act = Act.Relu)][Conv(20, 3, BatchNorm = true)] public int Main;
    [Identity] public int Shortcut;
}

[Network(Input = "5x26x20")]
[Use<TileWideResidual>]
[Conv(13, 1, 5, Pad = 2, Act = Act.Sigmoid)]
public partial class WideResiduals { }

/// <summary>Grouped and dilated convolutions (one segment per tap) on rows of 29, 25 and 17 columns.</summary>
[Network(Input = "6x29x24")]
[Conv(48, 3, Groups = 2, Dilation = 2, Act = Act.Swish)]
[Conv(33, 3, DilationW = 2, Padding = Padding.Valid)]
[Conv(36, 1, 5, Groups = 3, DilationW = 2, Padding = Padding.Valid)]
public partial class WideGroupedDilatedConvs { }

/// <summary>A residual added to a 1x1 layer's sums in the registers of wide tiles.</summary>
[Block(Merge = Merge.Add, Act = Act.Relu)]
public class FlatTileResidual
{
    [Conv(16, 1, BatchNorm = true)] public int Main;
    [Identity] public int Shortcut;
}

/// <summary>
/// 1x1 layers on 81 positions, split evenly into wide tiles (4 x 12 + 3 x 11): a lone partial channel vector (13) and a
/// lone whole one (16, relu6) on wide tiles of one vector, swish on a pair and a lone vector (48), a residual added in
/// registers, relu on a pair and a partial lone vector (40).
/// </summary>
[Network(Input = "9x9x24")]
[Conv(13, 1)]
[Conv(48, 1, Act = Act.Swish)]
[Conv(16, 1, Act = Act.Relu6)]
[Use<FlatTileResidual>]
[Conv(40, 1, Act = Act.Relu)]
public partial class FlatWideTiles { }

/// <summary>Generated inference on every register tile and tail against the reference executor and ONNX Runtime.</summary>
public class RegisterTileAgreementTests
{
    [Fact] public void Wide_rows_with_every_tail() => Agreement.Check(new WideRowConvs.Weights(), w => new WideRowConvs(w).Forward, batch: 2);
    [Fact] public void Rows_of_14_and_7_and_whole_channel_vectors() => Agreement.Check(new NarrowingConvs.Weights(), w => new NarrowingConvs(w).Forward, batch: 2);
    [Fact] public void Wide_tiles_with_fused_residual() => Agreement.Check(new WideResiduals.Weights(), w => new WideResiduals(w).Forward, batch: 2);
    [Fact] public void Flat_layers_in_even_wide_tiles_of_one_or_two_vectors() => Agreement.Check(new FlatWideTiles.Weights(), w => new FlatWideTiles(w).Forward, batch: 2);
    [Fact] public void Flat_layers_in_even_wide_tiles_on_two_threads() => Agreement.CheckOnTwoThreads(new FlatWideTiles.Weights(), (w, t) => new FlatWideTiles(w, t), batch: 3);
    [Fact] public void Wide_grouped_and_dilated_rows() => Agreement.Check(new WideGroupedDilatedConvs.Weights(), w => new WideGroupedDilatedConvs(w).Forward, batch: 2);
}
