namespace CnnDsl.Tests.Inference;

// Convolutions whose output rows are too short for whole register tiles of 6 (7, 8, 9, 13 and 14 columns) run, with
// AVX2's 16 registers, as one range of positions whose tiles cross from one row into the next (ConvKernel.WrapsRows):
// strided, bordered, in parts (more than 256 taps), a lone vector of channels, a residual fused into a strided 1x1
// shortcut, swish finished from memory, a dilated layer; on one thread and on two (each its own rows).

/// <summary>ResNet's downsampling block: a strided 3x3 and a strided 1x1 shortcut that adds the main path in its epilogue.</summary>
[Block(Merge = Merge.Add, Act = Act.Relu)]
public class ShortRowDownsample
{
    [Conv(40, 3, Stride = 2, BatchNorm = true, Act = Act.Relu)][Conv(40, 3, BatchNorm = true)] public int Main;
    [Conv(40, 1, Stride = 2, BatchNorm = true)] public int Shortcut;
}

/// <summary>14x14x300 to 7x7 (2,700 taps: in parts), then 7 columns of 24 channels (a lone vector at 16 lanes) and of 8.</summary>
[Network(Input = "14x14x300")]
[Use<ShortRowDownsample>]
[Conv(24, 3, Act = Act.Relu6)]
[Conv(8, 3, Dilation = 2, Act = Act.Swish)]
public partial class ShortRowsOfSeven { }

/// <summary>26x26 to 13x13 (13 = 5 + 4 + 4 per row), 13 columns with swish, then a 6x6 kernel to 8x8 and a 2x2 to 7x7.</summary>
[Network(Input = "26x26x24")]
[Use<ShortRowDownsample>]
[Conv(20, 3, Act = Act.Swish)]
[Conv(36, 6, Padding = Padding.Valid, Act = Act.Relu)]
[Conv(12, 2, Padding = Padding.Valid)]
public partial class ShortRowsOfThirteen { }

/// <summary>28x28 to 14x14 (14 = 5 + 5 + 4 per row).</summary>
[Network(Input = "28x28x16")]
[Conv(32, 3, Stride = 2, Act = Act.Relu)]
[Conv(16, 5, BatchNorm = true)]
public partial class ShortRowsOfFourteen { }

/// <summary>18x18 to 9x9 (9 = 5 + 4 per row).</summary>
[Network(Input = "18x18x16")]
[Conv(24, 3, Stride = 2, Act = Act.Relu)]
[Conv(8, 5, Act = Act.HardSwish)]
public partial class ShortRowsOfNine { }

/// <summary>Generated convolutions on short rows against the reference executor and ONNX Runtime, on one thread and on two (bit for bit).</summary>
public class ShortRowAgreementTests
{
    [Fact] public void Rows_of_seven() => Agreement.Check(new ShortRowsOfSeven.Weights(), w => new ShortRowsOfSeven(w).Forward, batch: 2);
    [Fact] public void Rows_of_thirteen_and_eight() => Agreement.Check(new ShortRowsOfThirteen.Weights(), w => new ShortRowsOfThirteen(w).Forward, batch: 2);
    [Fact] public void Rows_of_fourteen() => Agreement.Check(new ShortRowsOfFourteen.Weights(), w => new ShortRowsOfFourteen(w).Forward, batch: 2);
    [Fact] public void Rows_of_nine() => Agreement.Check(new ShortRowsOfNine.Weights(), w => new ShortRowsOfNine(w).Forward, batch: 3);
    [Fact] public void Rows_of_seven_on_two_threads() => Agreement.CheckOnTwoThreads(new ShortRowsOfSeven.Weights(), (w, t) => new ShortRowsOfSeven(w, t), batch: 2);
    [Fact] public void Rows_of_thirteen_and_eight_on_two_threads() => Agreement.CheckOnTwoThreads(new ShortRowsOfThirteen.Weights(), (w, t) => new ShortRowsOfThirteen(w, t), batch: 2);
    [Fact] public void Rows_of_fourteen_on_two_threads() => Agreement.CheckOnTwoThreads(new ShortRowsOfFourteen.Weights(), (w, t) => new ShortRowsOfFourteen(w, t), batch: 2);
    [Fact] public void Rows_of_nine_on_two_threads() => Agreement.CheckOnTwoThreads(new ShortRowsOfNine.Weights(), (w, t) => new ShortRowsOfNine(w, t), batch: 3);
}
