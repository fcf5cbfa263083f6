// Scaffolded from an ONNX model by cnndsl-scaffold; weights load with OnnxImporter.ImportWeights.
// A pretrained network is not a design to advise on: no cost advice (bottleneck, depthwise, SIMD width, factorization) here.
#pragma warning disable CNN0101, CNN0102, CNN0105, CNN0107
using CnnDsl;

namespace CnnDsl.Tests.Onnx.Scaffolded;

[Network(Input = "224x224x3")]
[Conv(32, 3, Stride = 2, PadTop = 0, PadLeft = 0, PadBottom = 1, PadRight = 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu6)]
[DepthwiseConv(3, Pad = 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu6)]
[Conv(16, 1, Padding = Padding.Valid, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f)]
[Conv(96, 1, Padding = Padding.Valid, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu6)]
[DepthwiseConv(3, Stride = 2, PadTop = 0, PadLeft = 0, PadBottom = 1, PadRight = 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu6)]
[Conv(24, 1, Padding = Padding.Valid, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f)]
[Use<KerasMobileNetV2Block1>]
[Conv(144, 1, Padding = Padding.Valid, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu6)]
[DepthwiseConv(3, Stride = 2, PadTop = 0, PadLeft = 0, PadBottom = 1, PadRight = 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu6)]
[Conv(32, 1, Padding = Padding.Valid, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f)]
[Use<KerasMobileNetV2Block2>(Repeat = 2)]
[Conv(192, 1, Padding = Padding.Valid, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu6)]
[DepthwiseConv(3, Stride = 2, PadTop = 0, PadLeft = 0, PadBottom = 1, PadRight = 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu6)]
[Conv(64, 1, Padding = Padding.Valid, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f)]
[Use<KerasMobileNetV2Block3>(Repeat = 3)]
[Conv(384, 1, Padding = Padding.Valid, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu6)]
[DepthwiseConv(3, Pad = 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu6)]
[Conv(96, 1, Padding = Padding.Valid, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f)]
[Use<KerasMobileNetV2Block4>(Repeat = 2)]
[Conv(576, 1, Padding = Padding.Valid, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu6)]
[DepthwiseConv(3, Stride = 2, PadTop = 0, PadLeft = 0, PadBottom = 1, PadRight = 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu6)]
[Conv(160, 1, Padding = Padding.Valid, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f)]
[Use<KerasMobileNetV2Block5>(Repeat = 2)]
[Conv(960, 1, Padding = Padding.Valid, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu6)]
[DepthwiseConv(3, Pad = 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu6)]
[Conv(320, 1, Padding = Padding.Valid, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f)]
[Conv(1280, 1, Padding = Padding.Valid, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu6)]
[GlobalAvgPool]
[Dense(1000)]
public partial class KerasMobileNetV2
{
}

[Block(Merge = Merge.Add)]
public class KerasMobileNetV2Block1
{
    [Identity] public int Shortcut;
    [Conv(144, 1, Padding = Padding.Valid, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu6)]
    [DepthwiseConv(3, Pad = 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu6)]
    [Conv(24, 1, Padding = Padding.Valid, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f)]
    public int Branch2;
}

[Block(Merge = Merge.Add)]
public class KerasMobileNetV2Block2
{
    [Identity] public int Shortcut;
    [Conv(192, 1, Padding = Padding.Valid, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu6)]
    [DepthwiseConv(3, Pad = 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu6)]
    [Conv(32, 1, Padding = Padding.Valid, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f)]
    public int Branch2;
}

[Block(Merge = Merge.Add)]
public class KerasMobileNetV2Block3
{
    [Identity] public int Shortcut;
    [Conv(384, 1, Padding = Padding.Valid, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu6)]
    [DepthwiseConv(3, Pad = 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu6)]
    [Conv(64, 1, Padding = Padding.Valid, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f)]
    public int Branch2;
}

[Block(Merge = Merge.Add)]
public class KerasMobileNetV2Block4
{
    [Identity] public int Shortcut;
    [Conv(576, 1, Padding = Padding.Valid, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu6)]
    [DepthwiseConv(3, Pad = 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu6)]
    [Conv(96, 1, Padding = Padding.Valid, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f)]
    public int Branch2;
}

[Block(Merge = Merge.Add)]
public class KerasMobileNetV2Block5
{
    [Identity] public int Shortcut;
    [Conv(960, 1, Padding = Padding.Valid, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu6)]
    [DepthwiseConv(3, Pad = 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu6)]
    [Conv(160, 1, Padding = Padding.Valid, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f)]
    public int Branch2;
}
