using CnnDsl.Operations;

namespace CnnDsl.Model;

/// <summary>
/// One primitive operation of the lowered graph, with its shapes and cost. Nodes are in topological order and
/// <see cref="Inputs"/> name earlier nodes by <see cref="Id"/> (node 0 is the network input). What the node does
/// is its <see cref="Operation"/>; the costs are the operation's, computed once (checked) when the node is made.
/// </summary>
internal sealed record Node(int Id, Operation Operation, string Name, EquatableArray<int> Inputs, Shape Input, Shape Output, int LayerIndex)
{
    public Op Op => Operation.Op;

    /// <summary>Activation the operation applies last.</summary>
    public Act Act => Operation.Act;

    /// <summary>Multiply-accumulates (convolutions and dense layers only, the papers' convention).</summary>
    public long MultiplyAdds { get; init; }

    /// <summary>Weights and biases.</summary>
    public long Parameters { get; init; }

    /// <summary>Batch normalization's learnable scale and shift (running statistics are not parameters).</summary>
    public long BatchNormParameters { get; init; }

    /// <summary>
    /// The innermost layer attribute the node was lowered from (<see cref="LayerSpec.SourceId"/>): inside a block, the
    /// block member's own attribute, so advice can point where the user wrote the layer. -1 for the input.
    /// </summary>
    public int SourceId { get; init; } = -1;

    /// <summary>
    /// How the definition wrote this node when it lies inside a used block ("Wide (2nd use) branch 'Main', layer 2
    /// Conv"), for runtime messages; null outside blocks, where <see cref="Name"/> is what the user wrote.
    /// </summary>
    public string? WrittenAs { get; init; }

    /// <summary>Whether training updates its parameters (false inside a frozen layer, block or backbone).</summary>
    public bool Trainable { get; init; } = true;

    /// <summary>The window of a convolution or pooling, else null.</summary>
    public Window? Window => (Operation as IWindowed)?.Window;
}
