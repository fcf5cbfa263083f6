namespace CnnDsl.Model;

/// <summary>
/// One primitive operation of the lowered graph, with its shapes and cost. Nodes are in topological order and
/// <see cref="Inputs"/> name earlier nodes by <see cref="Id"/> (node 0 is the network input).
/// </summary>
internal sealed record Node(int Id, OpKind Op, string Name, EquatableArray<int> Inputs, Shape Input, Shape Output, int LayerIndex)
{
    /// <summary>Output channels of a convolution (input channels for depthwise), units of a dense layer.</summary>
    public int Filters { get; init; }
    public int KernelH { get; init; }
    public int KernelW { get; init; }
    public int StrideH { get; init; } = 1;
    public int StrideW { get; init; } = 1;
    public int PadTop { get; init; }
    public int PadLeft { get; init; }
    public int PadBottom { get; init; }
    public int PadRight { get; init; }
    public bool Bias { get; init; }
    /// <summary>A batch normalization between the operation and its activation (folded at load).</summary>
    public bool BatchNorm { get; init; }
    public float Epsilon { get; init; } = 1e-5f;
    /// <summary>Activation fused after the operation.</summary>
    public ActKind Act { get; init; }
    public double Rate { get; init; }

    /// <summary>Multiply-accumulates (convolutions and dense layers only, the papers' convention).</summary>
    public long MultiplyAdds { get; init; }
    /// <summary>Weights and biases.</summary>
    public long Parameters { get; init; }
    /// <summary>Batch normalization's learnable scale and shift (running statistics are not parameters).</summary>
    public long BatchNormParameters { get; init; }
}
