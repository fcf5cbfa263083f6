namespace CnnDsl.Tests.Inference;

// Small networks covering every op, padding mode and fusion the inference planner knows, on channel counts that
// are not multiples of any vector width (3, 5, 13, 37) so partial vectors are exercised everywhere.

[Network(Input = "9x11x5")]
[Conv(13, 3, Stride = 2, Act = Act.Relu)]
[Conv(37, 3, Stride = 2, Act = Act.Relu6)]
public partial class StridedSameConvs { }

[Network(Input = "13x12x3")]
[Conv(37, 7, Padding = Padding.Valid, Act = Act.Relu6)]
[Conv(5, 7, Stride = 2)]
public partial class SevenBySevenConvs { }

[Network(Input = "6x7x13")]
[Conv(5, 3, Pad = 2, Act = Act.Sigmoid)]
[Conv(13, 5, Pad = 1, Act = Act.Swish)]
[Conv(3, 1, Act = Act.HardSwish)]
public partial class ExplicitPadConvs { }

[Network(Input = "10x9x37")]
[Conv(40, 5, Act = Act.Relu)]
[Conv(37, 1, Stride = 2)]
[Conv(5, 1, Act = Act.Softmax)]
public partial class WideConvs { }

[Network(Input = "8x8x13")]
[Conv(37, 3, Bias = false, BatchNorm = true, Act = Act.Relu)]
[DepthwiseConv(3, BatchNorm = true, Act = Act.Relu6)]
[Conv(13, 1, BatchNorm = true)]
public partial class FusedBatchNorms { }

[Network(Input = "7x9x13")]
[Conv(13, 3)]
[BatchNorm(Act = Act.Relu)]
[DepthwiseConv(3, Stride = 2)]
[BatchNorm(Epsilon = 1e-3f)]
[Activation(Act.HardSwish)]
[MaxPool(2)]
[BatchNorm(Act = Act.Swish)]
[BatchNorm(Epsilon = 0.01f, Act = Act.Relu6)]
public partial class StandaloneBatchNorms { }

[Network(Input = "11x10x37")]
[DepthwiseConv(5, Stride = 2, Act = Act.Relu)]
[DepthwiseConv(3, Pad = 1, Act = Act.HardSwish)]
[DepthwiseConv(3, Padding = Padding.Valid, Act = Act.Sigmoid)]
[DepthwiseConv(7, Act = Act.Swish)]
public partial class DepthwiseConvs { }

[Network(Input = "9x9x13")]
[MaxPool(3, Stride = 2)]
[AvgPool(3, Stride = 1)]
[AvgPool(2)]
[MaxPool(3, Stride = 1, Padding = Padding.Valid)]
[GlobalAvgPool]
[Dense(37, Act = Act.Softmax)]
public partial class Pools { }

[Network(Input = "3x4x5")]
[Flatten]
[Dropout(0.5)]
[Dense(13, Act = Act.Relu)]
[Dense(7, Bias = false, Act = Act.Sigmoid)]
[Activation(Act.Softmax)]
public partial class DenseLayers { }

[Network(Input = "1x1x37")]
[Conv(13, 3, Act = Act.Relu)]
[DepthwiseConv(3, Act = Act.Relu6)]
[MaxPool(3, Stride = 2)]
[Conv(5, 1)]
[Activation(Act.Swish)]
public partial class OnePixel { }

[Network(Input = "12x12x13")]
[Inception(5, 3, 7, 2, 3, 4, Name = "mixed")]
[Inception(16, 8, 13, 4, 5, 3)]
public partial class SmallInception { }

[Network(Input = "14x13x5")]
[DepthwiseSeparable(37, Stride = 2)]
[DepthwiseSeparable(13)]
public partial class SmallDepthwiseSeparable { }

[Network(Input = "10x10x13")]
[InvertedResidual(13, Expansion = 6, Repeat = 2)]
[InvertedResidual(16, Expansion = 6, Stride = 2, Kernel = 5)]
[InvertedResidual(16, Expansion = 1)]
public partial class SmallInvertedResiduals { }

/// <summary>Concatenation of the input, a convolution and a pooled branch, then ReLU6.</summary>
[Block(Merge = Merge.Concat, Act = Act.Relu6)]
public class Mixed
{
    [Identity] public int Keep;
    [Conv(5, 3, Act = Act.Relu)] public int Conv;
    [MaxPool(3, Stride = 1)][Conv(3, 1)] public int Pooled;
}

/// <summary>A basic residual block: two 3x3 convolutions plus the shortcut, then ReLU.</summary>
[Block(Merge = Merge.Add, Act = Act.Relu)]
public class Residual
{
    [Conv(13, 3, Act = Act.Relu)][Conv(13, 3, BatchNorm = true)] public int Main;
    [Identity] public int Shortcut;
}

/// <summary>Three branches summed (not fusable into one convolution), then HardSwish.</summary>
[Block(Merge = Merge.Add, Act = Act.HardSwish)]
public class ThreeWaySum
{
    [Conv(13, 1)] public int A;
    [Conv(13, 3, Act = Act.Sigmoid)] public int B;
    [Identity] public int C;
}

[Network(Input = "9x8x13")]
[Use<Residual>(Repeat = 2)]
[Use<ThreeWaySum>]
[Use<Mixed>]
[Conv(5, 1)]
public partial class UserBlocks { }
