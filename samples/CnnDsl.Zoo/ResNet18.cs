// Scaffolded from an ONNX model by cnndsl-scaffold; weights load with OnnxImporter.ImportWeights.
// A pretrained network is not a design to advise on: no cost advice (bottleneck, depthwise, SIMD width, factorization) here.
#pragma warning disable CNN0101, CNN0102, CNN0105, CNN0107
using CnnDsl;

namespace CnnDsl.Zoo;

/// <summary>
/// ResNet-18 as ML.NET ships it (NuGet Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1, tools/DnnImageModels/ResNet18Onnx/ResNet18.onnx,
/// a CNTK 2.6 export): basic blocks in stages of [2, 2, 2, 3], every conv followed by batch norm, asymmetric padding on
/// the stride-2 layers, and the 512 pooled features as output (no classifier). Scaffolded by cnndsl-scaffold; the
/// tests re-scaffold the model and compare (ignoring these /// lines). Input: BGR, 224x224, mean image subtracted
/// (see ResNet18Preprocessing in the tests).
/// </summary>
[Network(Input = "224x224x3")]
[Conv(64, 7, Stride = 2, PadTop = 3, PadLeft = 3, PadBottom = 2, PadRight = 2, Bias = false, BatchNorm = true, Act = Act.Relu)]
[MaxPool(3, Stride = 2, PadTop = 1, PadLeft = 1, PadBottom = 0, PadRight = 0)]
[Use<ResNet18Block1>(Repeat = 2)]
[Use<ResNet18Block2>]
[Use<ResNet18Block3>]
[Use<ResNet18Block4>]
[Use<ResNet18Block5>]
[Use<ResNet18Block6>]
[Use<ResNet18Block7>(Repeat = 2)]
[GlobalAvgPool]
public partial class ResNet18
{
}

[Block(Merge = Merge.Add, Act = Act.Relu)]
public class ResNet18Block1
{
    [Conv(64, 3, Bias = false, BatchNorm = true, Act = Act.Relu)]
    [Conv(64, 3, Bias = false, BatchNorm = true)]
    public int Branch1;
    [Identity] public int Shortcut;
}

[Block(Merge = Merge.Add, Act = Act.Relu)]
public class ResNet18Block2
{
    [Conv(128, 3, Stride = 2, PadTop = 1, PadLeft = 1, PadBottom = 0, PadRight = 0, Bias = false, BatchNorm = true, Act = Act.Relu)]
    [Conv(128, 3, Bias = false, BatchNorm = true)]
    public int Branch1;
    [Conv(128, 1, Stride = 2, Bias = false, BatchNorm = true)]
    public int Branch2;
}

[Block(Merge = Merge.Add, Act = Act.Relu)]
public class ResNet18Block3
{
    [Conv(128, 3, Bias = false, BatchNorm = true, Act = Act.Relu)]
    [Conv(128, 3, Bias = false, BatchNorm = true)]
    public int Branch1;
    [Identity] public int Shortcut;
}

[Block(Merge = Merge.Add, Act = Act.Relu)]
public class ResNet18Block4
{
    [Conv(256, 3, Stride = 2, PadTop = 1, PadLeft = 1, PadBottom = 0, PadRight = 0, Bias = false, BatchNorm = true, Act = Act.Relu)]
    [Conv(256, 3, Bias = false, BatchNorm = true)]
    public int Branch1;
    [Conv(256, 1, Stride = 2, Bias = false, BatchNorm = true)]
    public int Branch2;
}

[Block(Merge = Merge.Add, Act = Act.Relu)]
public class ResNet18Block5
{
    [Conv(256, 3, Bias = false, BatchNorm = true, Act = Act.Relu)]
    [Conv(256, 3, Bias = false, BatchNorm = true)]
    public int Branch1;
    [Identity] public int Shortcut;
}

[Block(Merge = Merge.Add, Act = Act.Relu)]
public class ResNet18Block6
{
    [Conv(512, 3, Stride = 2, PadTop = 1, PadLeft = 1, PadBottom = 0, PadRight = 0, Bias = false, BatchNorm = true, Act = Act.Relu)]
    [Conv(512, 3, Bias = false, BatchNorm = true)]
    public int Branch1;
    [Conv(512, 1, Stride = 2, Bias = false, BatchNorm = true)]
    public int Branch2;
}

[Block(Merge = Merge.Add, Act = Act.Relu)]
public class ResNet18Block7
{
    [Conv(512, 3, Bias = false, BatchNorm = true, Act = Act.Relu)]
    [Conv(512, 3, Bias = false, BatchNorm = true)]
    public int Branch1;
    [Identity] public int Shortcut;
}
