using CnnDsl;
using CnnDsl.Zoo;

namespace CnnDsl.Transfer.Sample;

// Three networks over the same layers: ML.NET's pretrained ResNet-18 through its pooled features at 64x64 (Fashion-
// MNIST's 28x28 images are enlarged to 64x64 and repeated into three channels), then a new 10-class softmax head.
// They differ only in what trains, so their weights copy into each other by name.

/// <summary>Stage 1: the whole backbone frozen, only the new head trains (Keras's include_top=False + a new head).</summary>
[Network(From = typeof(ResNet18), Through = "gap1", Resolution = 64)]
[Dense(10, Act = Act.Softmax)]
public partial class FashionFrozen { }

/// <summary>Stage 2: the last stage (Block6, Block7 x2) trains too, from stage 1's weights, at a lower learning rate.</summary>
[Network(From = typeof(ResNet18), Through = "gap1", Resolution = 64, TrainFrom = "resnet18block61")]
[Dense(10, Act = Act.Softmax)]
public partial class FashionFineTuned { }

/// <summary>The same network, everything trained from a random start: the baseline transfer learning must beat.</summary>
[Network(From = typeof(ResNet18), Through = "gap1", Resolution = 64, TrainFrom = "conv1")]
[Dense(10, Act = Act.Softmax)]
public partial class FashionScratch { }

/// <summary>
/// The frozen backbones alone, as generated inference code: they compute the features the two stages cache (the
/// pooled features; the last stage's input) several times faster than the trainer's forward pass.
/// </summary>
[Network(From = typeof(ResNet18), Through = "gap1", Resolution = 64)]
public partial class FashionPooledFeatures { }

/// <inheritdoc cref="FashionPooledFeatures"/>
[Network(From = typeof(ResNet18), Through = "resnet18block51", Resolution = 64)]
public partial class FashionLastStageInput { }
