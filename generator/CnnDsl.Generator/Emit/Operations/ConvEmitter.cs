using System.Collections.Generic;
using CnnDsl.Model;
using CnnDsl.Operations;
using static CnnDsl.Generator.Emit.InferenceNames;

namespace CnnDsl.Generator.Emit.Operations;

/// <summary>A standard convolution: weights packed for the register-blocked kernel of <see cref="ConvolutionEmitter"/>.</summary>
internal sealed class ConvEmitter : OperationEmitter<ConvOperation>
{
    protected override IEnumerable<string> Fields(Node node, ConvOperation op) => AffinePacking.WeightAndShiftFields(node);

    protected override void EmitPacking(IndentedWriter w, Node node, ConvOperation op, NodePlan plan, NetworkModel model)
    {
        AffinePacking.Pack(w, node, plan, model, WinogradRule.Applies(node, plan) ? WinogradConvEmitter.PackingMethod(node) : "Conv", WeightField(node));
    }

    /// <summary>The direct kernel's operands (a Winograd layer has no zero-bordered input: the planner gives it none).</summary>
    public override IEnumerable<Operand> Operands(Node node, NodePlan plan, InferencePlan inference) => ConvolutionEmitter.Operands(node, plan, inference);

    protected override void EmitForward(IndentedWriter w, Node node, ConvOperation op, NodePlan plan, InferencePlan inference, IReadOnlyList<Node> nodes)
    {
        if (WinogradRule.Applies(node, plan)) WinogradConvEmitter.EmitForward(w, node, op, plan);
        else ConvolutionEmitter.Emit(w, node, plan, op.Window, op.Filters, op.Groups);
    }

    protected override void EmitHelpers(IndentedWriter w, Node node, ConvOperation op, NodePlan plan)
    {
        if (!WinogradRule.Applies(node, plan)) ConvolutionEmitter.EmitShape(w, node, plan, op.Window, op.Filters, op.Groups);
    }

    protected override IEnumerable<string> NodeInfo(Node node, ConvOperation op)
        => NodeInfoFields.Convolution(op.Window, op.Bias, op.BatchNorm, op.Epsilon, op.Groups);
}
