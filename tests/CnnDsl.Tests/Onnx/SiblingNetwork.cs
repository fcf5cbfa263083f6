namespace CnnDsl.Tests.Onnx;

/// <summary>
/// Three sibling branches that each start with the same 1x1 convolution on the same input (as Inception's parallel
/// 1x1 convolutions do): which ONNX Conv belongs to which branch shows only further down, so import must search.
/// </summary>
[Network(Input = "8x8x6")]
[Conv(4, 1, Name = "stem")]
[Use<SiblingBlock>(Name = "mix")]
[GlobalAvgPool(Name = "gap")]
[Dense(3, Name = "fc")]
public partial class SiblingNetwork
{
}

/// <summary>Branches A, B and C begin alike; B goes on with a 3x3 convolution, C with max pooling.</summary>
[Block(Merge = Merge.Concat)]
public class SiblingBlock
{
    [Conv(4, 1)] public int A;
    [Conv(4, 1)]
    [Conv(5, 3)]
    public int B;
    [Conv(4, 1)]
    [MaxPool(3, Stride = 1)]
    public int C;
}
