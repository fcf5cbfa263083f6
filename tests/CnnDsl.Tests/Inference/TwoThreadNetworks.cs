namespace CnnDsl.Tests.Inference;

// Networks whose layers split unevenly between two threads: odd row counts (17, 13, 9, 7), flat layers whose
// positions leave a partial tile, late layers split by channel vectors (fewer than 14 rows, at least 64 filters)
// with an odd last vector, a fused residual and a dense layer split by channels.

[Network(Input = "17x13x13")]
[Conv(64, 3, Act = Act.Relu)]
[Conv(24, 1)]
[Conv(96, 3, Stride = 2, Act = Act.Relu6)]
[DepthwiseConv(3, Act = Act.Swish)]
[Conv(67, 1, Act = Act.Relu)]
[MaxPool(3, Stride = 2)]
[Flatten]
[Dense(90, Act = Act.Relu)]
[Dense(10, Act = Act.Softmax)]
public partial class OddRowSplits { }

/// <summary>A basic residual block on 64 channels: on fewer than 14 rows both convolutions split by channels.</summary>
[Block(Merge = Merge.Add, Act = Act.Relu)]
public class WideResidual
{
    [Conv(64, 3, Act = Act.Relu)][Conv(64, 3, BatchNorm = true)] public int Main;
    [Identity] public int Shortcut;
}

[Network(Input = "13x7x64")]
[Use<WideResidual>(Repeat = 2)]
[Conv(80, 3, Stride = 2, Act = Act.Relu)]
[Inception(16, 8, 13, 4, 5, 3)]
[GlobalAvgPool]
[Dense(7, Act = Act.Softmax)]
public partial class ChannelSplits { }

/// <summary>
/// An image and a result of at least 256 KB (28x28x96 in, 28x28x128 out) that the layers do not read or write in the
/// caller's spans (the pool reads its input's border; four branches write the result): <c>Forward(input, output)</c>
/// copies them in and out in <c>Run</c>'s first and last parts, which both threads take. Its 3x3 by F(4x4) has 49
/// tiles, one left over after six register tiles.
/// </summary>
[Network(Input = "28x28x96")]
[Inception(32, 48, 64, 8, 16, 16)]
public partial class LargeCopies { }
