using CnnDsl;

namespace CnnDsl.Vision.Tests;

/// <summary>Small classifiers for the multi-crop, ensemble and diagram tests: logits out, and softmax out.</summary>
[Network(Input = "8x8x3")]
[Conv(8, 3, Act = Act.Relu)]
[MaxPool(2)]
[GlobalAvgPool]
[Dense(5)]
public partial class TinyLogits { }

[Network(Input = "8x8x3")]
[Conv(8, 3, Stride = 2, Act = Act.Relu)]
[Flatten]
[Dense(5, Act = Act.Softmax)]
public partial class TinySoftmax { }

/// <summary>A backbone, a new head on its pooled features, and the backbone alone: the training-loop tests.</summary>
[Network(Input = "8x8x3")]
[Conv(4, 3, BatchNorm = true, Act = Act.Relu)]
[GlobalAvgPool]
[Dense(3, Act = Act.Softmax)]
public partial class LoopBackbone { }

[Network(From = typeof(LoopBackbone), Through = "gap1")]
[Dense(3, Act = Act.Softmax)]
public partial class LoopHead { }

[Network(From = typeof(LoopBackbone), Through = "gap1")]
public partial class LoopFeatures { }
