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
        ThreadRange.Positions(w, plan, (long)node.Output.Height * node.Output.Width, "p0", "p1");
        Apply(w, node, plan, "input");
    }

    /// <summary>The node's activation over its own output (after a sum or concatenation), on positions p0..p1.</summary>
    internal static void ApplyInPlace(IndentedWriter w, Node node, NodePlan plan) => Apply(w, node, plan, "output");

    /// <summary>The activation from operand <paramref name="source"/> to the output, on this thread's positions p0..p1.</summary>
    private static void Apply(IndentedWriter w, Node node, NodePlan plan, string source)
    {
        int c = node.Output.Channels;
        string length = "(p1 - p0) * " + c;
        w.Line(Kernels + ".Activations.Apply(" + Kernels + ".TensorCopy.View(" + Arena(source, "p0", c) + ", " + length + "), "
            + Kernels + ".TensorCopy.Span(" + Arena("output", "p0", c) + ", " + length + "), " + ActMember(plan.Act) + ", " + c + ");");
    }
}
