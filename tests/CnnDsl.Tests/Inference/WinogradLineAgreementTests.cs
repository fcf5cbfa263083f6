namespace CnnDsl.Tests.Inference;

// 1 x 7 and 7 x 1 stride-1 convolutions with at least 32 channels in and out run by one-dimensional Winograd F(4,7)
// (Kernels.WinogradLineConv): along the rows for 1 x 7, down the columns for 7 x 1 (the 1 x 3 and 3 x 1 layers here
// run direct, beside them). Odd heights and
// widths (the last tile half outside the output), "same", valid and explicit padding on the kernel's axis and across
// it (rows or columns of zeros), channel counts that leave a partial vector (33, 37, 40, 44 against 4, 8 and 16 lanes),
// every epilogue activation, a fused residual and concatenation slices.

[Network(Input = "17x13x40")]
[Conv(48, 1, 7, Act = Act.Relu)]
[Conv(33, 7, 1, Act = Act.Relu6)]
[Conv(44, 1, 7, Padding = Padding.Valid, Act = Act.HardSwish)]
[Conv(40, 7, 1, Padding = Padding.Valid, Act = Act.Sigmoid)]
[Conv(37, 1, 3, BatchNorm = true, Act = Act.Swish)]
[Conv(36, 3, 1, Bias = false)]
[Conv(40, 1, 7, PadTop = 1, PadLeft = 2, PadBottom = 0, PadRight = 4, Act = Act.Relu)]
[Conv(33, 7, 1, PadTop = 4, PadLeft = 0, PadBottom = 2, PadRight = 1, Act = Act.Relu6)]
public partial class WinogradLineShapes { }

/// <summary>A factorized 7x7 (1x7 then 7x1) whose second half adds the shortcut and applies ReLU in the Winograd epilogue.</summary>
[Block(Merge = Merge.Add, Act = Act.Relu)]
public class WinogradLineBlock
{
    [Conv(48, 1, 7, BatchNorm = true, Act = Act.Relu)][Conv(64, 7, 1, BatchNorm = true)] public int Main;
    [Identity] public int Shortcut;
}

/// <summary>Inception v3's 17x17 factorized branches writing their channel slices of a concatenation.</summary>
[Block(Merge = Merge.Concat)]
public class WinogradLineBranches
{
    [Conv(32, 1, 7, Act = Act.Relu)][Conv(40, 7, 1, Act = Act.Relu)] public int Seven;
    [Conv(36, 1, 3, Act = Act.Relu)] public int Three;
    [Conv(44, 3, 1, Act = Act.Relu)] public int ThreeDown;
}

[Network(Input = "17x17x64")]
[Use<WinogradLineBlock>]
[Use<WinogradLineBranches>]
[Conv(48, 7, 1, Act = Act.Relu)]
public partial class WinogradLineBlocks { }

/// <summary>
/// 37x31 (37 x 8 tiles of 1x4 along the rows, 10 x 31 of 4x1 down the columns: more than 8 groups of 8, so two
/// threads split the tiles, in 24 parts; the 17x17 networks above have fewer and split the channel pairs in halves).
/// </summary>
[Network(Input = "37x31x40")]
[Conv(44, 1, 7, Act = Act.Relu)]
[Conv(36, 7, 1, BatchNorm = true, Act = Act.Swish)]
public partial class WinogradLineRowSplit { }

/// <summary>Generated one-dimensional Winograd layers against the reference executor and ONNX Runtime, on one thread and on two (bit for bit).</summary>
public class WinogradLineAgreementTests
{
    [Fact] public void Odd_shapes_paddings_and_activations() => Agreement.Check(new WinogradLineShapes.Weights(), w => new WinogradLineShapes(w).Forward, batch: 2);
    [Fact] public void Residuals_and_concatenation_slices() => Agreement.Check(new WinogradLineBlocks.Weights(), w => new WinogradLineBlocks(w).Forward, batch: 2);
    [Fact] public void Odd_shapes_on_two_threads() => Agreement.CheckOnTwoThreads(new WinogradLineShapes.Weights(), (w, t) => new WinogradLineShapes(w, t), batch: 2);
    [Fact] public void Row_split_on_two_threads() => Agreement.CheckOnTwoThreads(new WinogradLineRowSplit.Weights(), (w, t) => new WinogradLineRowSplit(w, t), batch: 1);
    [Fact] public void Residuals_and_concatenation_slices_on_two_threads() => Agreement.CheckOnTwoThreads(new WinogradLineBlocks.Weights(), (w, t) => new WinogradLineBlocks(w, t), batch: 2);
}
