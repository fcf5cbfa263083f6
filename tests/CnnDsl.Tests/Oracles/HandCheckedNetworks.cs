namespace CnnDsl.Tests.Oracles;

// Tiny networks whose outputs the reference-executor tests work out by hand.

[Network(Input = "3x3x1")]
[Conv(1, 3, Bias = false)]
public partial class OnesKernel3x3 { }

[Network(Input = "3x3x1")]
[Conv(1, 3, Bias = false)]
public partial class ShiftKernel3x3 { }

[Network(Input = "1x2x3")]
[Conv(3, 1)]
public partial class PointwiseWithBias { }

[Network(Input = "1x1x2")]
[Conv(2, 1, Bias = false)]
public partial class TwoByTwoMixing { }

[Network(Input = "4x4x1")]
[Conv(1, 2, Stride = 2, Padding = Padding.Valid, Bias = false)]
public partial class StridedValid2x2 { }

[Network(Input = "3x3x1")]
[Conv(1, 2, Bias = false)]
public partial class SameEvenKernel { }

[Network(Input = "2x2x1")]
[Conv(1, 3, Pad = 2, Bias = false)]
public partial class ExplicitPad2 { }

[Network(Input = "3x3x2")]
[DepthwiseConv(3, Bias = false)]
public partial class Depthwise3x3 { }

[Network(Input = "3x3x1")]
[MaxPool(3, Stride = 1)]
public partial class MaxPoolSame { }

[Network(Input = "3x3x1")]
[AvgPool(3, Stride = 1)]
public partial class AvgPoolSame { }

[Network(Input = "2x3x2")]
[GlobalAvgPool]
public partial class GlobalMean { }

[Network(Input = "1x2x2")]
[Dense(2)]
public partial class DenseNhwcOrder { }

[Network(Input = "1x1x2")]
[BatchNorm]
public partial class StandaloneBatchNorm { }

[Network(Input = "1x1x1")]
[Conv(2, 1, Bias = false, BatchNorm = true, Act = Act.Relu)]
public partial class ConvBatchNormRelu { }

[Network(Input = "1x1x7")]
[Activation(Act.Relu)]
public partial class ReluLayer { }

[Network(Input = "1x1x7")]
[Activation(Act.Relu6)]
public partial class Relu6Layer { }

[Network(Input = "1x1x7")]
[Activation(Act.Sigmoid)]
public partial class SigmoidLayer { }

[Network(Input = "1x1x7")]
[Activation(Act.Swish)]
public partial class SwishLayer { }

[Network(Input = "1x1x7")]
[Activation(Act.HardSwish)]
public partial class HardSwishLayer { }

[Network(Input = "1x2x3")]
[Activation(Act.Softmax)]
public partial class SoftmaxLayer { }

/// <summary>Branches: the input itself, and a 1x1 convolution of it; concatenated.</summary>
[Block(Merge = Merge.Concat)]
public class KeepAndScale
{
    [Identity] public int Keep;
    [Conv(1, 1, Bias = false)] public int Scale;
}

[Network(Input = "1x2x1")]
[Use<KeepAndScale>]
public partial class ConcatBlockNet { }

/// <summary>A residual: input plus a 1x1 convolution of it, then ReLU.</summary>
[Block(Merge = Merge.Add, Act = Act.Relu)]
public class ScaledResidual
{
    [Conv(1, 1, Bias = false)] public int Scale;
    [Identity] public int Shortcut;
}

[Network(Input = "1x2x1")]
[Use<ScaledResidual>]
public partial class AddBlockNet { }
