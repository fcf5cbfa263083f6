using System.Collections.Generic;
using CnnDsl.Model;
using CnnDsl.Operations;
using static CnnDsl.Generator.Emit.InferenceNames;

namespace CnnDsl.Generator.Emit.Operations;

/// <summary>
/// Operations that move no data at inference (planned as aliases of their input, so never computed). A plain copy
/// keeps the method meaningful if the plan ever computes one.
/// </summary>
internal abstract class IdentityEmitter<TOperation> : OperationEmitter<TOperation> where TOperation : Operation
{
    protected sealed override void EmitForward(IndentedWriter w, Node node, TOperation op, NodePlan plan, InferencePlan inference, IReadOnlyList<Node> nodes)
    {
        int c = node.Output.Channels;
        ThreadRange.Positions(w, plan, (long)node.Output.Height * node.Output.Width, "p0", "p1");
        w.Line(Kernels + ".TensorCopy.Copy(" + Arena("input", "p0", c) + ", " + Arena("output", "p0", c) + ", (p1 - p0) * " + c + ");");
    }
}

/// <summary>Flatten: HxWxC to 1x1x(HWC), the same values in NHWC.</summary>
internal sealed class FlattenEmitter : IdentityEmitter<FlattenOperation>;

/// <summary>Dropout: the identity at inference; its rate goes to the graph for training.</summary>
internal sealed class DropoutEmitter : IdentityEmitter<DropoutOperation>
{
    protected override IEnumerable<string> NodeInfo(Node node, DropoutOperation op)
    {
        yield return "rate" + NodeInfoFields.Float((float)op.Rate);
    }
}

/// <summary>The network input: <c>Forward</c> copies each image into its buffer; no layer method.</summary>
internal sealed class InputEmitter : OperationEmitter<InputOperation>
{
    public override IEnumerable<Operand> Operands(Node node, NodePlan plan, InferencePlan inference) { yield break; }

    protected override void EmitForward(IndentedWriter w, Node node, InputOperation op, NodePlan plan, InferencePlan inference, IReadOnlyList<Node> nodes)
    {
    }
}
