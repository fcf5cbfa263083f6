namespace CnnDsl.Tests.Inference;

// 3x3 stride-1 convolutions with at least 32 input and output channels run by Winograd: F(4x4,3x3)
// (Kernels.Winograd4Conv) with at least 8 output tiles of 4x4, else F(2x2,3x3) (Kernels.WinogradConv). Odd heights
// and widths (the last tile partly outside the output), "same", valid and asymmetric explicit padding (read as zeros
// by the input transform), channel counts that leave a partial vector (33, 35, 37, 40, 44, 48 against 4, 8 and 16
// lanes: the scalar channel tail) and every epilogue activation, on both tile sizes: 13x17 and 11x15 by F(4x4),
// then after the pool 5x7 and 3x5 (fewer than 8 tiles of 4x4) by F(2x2).

[Network(Input = "13x17x40")]
[Conv(48, 3, Act = Act.Relu)]
[Conv(33, 3, Padding = Padding.Valid, Act = Act.Relu6)]
[Conv(64, 3, Act = Act.HardSwish)]
[Conv(40, 3, PadTop = 2, PadLeft = 0, PadBottom = 0, PadRight = 2, Act = Act.Sigmoid)]
[Conv(37, 3, BatchNorm = true, Act = Act.Swish)]
[MaxPool(2)]
[Conv(35, 3, Bias = false, Act = Act.Relu6)]
[Conv(40, 3, PadTop = 0, PadLeft = 2, PadBottom = 2, PadRight = 0, Act = Act.HardSwish)]
[Conv(36, 3, Padding = Padding.Valid, Act = Act.Sigmoid)]
[Conv(44, 3, BatchNorm = true, Act = Act.Swish)]
[Conv(33, 3, Act = Act.Relu)]
[Conv(48, 3, Bias = false)]
public partial class WinogradOddShapes { }

/// <summary>F(4x4,3x3) tails: width 7 = 4 + 3 and height 17 = 4 x 4 + 1, then valid padding to 15x5 (4 x 2 tiles, 8: still F(4x4)).</summary>
[Network(Input = "17x7x36")]
[Conv(36, 3, BatchNorm = true, Act = Act.Relu)]
[Conv(50, 3, Padding = Padding.Valid, Act = Act.Swish)]
[Conv(32, 3)]
public partial class WinogradTails { }

/// <summary>A basic residual block whose second convolution adds the shortcut and applies ReLU in the Winograd epilogue.</summary>
[Block(Merge = Merge.Add, Act = Act.Relu)]
public class WinogradBasicBlock
{
    [Conv(64, 3, BatchNorm = true, Act = Act.Relu)][Conv(64, 3, BatchNorm = true)] public int Main;
    [Identity] public int Shortcut;
}

/// <summary>7x7 (4 tile rows, the last half outside) at 64 channels: fewer than 14 rows, so two threads split the channel pairs.</summary>
[Network(Input = "7x7x64")]
[Use<WinogradBasicBlock>]
[Use<WinogradBasicBlock>]
public partial class WinogradResiduals { }

/// <summary>13x13 (16 tiles of 4x4: F(4x4,3x3), the last tile row and column 1 of 4 inside) at 64 channels: fewer than 14 rows, so two threads split the channel pairs.</summary>
[Network(Input = "13x13x64")]
[Use<WinogradBasicBlock>]
[Use<WinogradBasicBlock>]
public partial class WinogradResiduals4 { }

/// <summary>
/// 46x46 (12 x 12 tiles of 4x4, the last row and column half outside) from 32 channels to 64: two threads split the
/// 144 tiles into 18 parts, one group of 8 tiles each (WinogradRule.Parts).
/// </summary>
[Network(Input = "46x46x32")]
[Conv(64, 3, BatchNorm = true, Act = Act.Relu)]
[Use<WinogradBasicBlock>]
public partial class WinogradRowSplit { }

/// <summary>Winograd branches writing their channel slices of a concatenation (the output's position stride is the concatenation's).</summary>
[Block(Merge = Merge.Concat)]
public class WinogradBranches
{
    [Conv(32, 3, Act = Act.Relu)] public int Narrow;
    [Conv(48, 3, Act = Act.Relu6)] public int Wide;
}

[Network(Input = "14x15x32")]
[Use<WinogradBranches>]
[Conv(64, 3, BatchNorm = true, Act = Act.Relu)]
public partial class WinogradConcat { }

/// <summary>
/// 28x28 (7 x 7 tiles of 4x4, split on two threads in groups of 8 tiles across the rows) with an odd number of channel
/// vectors (48 filters: 3 vectors at 16 lanes), then Winograd branches writing concatenation slices, then after the
/// pool 12x12 (9 tiles of 4x4) with a partial vector (40 filters).
/// </summary>
[Network(Input = "28x28x32")]
[Conv(48, 3, BatchNorm = true, Act = Act.Relu)]
[Use<WinogradBranches>]
[MaxPool(2)]
[Conv(40, 3, Padding = Padding.Valid)]
public partial class WinogradOddVectors { }

