namespace CnnDsl.Tests.Inference;

// 3x3 stride-1 convolutions with at least 32 input and output channels run by Winograd F(2x2,3x3)
// (Kernels.WinogradConv): odd heights and widths (the last 2x2 tile half outside the output), "same", valid and
// asymmetric explicit padding (read as zeros by the input transform), channel counts that leave a partial vector
// (33, 35, 37, 40, 48 against 4, 8 and 16 lanes: the scalar channel tail) and every epilogue activation.

[Network(Input = "13x17x40")]
[Conv(48, 3, Act = Act.Relu)]
[Conv(33, 3, Padding = Padding.Valid, Act = Act.Relu6)]
[Conv(64, 3, Act = Act.HardSwish)]
[Conv(40, 3, PadTop = 2, PadLeft = 0, PadBottom = 0, PadRight = 2, Act = Act.Sigmoid)]
[Conv(37, 3, BatchNorm = true, Act = Act.Swish)]
[Conv(35, 3, Bias = false)]
public partial class WinogradOddShapes { }

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

/// <summary>Generated Winograd layers against the reference executor and ONNX Runtime, on one thread and on two (bit for bit).</summary>
public class WinogradAgreementTests
{
    [Fact] public void Odd_shapes_paddings_and_activations() => Agreement.Check(new WinogradOddShapes.Weights(), w => new WinogradOddShapes(w).Forward, batch: 2);
    [Fact] public void Fused_residuals() => Agreement.Check(new WinogradResiduals.Weights(), w => new WinogradResiduals(w).Forward, batch: 2);
    [Fact] public void Concatenation_slices() => Agreement.Check(new WinogradConcat.Weights(), w => new WinogradConcat(w).Forward, batch: 2);
    [Fact] public void Odd_shapes_on_two_threads() => Agreement.CheckOnTwoThreads(new WinogradOddShapes.Weights(), (w, t) => new WinogradOddShapes(w, t), batch: 2);
    [Fact] public void Channel_split_residuals_on_two_threads() => Agreement.CheckOnTwoThreads(new WinogradResiduals.Weights(), (w, t) => new WinogradResiduals(w, t), batch: 2);
    [Fact] public void Concatenation_slices_on_two_threads() => Agreement.CheckOnTwoThreads(new WinogradConcat.Weights(), (w, t) => new WinogradConcat(w, t), batch: 2);
}
