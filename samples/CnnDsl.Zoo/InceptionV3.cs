namespace CnnDsl.Zoo;

/// <summary>
/// Inception v3 (Szegedy et al. 2016, "Rethinking the Inception Architecture for Computer Vision"): figures 5, 6
/// and 7 and Table 1, 299x299x3 in, the 1000-class head out. Written in the form pretrained weights exist for,
/// Keras's <c>InceptionV3</c> (torchvision's <c>inception_v3</c> has the same graph): Table 1's stem becomes 3x3/2,
/// 3x3, 3x3 padded, pool, 1x1 to 80, 3x3 to 192, pool (no 288 conv), and the grid reductions between the module
/// groups are figure 10's (a strided convolution branch beside a strided max pool). Every convolution is Keras's
/// <c>conv2d_bn</c>: no bias, batch norm, ReLU. Average pools leave padding out of the mean, as Keras does
/// (torchvision counts it: <c>CountIncludePad = true</c>). The auxiliary classifier is a training device and is
/// left out; so is the head's dropout (inference). Layer names follow Keras's (mixed0 ... mixed10, predictions).
/// </summary>
[Network(Input = "299x299x3")]
[Conv(32, 3, Stride = 2, Padding = Padding.Valid, Bias = false, BatchNorm = true, Act = Act.Relu)]
[Conv(32, 3, Padding = Padding.Valid, Bias = false, BatchNorm = true, Act = Act.Relu)]
[Conv(64, 3, Bias = false, BatchNorm = true, Act = Act.Relu)]
[MaxPool(3, Stride = 2, Padding = Padding.Valid)]
[Conv(80, 1, Padding = Padding.Valid, Bias = false, BatchNorm = true, Act = Act.Relu)]
[Conv(192, 3, Padding = Padding.Valid, Bias = false, BatchNorm = true, Act = Act.Relu)]
[MaxPool(3, Stride = 2, Padding = Padding.Valid)]
[Use<InceptionV3Figure5Pool32>(Name = "mixed0")]
[Use<InceptionV3Figure5Pool64>(Name = "mixed1")]
[Use<InceptionV3Figure5Pool64>(Name = "mixed2")]
[Use<InceptionV3GridReduction35>(Name = "mixed3")]
[Use<InceptionV3Figure6Width128>(Name = "mixed4")]
[Use<InceptionV3Figure6Width160>(Name = "mixed5")]
[Use<InceptionV3Figure6Width160>(Name = "mixed6")]
[Use<InceptionV3Figure6Width192>(Name = "mixed7")]
[Use<InceptionV3GridReduction17>(Name = "mixed8")]
[Use<InceptionV3Figure7>(Name = "mixed9")]
[Use<InceptionV3Figure7>(Name = "mixed10")]
[GlobalAvgPool]
[Dense(1000, Act = Act.Softmax, Name = "predictions")]
public partial class InceptionV3
{
}

/// <summary>Figure 5 on the 35x35 grid: the 5x5 branch Keras keeps, and the 5x5 factorized into two 3x3s; pool projection to 32.</summary>
[Block]
public class InceptionV3Figure5Pool32
{
    [Conv(64, 1, Bias = false, BatchNorm = true, Act = Act.Relu)] public int Branch1x1;
    [Conv(48, 1, Bias = false, BatchNorm = true, Act = Act.Relu)][Conv(64, 5, Bias = false, BatchNorm = true, Act = Act.Relu)] public int Branch5x5;
    [Conv(64, 1, Bias = false, BatchNorm = true, Act = Act.Relu)][Conv(96, 3, Bias = false, BatchNorm = true, Act = Act.Relu)][Conv(96, 3, Bias = false, BatchNorm = true, Act = Act.Relu)] public int Branch3x3Double;
    [AvgPool(3, Stride = 1)][Conv(32, 1, Bias = false, BatchNorm = true, Act = Act.Relu)] public int BranchPool;
}

