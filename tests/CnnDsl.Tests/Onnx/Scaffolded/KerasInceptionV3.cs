// Scaffolded from an ONNX model by cnndsl-scaffold; weights load with OnnxImporter.ImportWeights.
// A pretrained network is not a design to advise on: no cost advice (bottleneck, depthwise, SIMD width, factorization) here.
#pragma warning disable CNN0101, CNN0102, CNN0105, CNN0107
using CnnDsl;

namespace CnnDsl.Tests.Onnx.Scaffolded;

[Network(Input = "299x299x3")]
[Conv(32, 3, Stride = 2, Padding = Padding.Valid, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
[Conv(32, 3, Padding = Padding.Valid, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
[Conv(64, 3, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
[MaxPool(3, Stride = 2, Padding = Padding.Valid)]
[Conv(80, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
[Conv(192, 3, Padding = Padding.Valid, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
[MaxPool(3, Stride = 2, Padding = Padding.Valid)]
[Use<KerasInceptionV3Block1>]
[Use<KerasInceptionV3Block2>(Repeat = 2)]
[Use<KerasInceptionV3Block3>]
[Use<KerasInceptionV3Block4>]
[Use<KerasInceptionV3Block5>(Repeat = 2)]
[Use<KerasInceptionV3Block6>]
[Use<KerasInceptionV3Block7>]
[Use<KerasInceptionV3Block9>(Repeat = 2)]
[GlobalAvgPool]
[Dense(1000, Act = Act.Softmax)]
public partial class KerasInceptionV3
{
}

[Block(Merge = Merge.Concat)]
public class KerasInceptionV3Block1
{
    [Conv(64, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    public int Branch1;
    [Conv(48, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    [Conv(64, 5, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    public int Branch2;
    [Conv(64, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    [Conv(96, 3, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    [Conv(96, 3, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    public int Branch3;
    [AvgPool(3, Stride = 1)]
    [Conv(32, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    public int Branch4;
}

[Block(Merge = Merge.Concat)]
public class KerasInceptionV3Block2
{
    [Conv(64, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    public int Branch1;
    [Conv(48, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    [Conv(64, 5, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    public int Branch2;
    [Conv(64, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    [Conv(96, 3, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    [Conv(96, 3, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    public int Branch3;
    [AvgPool(3, Stride = 1)]
    [Conv(64, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    public int Branch4;
}

[Block(Merge = Merge.Concat)]
public class KerasInceptionV3Block3
{
    [Conv(384, 3, Stride = 2, Padding = Padding.Valid, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    public int Branch1;
    [Conv(64, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    [Conv(96, 3, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    [Conv(96, 3, Stride = 2, Padding = Padding.Valid, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    public int Branch2;
    [MaxPool(3, Stride = 2, Padding = Padding.Valid)]
    public int Branch3;
}

[Block(Merge = Merge.Concat)]
public class KerasInceptionV3Block4
{
    [Conv(192, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    public int Branch1;
    [Conv(128, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    [Conv(128, 1, 7, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    [Conv(192, 7, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    public int Branch2;
    [Conv(128, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    [Conv(128, 7, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    [Conv(128, 1, 7, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    [Conv(128, 7, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    [Conv(192, 1, 7, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    public int Branch3;
    [AvgPool(3, Stride = 1)]
    [Conv(192, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    public int Branch4;
}

[Block(Merge = Merge.Concat)]
public class KerasInceptionV3Block5
{
    [Conv(192, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    public int Branch1;
    [Conv(160, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    [Conv(160, 1, 7, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    [Conv(192, 7, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    public int Branch2;
    [Conv(160, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    [Conv(160, 7, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    [Conv(160, 1, 7, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    [Conv(160, 7, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    [Conv(192, 1, 7, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    public int Branch3;
    [AvgPool(3, Stride = 1)]
    [Conv(192, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    public int Branch4;
}

[Block(Merge = Merge.Concat)]
public class KerasInceptionV3Block6
{
    [Conv(192, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    public int Branch1;
    [Conv(192, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    [Conv(192, 1, 7, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    [Conv(192, 7, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    public int Branch2;
    [Conv(192, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    [Conv(192, 7, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    [Conv(192, 1, 7, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    [Conv(192, 7, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    [Conv(192, 1, 7, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    public int Branch3;
    [AvgPool(3, Stride = 1)]
    [Conv(192, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    public int Branch4;
}

[Block(Merge = Merge.Concat)]
public class KerasInceptionV3Block7
{
    [Conv(192, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    [Conv(320, 3, Stride = 2, Padding = Padding.Valid, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    public int Branch1;
    [Conv(192, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    [Conv(192, 1, 7, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    [Conv(192, 7, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    [Conv(192, 3, Stride = 2, Padding = Padding.Valid, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    public int Branch2;
    [MaxPool(3, Stride = 2, Padding = Padding.Valid)]
    public int Branch3;
}

[Block(Merge = Merge.Concat)]
public class KerasInceptionV3Block8
{
    [Conv(384, 1, 3, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    public int Branch1;
    [Conv(384, 3, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    public int Branch2;
}

[Block(Merge = Merge.Concat)]
public class KerasInceptionV3Block9
{
    [Conv(320, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    public int Branch1;
    [Conv(384, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    [Use<KerasInceptionV3Block8>]
    public int Branch2;
    [Conv(448, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    [Conv(384, 3, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    [Use<KerasInceptionV3Block8>]
    public int Branch3;
    [AvgPool(3, Stride = 1)]
    [Conv(192, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
    public int Branch4;
}
