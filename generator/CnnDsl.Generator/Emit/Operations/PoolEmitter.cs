using System.Collections.Generic;
using CnnDsl.Model;
using CnnDsl.Operations;
using static CnnDsl.Generator.Emit.InferenceNames;

namespace CnnDsl.Generator.Emit.Operations;

/// <summary>Max and average pooling, vectorized across channels; only window positions inside the input take part.</summary>
internal sealed class PoolEmitter : OperationEmitter<PoolOperation>
{
    protected override IEnumerable<string> NodeInfo(Node node, PoolOperation op)
    {
        foreach (var field in NodeInfoFields.Window(op.Window)) yield return field;
        if (op.CountIncludePad) yield return "countpad";
    }

    protected override void EmitForward(IndentedWriter w, Node node, PoolOperation op, NodePlan plan, InferencePlan inference, IReadOnlyList<Node> nodes)
    {
        var win = op.Window;
        var s = node.Input;
        int c = s.Channels;
        bool max = op.Max;
        w.Line("ref float input = " + Arena("input") + ";");
        w.Line("ref float output = " + Arena("output") + ";");
        w.Line("int lanes = TO.Count;");
        // With count_include_pad every window lies within the padded input, so the divisor is its whole area.
        if (op.CountIncludePad) w.Line("TV scale = TO.Create(" + CSharpLiteral.Float(1f / (float)op.Window.Taps) + ");");
        ThreadRange.Positions(w, plan, node.Output.Height, "oh0", "oh1");
        w.Open("for (int oh = oh0; oh < oh1; oh++)");
        w.Line("// Only the window's positions inside the input take part: " + (max ? "padding never wins." : op.CountIncludePad ? "padding adds zeros but counts in the divisor." : "padding is not counted."));
        w.Line("int h0 = global::System.Math.Max(oh * " + win.StrideH + " - " + win.Pads.Top + ", 0), h1 = global::System.Math.Min(oh * " + win.StrideH + " - " + win.Pads.Top + " + " + win.KernelH + ", " + s.Height + ");");
        w.Open("for (int ow = 0; ow < " + node.Output.Width + "; ow++)");
        w.Line("int w0 = global::System.Math.Max(ow * " + win.StrideW + " - " + win.Pads.Left + ", 0), w1 = global::System.Math.Min(ow * " + win.StrideW + " - " + win.Pads.Left + " + " + win.KernelW + ", " + s.Width + ");");
        w.Line("ref float y = ref " + Unsafe + ".Add(ref output, (oh * " + node.Output.Width + " + ow) * " + c + ");");
        if (!max && !op.CountIncludePad) w.Line("TV scale = TO.Create(1f / ((h1 - h0) * (w1 - w0)));");
        w.Open("for (int c = 0; c < " + c + "; c += lanes)");
        w.Line(max ? "TV a = TO.Load(ref input, (h0 * " + s.Width + " + w0) * " + c + " + c);" : "TV a = TO.Zero;");
        w.Open("for (int ih = h0; ih < h1; ih++)");
        w.Open("for (int iw = w0; iw < w1; iw++)");
        w.Line("TV v = TO.Load(ref input, (ih * " + s.Width + " + iw) * " + c + " + c);");
        w.Line(max ? "a = TO.Max(a, v);" : "a = TO.Add(a, v);");
        w.Close();
        w.Close();
        w.Line("TO.Store(" + (max ? "a" : "TO.Multiply(a, scale)") + ", ref y, c, " + c + " - c);");
        w.Close();
        w.Close();
        w.Close();
    }
}
