namespace CnnDsl.Tests.Inference;

// 5x5 stride-1 convolutions with at least 32 input and output channels run by Winograd F(2x2,5x5)
// (Kernels.Winograd5x5Conv; the 5x5 layers with fewer channels here run direct beside them). Odd heights and widths
// (the last 2x2 tile half outside the output), "same", valid and asymmetric explicit padding (read as zeros by the
// input transform), channel counts that leave a partial vector (33, 36, 37, 40, 44 against 4, 8 and 16 lanes) and
// every epilogue activation.

[Network(Input = "13x17x40")]
[Conv(48, 5, Act = Act.Relu)]
[Conv(33, 5, Padding = Padding.Valid, Act = Act.Relu6)]
[Conv(40, 5, PadTop = 4, PadLeft = 0, PadBottom = 0, PadRight = 4, Act = Act.HardSwish)]
[Conv(37, 5, BatchNorm = true, Act = Act.Swish)]
[Conv(36, 5, PadTop = 1, PadLeft = 3, PadBottom = 2, PadRight = 0, Act = Act.Sigmoid)]
[Conv(44, 5, Bias = false)]
[Conv(16, 5, Act = Act.Relu)]
public partial class Winograd5x5Shapes { }

/// <summary>Two 5x5 layers whose second adds the shortcut and applies ReLU in the Winograd epilogue.</summary>
[Block(Merge = Merge.Add, Act = Act.Relu)]
public class Winograd5x5Block
{
    [Conv(48, 5, BatchNorm = true, Act = Act.Relu)][Conv(48, 5, BatchNorm = true)] public int Main;
    [Identity] public int Shortcut;
}

/// <summary>GoogLeNet-style branches, 5x5 ones writing their channel slices of a concatenation.</summary>
[Block(Merge = Merge.Concat)]
public class Winograd5x5Branches
{
    [Conv(32, 1, Act = Act.Relu)] public int Pointwise;
    [Conv(32, 5, Act = Act.Relu)] public int Narrow;
    [Conv(48, 5, Act = Act.Relu6)] public int Wide;
}

/// <summary>11x11 (6 x 6 tiles of 2x2, the last row and column half outside): residual blocks, then concatenation slices.</summary>
[Network(Input = "11x11x48")]
[Use<Winograd5x5Block>]
[Use<Winograd5x5Branches>]
[Conv(40, 5, BatchNorm = true, Act = Act.Relu)]
public partial class Winograd5x5Blocks { }

/// <summary>35x29 (18 x 15 tiles of 2x2): two threads split the tiles, as on Inception v3's 35x35 layers (33 groups of 8 in 24 parts of 1 or 2, the 6 left over in the last).</summary>
[Network(Input = "35x29x48")]
[Conv(64, 5, Act = Act.Relu)]
[Conv(36, 5, BatchNorm = true, Act = Act.Swish)]
public partial class Winograd5x5RowSplit { }

/// <summary>Generated F(2x2,5x5) layers against the reference executor and ONNX Runtime, on one thread and on two (bit for bit).</summary>
public class Winograd5x5AgreementTests
{
    [Fact] public void Odd_shapes_paddings_and_activations() => Agreement.Check(new Winograd5x5Shapes.Weights(), w => new Winograd5x5Shapes(w).Forward, batch: 2);
    [Fact] public void Residuals_and_concatenation_slices() => Agreement.Check(new Winograd5x5Blocks.Weights(), w => new Winograd5x5Blocks(w).Forward, batch: 2);
    [Fact] public void Odd_shapes_on_two_threads() => Agreement.CheckOnTwoThreads(new Winograd5x5Shapes.Weights(), (w, t) => new Winograd5x5Shapes(w, t), batch: 2);
    [Fact] public void Residuals_and_concatenation_slices_on_two_threads() => Agreement.CheckOnTwoThreads(new Winograd5x5Blocks.Weights(), (w, t) => new Winograd5x5Blocks(w, t), batch: 2);
    [Fact] public void Row_split_on_two_threads() => Agreement.CheckOnTwoThreads(new Winograd5x5RowSplit.Weights(), (w, t) => new Winograd5x5RowSplit(w, t), batch: 1);
}
