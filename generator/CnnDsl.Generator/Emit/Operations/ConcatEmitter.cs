using System.Collections.Generic;
using CnnDsl.Model;
using CnnDsl.Operations;
using static CnnDsl.Generator.Emit.InferenceNames;

namespace CnnDsl.Generator.Emit.Operations;

/// <summary>Copies the inputs that did not write their own channel slice, then the activation.</summary>
internal sealed class ConcatEmitter : OperationEmitter<ConcatOperation>
{
    protected override void EmitForward(IndentedWriter w, Node node, ConcatOperation op, NodePlan plan, InferencePlan inference, IReadOnlyList<Node> nodes)
    {
        int positions = node.Output.Height * node.Output.Width;
        if (plan.CopiedInputs.Count < node.Inputs.Count) w.Line("// The other inputs were written into their channel slices by the layers that produced them.");
        foreach (var (input, offset) in plan.CopiedInputs)
        {
            w.Line(Kernels + ".TensorCopy.IntoSlice(" + At(inference.Nodes[input].Offset) + ", " + positions + ", " + nodes[input].Output.Channels + ", "
                + At(plan.Offset + offset) + ", " + node.Output.Channels + ");");
        }
        if (plan.Act != Act.None) ActivationEmitter.ApplyInPlace(w, node, plan);
    }
}
