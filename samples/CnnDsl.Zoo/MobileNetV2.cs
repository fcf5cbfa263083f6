namespace CnnDsl.Zoo;

/// <summary>MobileNet V2 1.0-224 (Sandler et al. 2018, Table 2): each bottleneck row (t, c, n, s) is one attribute.</summary>
[Network(Input = "224x224x3")]
[Conv(32, 3, Stride = 2, Act = Act.Relu6, Name = "conv1")]
[InvertedResidual(16, Expansion = 1)]
[InvertedResidual(24, Expansion = 6, Repeat = 2, Stride = 2)]
[InvertedResidual(32, Expansion = 6, Repeat = 3, Stride = 2)]
[InvertedResidual(64, Expansion = 6, Repeat = 4, Stride = 2)]
[InvertedResidual(96, Expansion = 6, Repeat = 3, Stride = 1)]
[InvertedResidual(160, Expansion = 6, Repeat = 3, Stride = 2)]
[InvertedResidual(320, Expansion = 6, Repeat = 1, Stride = 1)]
[Conv(1280, 1, Act = Act.Relu6, Name = "conv_last")]
[GlobalAvgPool]
[Dense(1000, Name = "classifier")]
public partial class MobileNetV2
{
}
