// Scaffolded from an ONNX model by cnndsl-scaffold; weights load with OnnxImporter.ImportWeights.
// A pretrained network is not a design to advise on: no cost advice (bottleneck, depthwise, SIMD width, factorization) here.
#pragma warning disable CNN0101, CNN0102, CNN0105, CNN0107
using CnnDsl;

namespace CnnDsl.Tests.Onnx.Scaffolded;

[Network(Input = "13x11x8")]
[Conv(12, 1, 3, StrideH = 1, StrideW = 2, PadTop = 1, PadLeft = 2, PadBottom = 1, PadRight = 2, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu)]
[Conv(24, 3, Dilation = 2, Groups = 4, Act = Act.Relu)]
[Conv(16, 7, 1)]
[DepthwiseConv(3, StrideH = 2, StrideW = 1, DilationH = 2, DilationW = 1, Act = Act.Relu)]
[AvgPool(3, 2, StrideH = 1, StrideW = 2, CountIncludePad = true)]
[MaxPool(2, 3, StrideH = 2, StrideW = 1)]
[GlobalAvgPool]
[Dense(5)]
public partial class ScaffoldedGeneral
{
}
