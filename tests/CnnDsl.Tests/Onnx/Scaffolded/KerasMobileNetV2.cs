// Scaffolded from an ONNX model by cnndsl-scaffold; weights load with OnnxImporter.ImportWeights.
// A pretrained network is not a design to advise on: no cost advice (bottleneck, depthwise, SIMD width, factorization) here.
#pragma warning disable CNN0101, CNN0102, CNN0105, CNN0107
using CnnDsl;

namespace CnnDsl.Tests.Onnx.Scaffolded;

[Network(Input = "224x224x3")]
[Conv(32, 3, Stride = 2, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu6)]
[InvertedResidual(16, Expansion = 1)]
[InvertedResidual(24, Expansion = 6, Repeat = 2, Stride = 2)]
[InvertedResidual(32, Expansion = 6, Repeat = 3, Stride = 2)]
[InvertedResidual(64, Expansion = 6, Repeat = 4, Stride = 2)]
[InvertedResidual(96, Expansion = 6, Repeat = 3)]
[InvertedResidual(160, Expansion = 6, Repeat = 3, Stride = 2)]
[InvertedResidual(320, Expansion = 6)]
[Conv(1280, 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001f, Act = Act.Relu6)]
[GlobalAvgPool]
[Dense(1000)]
public partial class KerasMobileNetV2
{
}
