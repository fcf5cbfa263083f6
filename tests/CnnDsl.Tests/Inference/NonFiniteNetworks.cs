namespace CnnDsl.Tests.Inference;

// Activations that run as their own pass (after a pooling layer they cannot fuse into), for the NaN and infinity
// tests; the fused forms are covered by the networks of LayerNetworks.cs.

[Network(Input = "8x9x5")]
[Conv(7, 3)]
[MaxPool(2)]
[Activation(Act.Relu)]
[AvgPool(2)]
[Activation(Act.Relu6)]
[MaxPool(3, Stride = 1)]
[Activation(Act.HardSwish)]
[Conv(6, 1, Act = Act.Softmax)]
public partial class StandaloneActivations { }
