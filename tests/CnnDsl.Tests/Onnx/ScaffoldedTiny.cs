// Scaffolded from an ONNX model by cnndsl-scaffold; weights load with OnnxImporter.ImportWeights.
// A pretrained network is not a design to advise on: no cost advice (bottleneck, depthwise, SIMD width, factorization) here.
#pragma warning disable CNN0101, CNN0102, CNN0105, CNN0107
using CnnDsl;

namespace CnnDsl.Tests.Onnx;

[Network(Input = "9x9x3")]
[Conv(4, 3, Stride = 2, PadTop = 1, PadLeft = 0, PadBottom = 0, PadRight = 1, Bias = false, BatchNorm = true, Act = Act.Relu)]
[DepthwiseConv(3, Stride = 2, Padding = Padding.SameLower, Act = Act.Relu6)]
[Use<ScaffoldedTinyBlock1>]
[MaxPool(2, Stride = 1)]
[Flatten]
[Dense(5, Act = Act.Softmax)]
public partial class ScaffoldedTiny
{
}

[Block(Merge = Merge.Add, Act = Act.Relu)]
public class ScaffoldedTinyBlock1
{
    [Identity] public int Shortcut;
    [Conv(4, 1, BatchNorm = true)]
    public int Branch2;
}
