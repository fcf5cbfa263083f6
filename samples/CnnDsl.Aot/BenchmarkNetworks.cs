namespace CnnDsl.Aot;

// The single-layer and single-block cases the team's ONNX Runtime comparison uses (see CnnDsl.Zoo for the 5x5 ones).

/// <summary>A 1x1 convolution 28x28x192 to 64 (GoogLeNet inception 3a's 1x1 branch).</summary>
[Network(Input = "28x28x192")]
[Conv(64, 1, Act = Act.Relu)]
public partial class Pointwise192To64 { }

/// <summary>GoogLeNet's inception 3a on its 28x28x192 input.</summary>
[Network(Input = "28x28x192")]
[Inception(64, 96, 128, 16, 32, 32, Name = "inception3a")]
public partial class Inception3a { }

/// <summary>A MobileNet V2 inverted residual on 56x56x24, t = 6, with its residual add.</summary>
[Network(Input = "56x56x24")]
[InvertedResidual(24, Expansion = 6)]
public partial class InvertedResidual56 { }

/// <summary>A MobileNet V1 depthwise-separable block on 112x112x32 to 64.</summary>
[Network(Input = "112x112x32")]
[DepthwiseSeparable(64)]
public partial class DepthwiseSeparable112 { }