/// <summary>Figure 5 with the pool projection to 64 (mixed1 and mixed2: 288 channels out).</summary>
[Block]
public class InceptionV3Figure5Pool64
{
    [Conv(64, 1, Bias = false, BatchNorm = true, Act = Act.Relu)] public int Branch1x1;
    [Conv(48, 1, Bias = false, BatchNorm = true, Act = Act.Relu)][Conv(64, 5, Bias = false, BatchNorm = true, Act = Act.Relu)] public int Branch5x5;
    [Conv(64, 1, Bias = false, BatchNorm = true, Act = Act.Relu)][Conv(96, 3, Bias = false, BatchNorm = true, Act = Act.Relu)][Conv(96, 3, Bias = false, BatchNorm = true, Act = Act.Relu)] public int Branch3x3Double;
    [AvgPool(3, Stride = 1)][Conv(64, 1, Bias = false, BatchNorm = true, Act = Act.Relu)] public int BranchPool;
}

/// <summary>Figure 10: 35x35x288 to 17x17x768 by a strided convolution branch beside a strided max pool.</summary>
[Block]
public class InceptionV3GridReduction35
{
    [Conv(384, 3, Stride = 2, Padding = Padding.Valid, Bias = false, BatchNorm = true, Act = Act.Relu)] public int Branch3x3;
    [Conv(64, 1, Bias = false, BatchNorm = true, Act = Act.Relu)][Conv(96, 3, Bias = false, BatchNorm = true, Act = Act.Relu)][Conv(96, 3, Stride = 2, Padding = Padding.Valid, Bias = false, BatchNorm = true, Act = Act.Relu)] public int Branch3x3Double;
    [MaxPool(3, Stride = 2, Padding = Padding.Valid)] public int BranchPool;
}

/// <summary>Figure 6 on the 17x17 grid (n = 7): 7x7s factorized into 1x7 then 7x1, inner width 128 (mixed4).</summary>
[Block]
public class InceptionV3Figure6Width128
{
    [Conv(192, 1, Bias = false, BatchNorm = true, Act = Act.Relu)] public int Branch1x1;
    [Conv(128, 1, Bias = false, BatchNorm = true, Act = Act.Relu)][Conv(128, 1, 7, Bias = false, BatchNorm = true, Act = Act.Relu)][Conv(192, 7, 1, Bias = false, BatchNorm = true, Act = Act.Relu)] public int Branch7x7;
    [Conv(128, 1, Bias = false, BatchNorm = true, Act = Act.Relu)][Conv(128, 7, 1, Bias = false, BatchNorm = true, Act = Act.Relu)][Conv(128, 1, 7, Bias = false, BatchNorm = true, Act = Act.Relu)]
    [Conv(128, 7, 1, Bias = false, BatchNorm = true, Act = Act.Relu)][Conv(192, 1, 7, Bias = false, BatchNorm = true, Act = Act.Relu)] public int Branch7x7Double;
    [AvgPool(3, Stride = 1)][Conv(192, 1, Bias = false, BatchNorm = true, Act = Act.Relu)] public int BranchPool;
}

/// <summary>Figure 6, inner width 160 (mixed5 and mixed6).</summary>
[Block]
public class InceptionV3Figure6Width160
{
    [Conv(192, 1, Bias = false, BatchNorm = true, Act = Act.Relu)] public int Branch1x1;
    [Conv(160, 1, Bias = false, BatchNorm = true, Act = Act.Relu)][Conv(160, 1, 7, Bias = false, BatchNorm = true, Act = Act.Relu)][Conv(192, 7, 1, Bias = false, BatchNorm = true, Act = Act.Relu)] public int Branch7x7;
    [Conv(160, 1, Bias = false, BatchNorm = true, Act = Act.Relu)][Conv(160, 7, 1, Bias = false, BatchNorm = true, Act = Act.Relu)][Conv(160, 1, 7, Bias = false, BatchNorm = true, Act = Act.Relu)]
    [Conv(160, 7, 1, Bias = false, BatchNorm = true, Act = Act.Relu)][Conv(192, 1, 7, Bias = false, BatchNorm = true, Act = Act.Relu)] public int Branch7x7Double;
    [AvgPool(3, Stride = 1)][Conv(192, 1, Bias = false, BatchNorm = true, Act = Act.Relu)] public int BranchPool;
}

