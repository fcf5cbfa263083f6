namespace CnnDsl.Benchmarks;

// The benchmark's single-block workloads (W7 and W8 are the zoo's MobileNetV2 and GoogLeNet).

/// <summary>W1: the course example, a 5x5 same convolution 28x28x192 to 32 filters (120.4M MACs).</summary>
[Network(Input = "28x28x192")]
[Conv(32, 5, Act = Act.Relu)]
public partial class W1Conv5x5 { }

/// <summary>W2: the same with a 1x1 bottleneck to 16 first (12.4M MACs).</summary>
[Network(Input = "28x28x192")]
[Conv(16, 1, Act = Act.Relu)]
[Conv(32, 5, Act = Act.Relu)]
public partial class W2Bottleneck { }

/// <summary>W3: GoogLeNet's inception (3a) on 28x28x192.</summary>
[Network(Input = "28x28x192")]
[Inception(64, 96, 128, 16, 32, 32, Name = "inception3a")]
public partial class W3Inception3a { }

/// <summary>W4: a MobileNet V2 inverted residual on 56x56x24, t = 6, c = 24, s = 1 (with the residual add).</summary>
[Network(Input = "56x56x24")]
[InvertedResidual(24, Expansion = 6)]
public partial class W4InvertedResidual { }

/// <summary>W5: a MobileNet V1 depthwise-separable block on 112x112x32 to 64.</summary>
[Network(Input = "112x112x32")]
[DepthwiseSeparable(64)]
public partial class W5DepthwiseSeparable { }

/// <summary>W6: a 1x1 convolution 28x28x192 to 64.</summary>
[Network(Input = "28x28x192")]
[Conv(64, 1, Act = Act.Relu)]
public partial class W6Pointwise { }

/// <summary>The training rows' small-image shape: ResNet-18 at 64x64 with a 10-class head (Fashion-MNIST), all of it trained.</summary>
[Network(From = typeof(CnnDsl.Zoo.ResNet18), Through = "gap1", Resolution = 64, TrainFrom = "conv1")]
[Dense(10, Act = Act.Softmax)]
public partial class ResNet18At64 { }
