using System.Collections.Generic;
using System.Collections.Immutable;
using CnnDsl.Operations;

namespace CnnDsl.Model;

/// <summary>
/// Everything the code of a node's layer method depends on, and nothing about where its data lives: the operation
/// with its arguments, the shapes it reads and writes, the position strides of its input and output, the fused
/// epilogue and the zero-bordered input copy. Nodes of equal geometry share one generated method, each calling it
/// with its own arena offsets and packed weights, so the generated source grows with the distinct layers of a
/// network, not with its depth. The shapes stay constants inside the shared method (the JIT specializes on them).
/// </summary>
/// <param name="Operation">The operation record (kernel, strides, padding, dilation, groups, filters, its own activation).</param>
/// <param name="Input">The node's input shape as the model records it.</param>
/// <param name="Inputs">The output shape of every input node, in order.</param>
/// <param name="InputStrides">Floats between positions of every input (more than its channels when it is a concatenation's slice).</param>
/// <param name="Output">The node's output shape.</param>
/// <param name="PixelStride">Floats between positions of the output (the concatenation's channels when it writes a slice).</param>
/// <param name="Act">The activation the plan applies (its own or a fused one).</param>
/// <param name="Residual">Whether a residual input is added in the epilogue.</param>
/// <param name="ResidualAct">The activation after the residual sum.</param>
/// <param name="Padded">Whether the input is copied into a zero-bordered buffer first.</param>
/// <param name="CopiedOffsets">For a concatenation: the channel offsets of the inputs it copies in.</param>
/// <param name="Split">How two threads share it (rows, channels, or thread 0 alone).</param>
/// <param name="Caller">Which of its tensors are the network's input or output, taken as a <c>Kernels.TensorRef</c>
/// (<see cref="CallerTensors"/>): 1 its input, 2 its residual, 4 its output.</param>
/// <param name="GatedWeights">Whether a convolution reads its weights gated per image from the arena (<see cref="Operations.Fusion.GatedWeights"/>).</param>
/// <param name="GateFilters">For a channel gate folded into a convolution's weights: that convolution's filters; 0 otherwise.</param>
internal sealed record LayerGeometry(
    Operation Operation,
    Shape Input,
    EquatableArray<Shape> Inputs,
    EquatableArray<int> InputStrides,
    Shape Output,
    int PixelStride,
    Act Act,
    bool Residual,
    Act ResidualAct,
    bool Padded,
    EquatableArray<int> CopiedOffsets,
    ThreadSplit Split,
    int Caller,
    bool GatedWeights = false,
    int GateFilters = 0)
{
    /// <summary>The geometry of a computing node under its plan.</summary>
    public static LayerGeometry Of(Node node, NodePlan plan, IReadOnlyList<NodePlan> plans, IReadOnlyList<Node> nodes)
    {
        var inputs = ImmutableArray.CreateBuilder<Shape>(node.Inputs.Count);
        var strides = ImmutableArray.CreateBuilder<int>(node.Inputs.Count);
        foreach (int input in node.Inputs)
        {
            inputs.Add(nodes[input].Output);
            strides.Add(plans[input].PixelStride);
        }
        var copied = ImmutableArray.CreateBuilder<int>(plan.CopiedInputs.Count);
        foreach (var (_, offset) in plan.CopiedInputs) copied.Add(offset);
        return new LayerGeometry(node.Operation, node.Input, new EquatableArray<Shape>(inputs.MoveToImmutable()),
            new EquatableArray<int>(strides.MoveToImmutable()), node.Output, plan.PixelStride, plan.Act, plan.Residual >= 0,
            plan.Residual >= 0 ? plan.ResidualAct : Act.None, plan.PaddedBuffer >= 0, new EquatableArray<int>(copied.MoveToImmutable()), plan.Split,
            (plan.InputFromCaller ? 1 : 0) | (plan.ResidualFromCaller ? 2 : 0) | (plan.OutputToCaller ? 4 : 0),
            plan.GatedBy >= 0, plan.GatesWeightsOf >= 0 ? nodes[plan.GatesWeightsOf].Output.Channels : 0);
    }
}
