namespace CnnDsl.Zoo;

/// <summary>
/// ResNet-50 (He et al. 2016, Table 1): a 7x7 stem, then bottleneck blocks (1x1 reduce, 3x3, 1x1 expand to 4x the
/// width, batch norm after every convolution, ReLU after the add) in stages of [3, 4, 6, 3] at widths 64, 128, 256
/// and 512; the first block of each stage has a 1x1 projection shortcut. The stride of a stage's first block is on its
/// 3x3 convolution, as torchvision (and most pretrained weights) place it: 4.09G multiply-adds. The paper strides the
/// first 1x1 instead, which gives its 3.8G; the parameters (25,557,032) are the same either way.
/// </summary>
[Network(Input = "224x224x3")]
[Conv(64, 7, Stride = 2, Pad = 3, Bias = false, BatchNorm = true, Act = Act.Relu, Name = "stem")]
[MaxPool(3, Stride = 2, PadTop = 1, PadLeft = 1, PadBottom = 1, PadRight = 1)]
[Use<ResNet50Stage1Projection>]
[Use<ResNet50Stage1Identity>(Repeat = 2)]
[Use<ResNet50Stage2Projection>]
[Use<ResNet50Stage2Identity>(Repeat = 3)]
[Use<ResNet50Stage3Projection>]
[Use<ResNet50Stage3Identity>(Repeat = 5)]
[Use<ResNet50Stage4Projection>]
[Use<ResNet50Stage4Identity>(Repeat = 2)]
[GlobalAvgPool]
[Dense(1000, Name = "classifier")]
public partial class ResNet50
{
}

// Each stage is two blocks: its first (stride and projection shortcut) and the identity-shortcut block it repeats.

/// <summary>conv2_x's first block: 56x56x64 to 56x56x256 (stride 1; the projection widens the shortcut).</summary>
[Block(Merge = Merge.Add, Act = Act.Relu)]
public class ResNet50Stage1Projection
{
    [Conv(64, 1, Bias = false, BatchNorm = true, Act = Act.Relu)]
    [Conv(64, 3, Pad = 1, Bias = false, BatchNorm = true, Act = Act.Relu)]
    [Conv(256, 1, Bias = false, BatchNorm = true)]
    public int Residual;
    [Conv(256, 1, Bias = false, BatchNorm = true)]
    public int Shortcut;
}

/// <summary>conv2_x's other blocks on 56x56x256.</summary>
[Block(Merge = Merge.Add, Act = Act.Relu)]
public class ResNet50Stage1Identity
{
    [Conv(64, 1, Bias = false, BatchNorm = true, Act = Act.Relu)]
    [Conv(64, 3, Pad = 1, Bias = false, BatchNorm = true, Act = Act.Relu)]
    [Conv(256, 1, Bias = false, BatchNorm = true)]
    public int Residual;
    [Identity] public int Shortcut;
}

/// <summary>conv3_x's first block: 56x56x256 to 28x28x512.</summary>
[Block(Merge = Merge.Add, Act = Act.Relu)]
public class ResNet50Stage2Projection
{
    [Conv(128, 1, Bias = false, BatchNorm = true, Act = Act.Relu)]
    [Conv(128, 3, Stride = 2, Pad = 1, Bias = false, BatchNorm = true, Act = Act.Relu)]
    [Conv(512, 1, Bias = false, BatchNorm = true)]
    public int Residual;
    [Conv(512, 1, Stride = 2, Padding = Padding.Valid, Bias = false, BatchNorm = true)]
    public int Shortcut;
}

/// <summary>conv3_x's other blocks on 28x28x512.</summary>
[Block(Merge = Merge.Add, Act = Act.Relu)]
public class ResNet50Stage2Identity
{
    [Conv(128, 1, Bias = false, BatchNorm = true, Act = Act.Relu)]
    [Conv(128, 3, Pad = 1, Bias = false, BatchNorm = true, Act = Act.Relu)]
    [Conv(512, 1, Bias = false, BatchNorm = true)]
    public int Residual;
    [Identity] public int Shortcut;
}

/// <summary>conv4_x's first block: 28x28x512 to 14x14x1024.</summary>
[Block(Merge = Merge.Add, Act = Act.Relu)]
public class ResNet50Stage3Projection
{
    [Conv(256, 1, Bias = false, BatchNorm = true, Act = Act.Relu)]
    [Conv(256, 3, Stride = 2, Pad = 1, Bias = false, BatchNorm = true, Act = Act.Relu)]
    [Conv(1024, 1, Bias = false, BatchNorm = true)]
    public int Residual;
    [Conv(1024, 1, Stride = 2, Padding = Padding.Valid, Bias = false, BatchNorm = true)]
    public int Shortcut;
}

/// <summary>conv4_x's other blocks on 14x14x1024.</summary>
[Block(Merge = Merge.Add, Act = Act.Relu)]
public class ResNet50Stage3Identity
{
    [Conv(256, 1, Bias = false, BatchNorm = true, Act = Act.Relu)]
    [Conv(256, 3, Pad = 1, Bias = false, BatchNorm = true, Act = Act.Relu)]
    [Conv(1024, 1, Bias = false, BatchNorm = true)]
    public int Residual;
    [Identity] public int Shortcut;
}

/// <summary>conv5_x's first block: 14x14x1024 to 7x7x2048.</summary>
[Block(Merge = Merge.Add, Act = Act.Relu)]
public class ResNet50Stage4Projection
{
    [Conv(512, 1, Bias = false, BatchNorm = true, Act = Act.Relu)]
    [Conv(512, 3, Stride = 2, Pad = 1, Bias = false, BatchNorm = true, Act = Act.Relu)]
    [Conv(2048, 1, Bias = false, BatchNorm = true)]
    public int Residual;
    [Conv(2048, 1, Stride = 2, Padding = Padding.Valid, Bias = false, BatchNorm = true)]
    public int Shortcut;
}

/// <summary>conv5_x's other blocks on 7x7x2048.</summary>
[Block(Merge = Merge.Add, Act = Act.Relu)]
public class ResNet50Stage4Identity
{
    [Conv(512, 1, Bias = false, BatchNorm = true, Act = Act.Relu)]
    [Conv(512, 3, Pad = 1, Bias = false, BatchNorm = true, Act = Act.Relu)]
    [Conv(2048, 1, Bias = false, BatchNorm = true)]
    public int Residual;
    [Identity] public int Shortcut;
}
