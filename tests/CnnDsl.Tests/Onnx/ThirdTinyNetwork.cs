namespace CnnDsl.Tests.Onnx;

/// <summary>
/// The operations the other tiny networks leave out: squeeze-and-excitation (a Scale node, ONNX Mul), a standalone
/// activation, dropout and an explicit flatten before the dense layer.
/// </summary>
[Network(Input = "6x6x4")]
[Conv(8, 3, Act = Act.Swish, Name = "conv")]
[SqueezeExcite(0.25, Name = "se")]
[Activation(Act.Relu, Name = "relu")]
[Dropout(0.5, Name = "drop")]
[Flatten(Name = "flat")]
[Dense(3, Name = "fc")]
public partial class ThirdTinyNetwork
{
}
