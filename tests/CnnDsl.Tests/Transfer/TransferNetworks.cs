namespace CnnDsl.Tests.Transfer;

// A small backbone with a classifier, and networks built from it the way transfer learning does.

[Block(Merge = Merge.Add, Act = Act.Relu)]
public partial class TransferResidual
{
    [Conv(6, 3, BatchNorm = true, Act = Act.Relu)] [Conv(6, 3, BatchNorm = true)] partial void Main();
    [Identity] partial void Shortcut();
}

[Network(Input = "10x10x3")]
[Conv(6, 3, Stride = 2, BatchNorm = true, Act = Act.Relu)]
[Use<TransferResidual>]
[GlobalAvgPool]
[Dense(20, Act = Act.Softmax)]
public partial class TransferBackbone { }

[Network(From = typeof(TransferBackbone), Through = "gap1")]
[Dense(3, Act = Act.Softmax)]
public partial class TransferHead { }

[Network(From = typeof(TransferBackbone), Through = "gap1")]
[Dense(20)]
public partial class TransferSameNames { }

[Network(From = typeof(TransferBackbone), Through = "gap1", TrainFrom = "transferresidual1")]
[Dense(3, Act = Act.Softmax)]
public partial class TransferFineTuned { }

[Network(Input = "6x6x2")]
[Conv(4, 3, Act = Act.Relu, Trainable = false)]
[Dropout(0.25)]
[GlobalAvgPool]
[Dense(3, Act = Act.Softmax)]
public partial class TransferDropoutBeforeHead { }
