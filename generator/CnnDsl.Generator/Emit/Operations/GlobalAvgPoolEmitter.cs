using System.Collections.Generic;
using CnnDsl.Model;
using CnnDsl.Operations;
using static CnnDsl.Generator.Emit.InferenceNames;

namespace CnnDsl.Generator.Emit.Operations;

/// <summary>Mean over height and width, vectorized across channels.</summary>
internal sealed class GlobalAvgPoolEmitter : OperationEmitter<GlobalAvgPoolOperation>
{
    protected override void EmitForward(IndentedWriter w, Node node, GlobalAvgPoolOperation op, NodePlan plan, InferencePlan inference, IReadOnlyList<Node> nodes)
    {
        var s = node.Input;
        int c = s.Channels;
        int positions = s.Height * s.Width;
        w.Line("ref float input = " + Arena("input") + ";");
        w.Line("ref float output = " + Arena("output") + ";");
        w.Line("TV scale = TO.Create(1f / " + positions + ");");
        w.Open("for (int c = 0; c < " + c + "; c += TO.Count)");
        w.Line("TV a = TO.Zero;");
        w.Line("for (int p = 0; p < " + positions + "; p++) a = TO.Add(a, TO.Load(ref input, p * " + c + " + c));");
        w.Line("TO.Store(TO.Multiply(a, scale), ref output, c, " + c + " - c);");
        w.Close();
    }
}
