using System.Collections.Generic;
using CnnDsl.Model;
using CnnDsl.Operations;
using static CnnDsl.Generator.Emit.InferenceNames;

namespace CnnDsl.Generator.Emit.Operations;

/// <summary>A sum that did not fuse into a convolution's epilogue, then its activation.</summary>
internal sealed class AddEmitter : OperationEmitter<AddOperation>
{
    protected override void EmitForward(IndentedWriter w, Node node, AddOperation op, NodePlan plan, InferencePlan inference, IReadOnlyList<Node> nodes)
    {
        long length = node.Output.Elements;
        var inputs = new List<int>(node.Inputs);
        if (plan.InPlace)
        {
            // Start from the input whose buffer is overwritten, so it is read before it changes.
            int victim = inputs.FindIndex(i => inference.Nodes[i].Buffer == plan.Buffer);
            int first = inputs[victim];
            inputs.RemoveAt(victim);
            inputs.Insert(0, first);
        }
        w.Line(Kernels + ".TensorCopy.Sum(" + At(inference.Nodes[inputs[0]].Offset) + ", " + At(inference.Nodes[inputs[1]].Offset) + ", " + At(plan.Offset) + ", " + length + ");");
        for (int i = 2; i < inputs.Count; i++)
            w.Line(Kernels + ".TensorCopy.Sum(" + At(plan.Offset) + ", " + At(inference.Nodes[inputs[i]].Offset) + ", " + At(plan.Offset) + ", " + length + ");");
        if (plan.Act != Act.None) ActivationEmitter.ApplyInPlace(w, node, plan);
    }
}
