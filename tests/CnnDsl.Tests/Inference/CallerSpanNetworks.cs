namespace CnnDsl.Tests.Inference;

// Networks whose Forward(input, output) reads the image or writes the result where the caller holds them
// (the layers touching them load and store whole channel vectors, or broadcast single values), the benchmark's block
// rows among them, beside twins that must copy one side in or out.

/// <summary>The benchmark's W6: a 1x1 convolution 28x28x192 -> 64 (both sides in place).</summary>
[Network(Input = "28x28x192")]
[Conv(64, 1, Act = Act.Relu)]
public partial class PointwiseInPlace { }

/// <summary>The benchmark's W2: a 1x1 reduction to 16, then a 5x5 convolution by Winograd writing the output.</summary>
[Network(Input = "28x28x192")]
[Conv(16, 1, Act = Act.Relu)]
[Conv(32, 5, Act = Act.Relu)]
public partial class BottleneckInPlace { }

/// <summary>The benchmark's W5: a depthwise-separable block on 112x112x32 -> 64.</summary>
[Network(Input = "112x112x32")]
[DepthwiseSeparable(64)]
public partial class DepthwiseSeparableInPlace { }

/// <summary>The benchmark's E1: a 1x1 convolution 28x28x40 -> 240 with batch norm and swish (40 input channels: broadcast).</summary>
[Network(Input = "28x28x40")]
[Conv(240, 1, BatchNorm = true, Act = Act.Swish)]
public partial class ExpandSwishInPlace { }

/// <summary>The benchmark's E2: a 5x5 depthwise convolution on 28x28x240 with batch norm and swish.</summary>
[Network(Input = "28x28x240")]
[DepthwiseConv(5, BatchNorm = true, Act = Act.Swish)]
public partial class DepthwiseSwishInPlace { }

/// <summary>A padded 3x3 convolution reading the input through its bordered copy, odd sizes, a stride-2 layer writing 16 channels.</summary>
[Network(Input = "7x9x48")]
[Conv(32, 3, Act = Act.Relu)]
[Conv(16, 3, Stride = 2)]
public partial class PaddedOddInPlace { }

/// <summary>A Winograd 3x3 layer reading 40 input channels (vectors, then the rest one by one) and writing 48.</summary>
[Network(Input = "13x11x40")]
[Conv(48, 3, Act = Act.Relu)]
public partial class WinogradInPlace { }

/// <summary>A residual block whose shortcut is the network's input (32 channels), added in the last convolution's epilogue.</summary>
[Network(Input = "10x10x32")]
[Use<WholeVectorResidual>]
public partial class InputResidualInPlace { }

/// <summary>Two 1x1 convolutions of 32 channels plus the shortcut, then ReLU.</summary>
[Block(Merge = Merge.Add, Act = Act.Relu)]
public class WholeVectorResidual
{
    [Conv(32, 1, Act = Act.Relu)][Conv(32, 1)] public int Main;
    [Identity] public int Shortcut;
}

/// <summary>Input in place (depthwise on 32 channels); 10 output channels are not whole vectors: the result is copied out.</summary>
[Network(Input = "9x9x32")]
[DepthwiseConv(3, Act = Act.Relu6)]
[Conv(10, 1)]
public partial class OutputCopiedOut { }

/// <summary>A depthwise layer on 24 channels loads past the input's last value: the image is copied in; the result is written in place.</summary>
[Network(Input = "9x9x24")]
[DepthwiseConv(3, Act = Act.Relu6)]
[Conv(32, 1)]
public partial class InputCopiedIn { }