/// <summary>
/// Layers split by tiles on two threads (fewer than 64 filters) in whole groups of 8 (the widest register tile), not
/// whole tile rows: 18x13 by F(4x4) (5 rows of 4 tiles: 2 groups, the last part also takes the 4 left over), 16x11 by
/// F(4x4) (12 tiles: one part has them all), then after the pool 8x5 by F(2x2,5x5) (12 tiles); odd channel vectors.
/// </summary>
[Network(Input = "18x13x40")]
[Conv(48, 3, Act = Act.Relu)]
[Conv(36, 3, Padding = Padding.Valid, Act = Act.Relu6)]
[MaxPool(2)]
[Conv(44, 5, BatchNorm = true, Act = Act.HardSwish)]
public partial class WinogradFewTileColumns { }

/// <summary>
/// Register tiles of 6 (AVX2) and their leftovers, on layers whose transformed weights are large enough to be read
/// ahead (at least 256K floats): 4x43 and then 2x41 by F(4x4,3x3) at 96 channels (11 tiles: 6 + a leftover of 5 in a
/// whole tile; 36 x 96 x 96 weights).
/// </summary>
[Network(Input = "4x43x96")]
[Conv(96, 3, Act = Act.Relu)]
[Conv(96, 3, Padding = Padding.Valid, BatchNorm = true)]
public partial class WinogradLargeWeights { }

/// <summary>7x7 at 128 channels by F(2x2,3x3): 16 tiles, 6 + 6 + a leftover of 4 in a tile of 4; 16 x 128 x 128 weights read ahead (ResNet-18's last stage, at 512).</summary>
[Network(Input = "7x7x128")]
[Conv(128, 3, BatchNorm = true, Act = Act.Relu)]
[Conv(128, 3)]
public partial class WinogradLargeWeights2 { }

/// <summary>Generated Winograd layers against the reference executor and ONNX Runtime, on one thread and on two (bit for bit).</summary>
public class WinogradAgreementTests
{
    [Fact] public void Odd_shapes_paddings_and_activations() => Agreement.Check(new WinogradOddShapes.Weights(), w => new WinogradOddShapes(w).Forward, batch: 2);
    [Fact] public void Fused_residuals() => Agreement.Check(new WinogradResiduals.Weights(), w => new WinogradResiduals(w).Forward, batch: 2);
    [Fact] public void Concatenation_slices() => Agreement.Check(new WinogradConcat.Weights(), w => new WinogradConcat(w).Forward, batch: 2);
    [Fact] public void Four_by_four_tails() => Agreement.Check(new WinogradTails.Weights(), w => new WinogradTails(w).Forward, batch: 2);
    [Fact] public void Fused_residuals_by_four_by_four_tiles() => Agreement.Check(new WinogradResiduals4.Weights(), w => new WinogradResiduals4(w).Forward, batch: 2);
    [Fact] public void Row_split_residuals() => Agreement.Check(new WinogradRowSplit.Weights(), w => new WinogradRowSplit(w).Forward, batch: 1);
    [Fact] public void Odd_shapes_on_two_threads() => Agreement.CheckOnTwoThreads(new WinogradOddShapes.Weights(), (w, t) => new WinogradOddShapes(w, t), batch: 2);
    [Fact] public void Channel_split_residuals_on_two_threads() => Agreement.CheckOnTwoThreads(new WinogradResiduals.Weights(), (w, t) => new WinogradResiduals(w, t), batch: 2);
    [Fact] public void Four_by_four_tails_on_two_threads() => Agreement.CheckOnTwoThreads(new WinogradTails.Weights(), (w, t) => new WinogradTails(w, t), batch: 2);
    [Fact] public void Channel_split_four_by_four_residuals_on_two_threads() => Agreement.CheckOnTwoThreads(new WinogradResiduals4.Weights(), (w, t) => new WinogradResiduals4(w, t), batch: 2);
    [Fact] public void Row_split_residuals_on_two_threads() => Agreement.CheckOnTwoThreads(new WinogradRowSplit.Weights(), (w, t) => new WinogradRowSplit(w, t), batch: 1);
    [Fact] public void Odd_channel_vectors_and_slices_on_two_threads() => Agreement.CheckOnTwoThreads(new WinogradOddVectors.Weights(), (w, t) => new WinogradOddVectors(w, t), batch: 2);
    [Fact] public void Tile_groups_across_short_rows_on_two_threads() => Agreement.CheckOnTwoThreads(new WinogradFewTileColumns.Weights(), (w, t) => new WinogradFewTileColumns(w, t), batch: 2);
    [Fact] public void Large_weights_read_ahead() => Agreement.Check(new WinogradLargeWeights.Weights(), w => new WinogradLargeWeights(w).Forward, batch: 2);
    [Fact] public void Large_weights_read_ahead_on_two_threads() => Agreement.CheckOnTwoThreads(new WinogradLargeWeights.Weights(), (w, t) => new WinogradLargeWeights(w, t), batch: 2);
    [Fact] public void Large_two_by_two_weights_read_ahead() => Agreement.Check(new WinogradLargeWeights2.Weights(), w => new WinogradLargeWeights2(w).Forward, batch: 2);
    [Fact] public void Large_two_by_two_weights_read_ahead_on_two_threads() => Agreement.CheckOnTwoThreads(new WinogradLargeWeights2.Weights(), (w, t) => new WinogradLargeWeights2(w, t), batch: 2);
    [Fact] public void Concatenation_slices_on_two_threads() => Agreement.CheckOnTwoThreads(new WinogradConcat.Weights(), (w, t) => new WinogradConcat(w, t), batch: 2);
}
