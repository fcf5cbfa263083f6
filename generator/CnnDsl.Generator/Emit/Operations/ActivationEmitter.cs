using System.Collections.Generic;
using CnnDsl.Model;
using CnnDsl.Operations;
using static CnnDsl.Generator.Emit.InferenceNames;

namespace CnnDsl.Generator.Emit.Operations;

/// <summary>A standalone activation that did not fuse into its producer: a TensorPrimitives-based kernel over the tensor.</summary>
internal sealed class ActivationEmitter : OperationEmitter<ActivationOperation>
{
    protected override void EmitForward(IndentedWriter w, Node node, ActivationOperation op, NodePlan plan, InferencePlan inference, IReadOnlyList<Node> nodes)
    {
        long length = node.Output.Elements;
        w.Line(Kernels + ".Activations.Apply(" + Kernels + ".TensorCopy.View(" + Arena("input") + ", " + length + "), "
            + Kernels + ".TensorCopy.Span(" + Arena("output") + ", " + length + "), " + ActMember(plan.Act) + ", " + node.Output.Channels + ");");
    }

    /// <summary>The node's activation over its own output (after a sum or concatenation).</summary>
    internal static void ApplyInPlace(IndentedWriter w, Node node, NodePlan plan)
    {
        long length = node.Output.Elements;
        w.Line(Kernels + ".Activations.Apply(" + Kernels + ".TensorCopy.View(" + Arena("output") + ", " + length + "), "
            + Kernels + ".TensorCopy.Span(" + Arena("output") + ", " + length + "), " + ActMember(plan.Act) + ", " + node.Output.Channels + ");");
    }
}
