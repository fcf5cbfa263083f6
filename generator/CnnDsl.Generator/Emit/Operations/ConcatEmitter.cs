using System.Collections.Generic;
using CnnDsl.Model;
using CnnDsl.Operations;
using static CnnDsl.Generator.Emit.InferenceNames;

namespace CnnDsl.Generator.Emit.Operations;

/// <summary>Copies the inputs that did not write their own channel slice, then the activation.</summary>
internal sealed class ConcatEmitter : OperationEmitter<ConcatOperation>
{
    /// <summary>The inputs it copies (the others wrote their slices), then its output.</summary>
    public override IEnumerable<Operand> Operands(Node node, NodePlan plan, InferencePlan inference)
    {
        for (int k = 0; k < plan.CopiedInputs.Count; k++) yield return Operand.Offset("input" + k, inference.Nodes[plan.CopiedInputs[k].Node].Offset);
        yield return Operand.Offset("output", plan.Offset);
    }

    protected override void EmitForward(IndentedWriter w, Node node, ConcatOperation op, NodePlan plan, InferencePlan inference, IReadOnlyList<Node> nodes)
    {
        int positions = node.Output.Height * node.Output.Width;
        if (plan.CopiedInputs.Count < node.Inputs.Count) w.Line("// The other inputs were written into their channel slices by the layers that produced them.");
        if (plan.CopiedInputs.Count > 0 || plan.Act != Act.None) ThreadRange.Positions(w, plan, positions, "p0", "p1");
        for (int k = 0; k < plan.CopiedInputs.Count; k++)
        {
            var (input, offset) = plan.CopiedInputs[k];
            int channels = nodes[input].Output.Channels;
            w.Line(Kernels + ".TensorCopy.IntoSlice(" + Arena("input" + k, "p0", channels) + ", p1 - p0, " + channels + ", "
                + "ref ArenaAt(ref arena, outputAt + " + offset + " + p0 * " + node.Output.Channels + "), " + node.Output.Channels + ");");
        }
        if (plan.Act != Act.None) ActivationEmitter.ApplyInPlace(w, node, plan);
    }
}
