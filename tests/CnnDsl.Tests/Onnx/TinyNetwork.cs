namespace CnnDsl.Tests.Onnx;

/// <summary>
/// Every feature the importer maps, in one small network: asymmetric pads with a fused batch norm, SAME_LOWER on a
/// depthwise conv with Relu6 (Clip), a residual whose conv has a bias and whose ONNX batch norm is folded into it,
/// end-padded max pooling, and a dense layer on a 2x2 map (so NCHW flatten order must be permuted).
/// </summary>
[Network(Input = "9x9x3")]
[Conv(4, 3, Stride = 2, PadTop = 1, PadLeft = 0, PadBottom = 0, PadRight = 1, Bias = false, BatchNorm = true, Act = Act.Relu, Name = "stem")]
[DepthwiseConv(3, Stride = 2, Padding = CnnDsl.Padding.SameLower, Act = Act.Relu6, Name = "dw")]
[Use<TinyResidual>(Name = "res")]
[MaxPool(2, Stride = 1, PadTop = 0, PadLeft = 0, PadBottom = 1, PadRight = 1, Name = "pool")]
[Dense(5, Act = Act.Softmax, Name = "fc")]
public partial class TinyNetwork
{
}

[Block(Merge = Merge.Add, Act = Act.Relu)]
public class TinyResidual
{
    [Conv(4, 1)] public int Main;
    [Identity] public int Shortcut;
}