/// <summary>Figure 6, inner width 192 (mixed7).</summary>
[Block]
public class InceptionV3Figure6Width192
{
    [Conv(192, 1, Bias = false, BatchNorm = true, Act = Act.Relu)] public int Branch1x1;
    [Conv(192, 1, Bias = false, BatchNorm = true, Act = Act.Relu)][Conv(192, 1, 7, Bias = false, BatchNorm = true, Act = Act.Relu)][Conv(192, 7, 1, Bias = false, BatchNorm = true, Act = Act.Relu)] public int Branch7x7;
    [Conv(192, 1, Bias = false, BatchNorm = true, Act = Act.Relu)][Conv(192, 7, 1, Bias = false, BatchNorm = true, Act = Act.Relu)][Conv(192, 1, 7, Bias = false, BatchNorm = true, Act = Act.Relu)]
    [Conv(192, 7, 1, Bias = false, BatchNorm = true, Act = Act.Relu)][Conv(192, 1, 7, Bias = false, BatchNorm = true, Act = Act.Relu)] public int Branch7x7Double;
    [AvgPool(3, Stride = 1)][Conv(192, 1, Bias = false, BatchNorm = true, Act = Act.Relu)] public int BranchPool;
}

/// <summary>Figure 10 again: 17x17x768 to 8x8x1280.</summary>
[Block]
public class InceptionV3GridReduction17
{
    [Conv(192, 1, Bias = false, BatchNorm = true, Act = Act.Relu)][Conv(320, 3, Stride = 2, Padding = Padding.Valid, Bias = false, BatchNorm = true, Act = Act.Relu)] public int Branch3x3;
    [Conv(192, 1, Bias = false, BatchNorm = true, Act = Act.Relu)][Conv(192, 1, 7, Bias = false, BatchNorm = true, Act = Act.Relu)][Conv(192, 7, 1, Bias = false, BatchNorm = true, Act = Act.Relu)]
    [Conv(192, 3, Stride = 2, Padding = Padding.Valid, Bias = false, BatchNorm = true, Act = Act.Relu)] public int Branch7x7x3;
    [MaxPool(3, Stride = 2, Padding = Padding.Valid)] public int BranchPool;
}

/// <summary>Figure 7 on the 8x8 grid: the expanded filter bank, 2048 channels out (mixed9 and mixed10).</summary>
[Block]
public class InceptionV3Figure7
{
    [Conv(320, 1, Bias = false, BatchNorm = true, Act = Act.Relu)] public int Branch1x1;
    [Conv(384, 1, Bias = false, BatchNorm = true, Act = Act.Relu)][Use<InceptionV3Expanded384>] public int Branch3x3;
    [Conv(448, 1, Bias = false, BatchNorm = true, Act = Act.Relu)][Conv(384, 3, Bias = false, BatchNorm = true, Act = Act.Relu)][Use<InceptionV3Expanded384>] public int Branch3x3Double;
    [AvgPool(3, Stride = 1)][Conv(192, 1, Bias = false, BatchNorm = true, Act = Act.Relu)] public int BranchPool;
}

/// <summary>Figure 7's expansion: a 1x3 and a 3x1 side by side on the same input, concatenated (768 channels).</summary>
[Block]
public class InceptionV3Expanded384
{
    [Conv(384, 1, 3, Bias = false, BatchNorm = true, Act = Act.Relu)] public int Wide;
    [Conv(384, 3, 1, Bias = false, BatchNorm = true, Act = Act.Relu)] public int Tall;
}
