using System.Collections.Generic;
using CnnDsl.Model;
using CnnDsl.Operations;
using static CnnDsl.Generator.Emit.InferenceNames;

namespace CnnDsl.Generator.Emit.Operations;

/// <summary>
/// Squeeze-and-excitation's excite: every position's channels times the gate (input 1, 1x1xC). Safe in place:
/// each vector is read before it is stored, and a partial store rewrites the lanes after it unchanged.
/// </summary>
internal sealed class ScaleEmitter : OperationEmitter<ScaleOperation>
{
    public override IEnumerable<Operand> Operands(Node node, NodePlan plan, InferencePlan inference)
    {
        if (plan.GatesWeightsOf >= 0)
        {
            // Folded into the convolution that reads it: its packed weights in, their gated copy out.
            yield return Operand.Offset("gate", inference.Nodes[node.Inputs[1]].Offset);
            yield return Operand.Array("weights", WeightField(plan.GatesWeightsOf));
            yield return Operand.Offset("gated", plan.GatedWeightsOffset);
            yield break;
        }
        yield return Operand.Offset("input", inference.Nodes[node.Inputs[0]].Offset);
        yield return Operand.Offset("gate", inference.Nodes[node.Inputs[1]].Offset);
        yield return Operand.Offset("output", plan.Offset);
    }

    protected override void EmitForward(IndentedWriter w, Node node, ScaleOperation op, NodePlan plan, InferencePlan inference, IReadOnlyList<Node> nodes)
    {
        int c = node.Output.Channels;
        int positions = node.Output.Height * node.Output.Width;
        if (plan.GatesWeightsOf >= 0)
        {
            int filters = nodes[plan.GatesWeightsOf].Output.Channels;
            w.Line("// Folded into the " + c + " -> " + filters + " 1x1 convolution that reads it: its weights times the gate, per input channel (" + c + " x " + filters + " floats instead of " + positions + " x " + c + ").");
            w.Line(Kernels + ".GatedWeights.Scale<TV, TO>(" + Packed("weights") + ", " + Arena("gate") + ", " + Arena("gated") + ", " + c + ", " + filters + ", " + positions + ");");
            return;
        }
        int stride = inference.Nodes[node.Inputs[0]].PixelStride;
        string? act = InlineAct(plan.Act, "a");
        w.Line("ref float input = " + Arena("input") + ";");
        w.Line("ref float gate = " + Arena("gate") + ";");
        w.Line("ref float output = " + Arena("output") + ";");
        Constants(w, act is null ? Act.None : plan.Act);
        ThreadRange.Positions(w, plan, positions, "p0", "p1");
        w.Open("for (int p = p0; p < p1; p++)");
        w.Open("for (int c = 0; c < " + c + "; c += TO.Count)");
        w.Line("TV a = TO.Multiply(TO.Load(ref input, p * " + stride + " + c), TO.Load(ref gate, c));");
        if (!string.IsNullOrEmpty(act)) w.Line(act!);
        w.Line("TO.Store(a, ref output, p * " + plan.PixelStride + " + c, " + c + " - c);");
        w.Close();
        w.Close();
        if (act is null) w.Line(Kernels + ".Activations.ApplyStrided(ref " + Unsafe + ".Add(ref output, p0 * " + plan.PixelStride + "), p1 - p0, " + c + ", " + plan.PixelStride + ", " + ActMember(plan.Act) + ");");
    }
}
