namespace CnnDsl.Tests.Onnx;

/// <summary>
/// The layers <see cref="TinyNetwork"/> leaves out: a standalone batch norm, padded average pooling (padding not
/// counted), a concatenating block, HardSwish and Swish (Mul + Sigmoid), global pooling and a dense layer with Sigmoid.
/// </summary>
[Network(Input = "7x7x2")]
[BatchNorm(Act = Act.Relu, Name = "bn")]
[AvgPool(3, Stride = 2, PadTop = 1, PadLeft = 1, PadBottom = 0, PadRight = 1, Name = "avg")]
[Use<TinyConcat>(Name = "mix")]
[GlobalAvgPool(Name = "gap")]
[Dense(3, Act = Act.Sigmoid, Name = "head")]
public partial class SecondTinyNetwork
{
}

[Block(Merge = Merge.Concat)]
public class TinyConcat
{
    [Conv(3, 1, Act = Act.HardSwish)] public int Left;
    [Conv(2, 3, Pad = 1, Bias = false, Act = Act.Swish)] public int Right;
}
