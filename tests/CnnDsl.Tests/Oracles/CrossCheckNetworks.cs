namespace CnnDsl.Tests.Oracles;

// Small networks that the two oracles run side by side: odd channel counts (not multiples of 8 or 16), odd sizes,
// stride 2, same / valid / explicit padding, 1x1 spatial inputs, 7x7 kernels, every activation and merge.

[Network(Input = "9x11x5")]
[Conv(13, 3, Stride = 2, BatchNorm = true, Act = Act.Relu)]
public partial class XConvSameStride2 { }

[Network(Input = "10x9x3")]
[Conv(6, 7, Padding = Padding.Valid, Act = Act.Swish)]
public partial class XConvValid7x7 { }

[Network(Input = "6x7x4")]
[Conv(5, 3, Pad = 2, Stride = 2, Bias = false, BatchNorm = true, Act = Act.HardSwish)]
public partial class XConvExplicitPadStride2 { }

[Network(Input = "13x13x3")]
[Conv(17, 7, Stride = 2, Act = Act.Relu6)]
public partial class XConvSame7x7Stride2 { }

[Network(Input = "1x1x19")]
[Conv(11, 3, Act = Act.Sigmoid)]
[Conv(9, 1, BatchNorm = true, Act = Act.Softmax)]
public partial class XConvOnOnePixel { }

[Network(Input = "7x6x3")]
[Conv(4, 2, Stride = 2, Act = Act.Softmax)]
public partial class XConvEvenKernelStride2 { }

[Network(Input = "9x9x10")]
[DepthwiseConv(3, Stride = 2, BatchNorm = true, Act = Act.Relu6)]
public partial class XDepthwiseStride2 { }

[Network(Input = "8x7x6")]
[DepthwiseConv(5, Padding = Padding.Valid, Act = Act.Swish)]
public partial class XDepthwise5x5Valid { }

[Network(Input = "5x5x3")]
[DepthwiseConv(7, Pad = 1, Bias = false)]
public partial class XDepthwise7x7ExplicitPad { }

[Network(Input = "11x10x7")]
[MaxPool(3, Stride = 2)]
public partial class XMaxPoolSameStride2 { }

[Network(Input = "11x10x7")]
[AvgPool(3, Stride = 2)]
public partial class XAvgPoolSameStride2 { }

[Network(Input = "9x9x5")]
[MaxPool(2, Padding = Padding.Valid)]
[AvgPool(3, Stride = 1, Padding = Padding.Valid)]
[MaxPool(2)]
public partial class XPoolsValidAndSame { }

[Network(Input = "5x6x9")]
[Conv(10, 3, Act = Act.Relu)]
[GlobalAvgPool]
[Dense(7, Act = Act.Softmax)]
public partial class XGlobalPoolDense { }

[Network(Input = "3x4x5")]
[Flatten]
[Dense(6, Bias = false, Act = Act.HardSwish)]
[Dropout(0.5)]
[Dense(3)]
public partial class XFlattenDense { }

[Network(Input = "3x2x5")]
[Dense(4, Act = Act.Sigmoid)]
public partial class XDenseOnImage { }

[Network(Input = "4x5x6")]
[BatchNorm(Epsilon = 1e-3f, Act = Act.Relu)]
[Activation(Act.Swish)]
public partial class XStandaloneBatchNorm { }

[Network(Input = "3x3x5")]
[Activation(Act.Relu6)]
[Activation(Act.HardSwish)]
[Activation(Act.Sigmoid)]
[Activation(Act.Softmax)]
public partial class XActivations { }

[Network(Input = "7x7x10")]
[Inception(3, 4, 5, 2, 3, 6)]
public partial class XInception { }

[Network(Input = "10x10x6")]
[DepthwiseSeparable(9, Stride = 2)]
[DepthwiseSeparable(11)]
public partial class XDepthwiseSeparable { }

[Network(Input = "8x8x5")]
[InvertedResidual(5, Expansion = 3, Repeat = 2)]
[InvertedResidual(7, Expansion = 1, Stride = 2)]
public partial class XInvertedResidual { }

/// <summary>Three branches concatenated: the input, a 3x3 conv, and a pool followed by a 1x1 conv.</summary>
[Block(Merge = Merge.Concat, Act = Act.Relu)]
public class XConcatBranches
{
    [Identity] public int Shortcut;
    [Conv(5, 3, BatchNorm = true)] public int Conv;
    [MaxPool(3, Stride = 1)] [Conv(3, 1, Act = Act.Swish)] public int Pool;
}

/// <summary>A residual with two convolutions, one of them depthwise.</summary>
[Block(Merge = Merge.Add, Act = Act.Relu6)]
public class XResidual
{
    [Conv(11, 1, Act = Act.Relu)] [DepthwiseConv(3, BatchNorm = true)] public int Main;
    [Identity] public int Shortcut;
}

/// <summary>A block that nests another: two paths that are each a residual, added.</summary>
[Block(Merge = Merge.Add)]
public class XNested
{
    [Use<XResidual>] public int Left;
    [Conv(11, 3)] public int Right;
}

[Network(Input = "6x5x3")]
[Conv(7, 3)]
[Use<XConcatBranches>]
[Conv(11, 1)]
[Use<XResidual>(Repeat = 2)]
[Use<XNested>]
public partial class XUserBlocks { }
