namespace CnnDsl.Zoo;

/// <summary>
/// MobileNet V1 1.0-224 (Howard et al. 2017, Table 1). The table prints stride 2 for the last depthwise layer,
/// but the paper's 569M mult-adds and the 7x7 average pool only work with stride 1 there (an erratum).
/// </summary>
[Network(Input = "224x224x3")]
[Conv(32, 3, Stride = 2, Act = Act.Relu, Name = "conv1")]
[DepthwiseSeparable(64)]
[DepthwiseSeparable(128, Stride = 2)]
[DepthwiseSeparable(128)]
[DepthwiseSeparable(256, Stride = 2)]
[DepthwiseSeparable(256)]
[DepthwiseSeparable(512, Stride = 2)]
[DepthwiseSeparable(512)]
[DepthwiseSeparable(512)]
[DepthwiseSeparable(512)]
[DepthwiseSeparable(512)]
[DepthwiseSeparable(512)]
[DepthwiseSeparable(1024, Stride = 2)]
[DepthwiseSeparable(1024)]
[GlobalAvgPool]
[Dense(1000, Act = Act.Softmax, Name = "classifier")]
public partial class MobileNetV1
{
}
