using System.Collections.Generic;
using CnnDsl.Model;
using static CnnDsl.Generator.Emit.InferenceNames;

namespace CnnDsl.Generator.Emit;

/// <summary>Emits standalone activations, sums and concatenations as calls into TensorPrimitives-based kernels.</summary>
internal static class ElementwiseEmitter
{
    public static void Activation(IndentedWriter w, Node node, NodePlan plan, InferencePlan inference)
    {
        long length = node.Output.Elements;
        w.Line(Kernels + ".Activations.Apply(" + Kernels + ".TensorCopy.View(" + At(inference.Nodes[node.Inputs[0]].Offset) + ", " + length + "), "
            + Kernels + ".TensorCopy.Span(" + At(plan.Offset) + ", " + length + "), " + ActMember(plan.Act) + ", " + node.Output.Channels + ");");
    }

    public static void Add(IndentedWriter w, Node node, NodePlan plan, InferencePlan inference)
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
        if (plan.Act != ActKind.None) ApplyInPlace(w, node, plan);
    }

    public static void Concat(IndentedWriter w, Node node, NodePlan plan, InferencePlan inference, IReadOnlyList<Node> nodes)
    {
        int positions = node.Output.Height * node.Output.Width;
        if (plan.CopiedInputs.Count < node.Inputs.Count) w.Line("// The other inputs were written into their channel slices by the layers that produced them.");
        foreach (var (input, offset) in plan.CopiedInputs)
        {
            w.Line(Kernels + ".TensorCopy.IntoSlice(" + At(inference.Nodes[input].Offset) + ", " + positions + ", " + nodes[input].Output.Channels + ", "
                + At(plan.Offset + offset) + ", " + node.Output.Channels + ");");
        }
        if (plan.Act != ActKind.None) ApplyInPlace(w, node, plan);
    }

    private static void ApplyInPlace(IndentedWriter w, Node node, NodePlan plan)
    {
        long length = node.Output.Elements;
        w.Line(Kernels + ".Activations.Apply(" + Kernels + ".TensorCopy.View(" + At(plan.Offset) + ", " + length + "), "
            + Kernels + ".TensorCopy.Span(" + At(plan.Offset) + ", " + length + "), " + ActMember(plan.Act) + ", " + node.Output.Channels + ");");
    }
}
