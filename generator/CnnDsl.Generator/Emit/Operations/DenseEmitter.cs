using System.Collections.Generic;
using CnnDsl.Model;
using CnnDsl.Operations;
using static CnnDsl.Generator.Emit.InferenceNames;

namespace CnnDsl.Generator.Emit.Operations;

/// <summary>A dense layer: the convolution kernel of <see cref="ConvolutionEmitter"/> with one position reading every input value.</summary>
internal sealed class DenseEmitter : OperationEmitter<DenseOperation>
{
    protected override IEnumerable<string> Fields(Node node, DenseOperation op) => AffinePacking.WeightAndShiftFields(node);

    protected override void EmitPacking(IndentedWriter w, Node node, DenseOperation op, NodePlan plan, NetworkModel model)
    {
        AffinePacking.Pack(w, node, plan, model, "Dense", WeightField(node));
    }

    public override IEnumerable<Operand> Operands(Node node, NodePlan plan, InferencePlan inference) => ConvolutionEmitter.Operands(node, plan, inference);

    protected override void EmitForward(IndentedWriter w, Node node, DenseOperation op, NodePlan plan, InferencePlan inference, IReadOnlyList<Node> nodes)
        => ConvolutionEmitter.Emit(w, node, plan, window: null, op.Units);

    protected override void EmitHelpers(IndentedWriter w, Node node, DenseOperation op, NodePlan plan)
        => ConvolutionEmitter.EmitShape(w, node, plan, window: null, op.Units);

    protected override IEnumerable<string> NodeInfo(Node node, DenseOperation op)
    {
        if (op.Bias) yield return "bias";
    }
}
