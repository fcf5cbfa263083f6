using System.Collections.Generic;
using CnnDsl.Model;
using CnnDsl.Operations;
using static CnnDsl.Generator.Emit.InferenceNames;

namespace CnnDsl.Generator.Emit.Operations;

/// <summary>A sum that did not fuse into a convolution's epilogue, then its activation.</summary>
internal sealed class AddEmitter : OperationEmitter<AddOperation>
{
    /// <summary>The inputs in the order they are summed, then the output.</summary>
    public override IEnumerable<Operand> Operands(Node node, NodePlan plan, InferencePlan inference)
    {
        var inputs = new List<int>(node.Inputs);
        if (plan.InPlace)
        {
            // Start from the input whose buffer is overwritten, so it is read before it changes.
            int victim = inputs.FindIndex(i => inference.Nodes[i].Buffer == plan.Buffer);
            int first = inputs[victim];
            inputs.RemoveAt(victim);
            inputs.Insert(0, first);
        }
        for (int i = 0; i < inputs.Count; i++) yield return Operand.Offset("input" + i, inference.Nodes[inputs[i]].Offset);
        yield return Operand.Offset("output", plan.Offset);
    }

    protected override void EmitForward(IndentedWriter w, Node node, AddOperation op, NodePlan plan, InferencePlan inference, IReadOnlyList<Node> nodes)
    {
        int c = node.Output.Channels;
        ThreadRange.Positions(w, plan, (long)node.Output.Height * node.Output.Width, "p0", "p1");
        string length = "(p1 - p0) * " + c;
        w.Line(Kernels + ".TensorCopy.Sum(" + Arena("input0", "p0", c) + ", " + Arena("input1", "p0", c) + ", " + Arena("output", "p0", c) + ", " + length + ");");
        for (int i = 2; i < node.Inputs.Count; i++)
            w.Line(Kernels + ".TensorCopy.Sum(" + Arena("output", "p0", c) + ", " + Arena("input" + i, "p0", c) + ", " + Arena("output", "p0", c) + ", " + length + ");");
        if (plan.Act != Act.None) ActivationEmitter.ApplyInPlace(w, node, plan);
    }
}
