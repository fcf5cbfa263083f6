namespace CnnDsl.Zoo;

/// <summary>
/// EfficientNet-B0 (Tan and Le 2019, Table 1): each stage row is one MBConv attribute; squeeze-and-excitation 0.25 of
/// each block's input channels; Swish; batch normalization folded into the convolution biases.
/// </summary>
[Network(Input = "224x224x3")]
[Conv(32, 3, Stride = 2, Act = Act.Swish, Name = "stem")]
[MBConv(16, Expansion = 1, Kernel = 3)]
[MBConv(24, Expansion = 6, Kernel = 3, Repeat = 2, Stride = 2)]
[MBConv(40, Expansion = 6, Kernel = 5, Repeat = 2, Stride = 2)]
[MBConv(80, Expansion = 6, Kernel = 3, Repeat = 3, Stride = 2)]
[MBConv(112, Expansion = 6, Kernel = 5, Repeat = 3, Stride = 1)]
[MBConv(192, Expansion = 6, Kernel = 5, Repeat = 4, Stride = 2)]
[MBConv(320, Expansion = 6, Kernel = 3, Repeat = 1, Stride = 1)]
[Conv(1280, 1, Act = Act.Swish, Name = "head")]
[GlobalAvgPool]
[Dropout(0.2)]
[Dense(1000, Name = "classifier")]
public partial class EfficientNetB0
{
}
