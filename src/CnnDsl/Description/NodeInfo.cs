using System.Collections.Generic;

namespace CnnDsl;

/// <summary>
/// One primitive operation of a network's lowered graph, as the generator computed it. Nodes are in topological
/// order; <see cref="Inputs"/> name earlier nodes by <see cref="Id"/>; node 0 is the input. Parameter tensors are
/// named after <see cref="Name"/> (see the generated <c>Tensors</c> list; layouts under <see cref="Op"/>).
/// </summary>
/// <param name="Id">Position in the graph.</param>
/// <param name="Op">The operation.</param>
/// <param name="Name">Unique name; prefixes the node's parameter tensors.</param>
/// <param name="Inputs">Ids of the nodes it reads.</param>
/// <param name="Input">Shape of its (first) input.</param>
/// <param name="Output">Shape of its output.</param>
public sealed record NodeInfo(int Id, Op Op, string Name, IReadOnlyList<int> Inputs, TensorShape Input, TensorShape Output)
{
    /// <summary>
    /// How the network's definition wrote this node when it lies inside a used block, e.g. "Wide (2nd use) branch
    /// 'Main', layer 2 Conv"; null outside blocks, where <see cref="Name"/> is what the user wrote. For messages:
    /// weight files, <c>TrainFrom</c> and <c>Through</c> go by <see cref="Name"/>.
    /// </summary>
    public string? WrittenAs { get; init; }

    /// <summary>The name in quotes, followed by <see cref="WrittenAs"/> in parentheses when there is one: how messages name a node.</summary>
    public string Label => WrittenAs is null ? "'" + Name + "'" : "'" + Name + "' (" + WrittenAs + ")";

    /// <summary>Output channels of a convolution (the channels, for depthwise), units of a dense layer.</summary>
    public int Filters { get; init; }
    /// <summary>Kernel or pooling window height.</summary>
    public int KernelH { get; init; }
    /// <summary>Kernel or pooling window width.</summary>
    public int KernelW { get; init; }
    /// <summary>Vertical stride.</summary>
    public int StrideH { get; init; } = 1;
    /// <summary>Horizontal stride.</summary>
    public int StrideW { get; init; } = 1;
    /// <summary>Zero (or, for max pooling, minus-infinity) rows added above.</summary>
    public int PadTop { get; init; }
    /// <summary>Columns added on the left.</summary>
    public int PadLeft { get; init; }
    /// <summary>Rows added below.</summary>
    public int PadBottom { get; init; }
    /// <summary>Columns added on the right.</summary>
    public int PadRight { get; init; }
    /// <summary>Whether the convolution or dense layer has a bias tensor.</summary>
    public bool Bias { get; init; }
    /// <summary>A batch normalization between the operation and its activation (tensors <c>{Name}.bn.*</c>).</summary>
    public bool BatchNorm { get; init; }
    /// <summary>Batch normalization epsilon.</summary>
    public float Epsilon { get; init; } = 1e-5f;
    /// <summary>Activation applied last.</summary>
    public Act Act { get; init; }
    /// <summary>Vertical dilation of a convolution: its taps are this many input rows apart (ONNX <c>dilations</c>).</summary>
    public int DilationH { get; init; } = 1;
    /// <summary>Horizontal dilation of a convolution.</summary>
    public int DilationW { get; init; } = 1;
    /// <summary>Channel groups of a standard convolution (ONNX <c>group</c>): weights <c>[Filters, inChannels / Groups, kH, kW]</c>.</summary>
    public int Groups { get; init; } = 1;
    /// <summary>Whether an average pooling divides by the whole window, padding included (ONNX <c>count_include_pad</c>).</summary>
    public bool CountIncludePad { get; init; }
    /// <summary>Multiply-accumulates per image.</summary>
    public long MultiplyAdds { get; init; }
    /// <summary>Weights and biases.</summary>
    public long Parameters { get; init; }
    /// <summary>Whether training updates its parameters (false inside a frozen layer, block or backbone).</summary>
    public bool Trainable { get; init; } = true;
    /// <summary>Dropout: the probability that training zeroes a value (0 when not given).</summary>
    public float Rate { get; init; }

}
