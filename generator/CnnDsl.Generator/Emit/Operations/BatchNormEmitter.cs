using System.Collections.Generic;
using CnnDsl.Model;
using CnnDsl.Operations;
using static CnnDsl.Generator.Emit.InferenceNames;

namespace CnnDsl.Generator.Emit.Operations;

/// <summary>A batch norm that did not fold into a convolution: a channelwise scale and shift, then the activation.</summary>
internal sealed class BatchNormEmitter : OperationEmitter<BatchNormOperation>
{
    protected override IEnumerable<string> Fields(Node node, BatchNormOperation op)
    {
        yield return ScaleField(node);
        yield return ShiftField(node);
    }

    protected override void EmitPacking(IndentedWriter w, Node node, BatchNormOperation op, NodePlan plan, NetworkModel model)
    {
        AffinePacking.Pack(w, node, plan, model, "BatchNorm", ScaleField(node));
    }

    public override IEnumerable<Operand> Operands(Node node, NodePlan plan, InferencePlan inference)
    {
        foreach (var operand in base.Operands(node, plan, inference)) yield return operand;
        yield return Operand.Array("scales", ScaleField(node));
        yield return Operand.Array("shifts", ShiftField(node));
    }

    protected override IEnumerable<string> NodeInfo(Node node, BatchNormOperation op) => NodeInfoFields.Epsilon(op.Epsilon);

    protected override void EmitForward(IndentedWriter w, Node node, BatchNormOperation op, NodePlan plan, InferencePlan inference, IReadOnlyList<Node> nodes)
    {
        int c = node.Output.Channels;
        int positions = node.Output.Height * node.Output.Width;
        string? act = InlineAct(plan.Act, "a");
        w.Line("ref float input = " + Arena("input") + ";");
        w.Line("ref float output = " + Arena("output") + ";");
        w.Line("ref float scale = " + Packed("scales") + ";");
        w.Line("ref float shift = " + Packed("shifts") + ";");
        Constants(w, act is null ? Act.None : plan.Act);
        ThreadRange.Positions(w, plan, positions, "p0", "p1");
        w.Open("for (int p = p0; p < p1; p++)");
        w.Open("for (int c = 0; c < " + c + "; c += TO.Count)");
        w.Line("TV a = TO.MultiplyAdd(TO.Load(ref input, p * " + c + " + c), TO.Load(ref scale, c), TO.Load(ref shift, c));");
        if (!string.IsNullOrEmpty(act)) w.Line(act!);
        w.Line("TO.Store(a, ref output, p * " + c + " + c, " + c + " - c);");
        w.Close();
        w.Close();
        if (act is null) w.Line(Kernels + ".Activations.ApplyStrided(ref " + Unsafe + ".Add(ref output, p0 * " + c + "), p1 - p0, " + c + ", " + c + ", " + ActMember(plan.Act) + ");");
    }
}
