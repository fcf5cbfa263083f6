using System.Collections.Generic;
using CnnDsl.Model;
using CnnDsl.Operations;
using static CnnDsl.Generator.Emit.InferenceNames;

namespace CnnDsl.Generator.Emit.Operations;

/// <summary>
/// Depthwise convolution, vectorized across channels: taps unrolled for positions whose window (its dilated span)
/// is inside the input, a checked helper for the border. Any kernel height and width, strides and dilations per axis.
/// </summary>
internal sealed class DepthwiseConvEmitter : OperationEmitter<DepthwiseConvOperation>
{
    protected override IEnumerable<string> Fields(Node node, DepthwiseConvOperation op) => AffinePacking.WeightAndShiftFields(node);

    protected override void EmitPacking(IndentedWriter w, Node node, DepthwiseConvOperation op, NodePlan plan, NetworkModel model)
    {
        string affine = AffinePacking.Affine(w, node, plan, model, op.Channels, op.Bias, op.BatchNorm ? node.Name + ".bn." : null, op.Epsilon);
        w.Line(WeightField(node) + " = " + Kernels + ".WeightPacking.Depthwise(" + AffinePacking.Tensor(node.Name + ".weight") + ", " + affine + ", " + op.Channels + ", " + op.Window.KernelH + ", " + op.Window.KernelW + ");");
        AffinePacking.Shifts(w, node, affine);
    }

    public override IEnumerable<Operand> Operands(Node node, NodePlan plan, InferencePlan inference)
        => AffinePacking.WithWeightsAndShifts(base.Operands(node, plan, inference), node);

    protected override IEnumerable<string> NodeInfo(Node node, DepthwiseConvOperation op)
        => NodeInfoFields.Convolution(op.Channels, op.Window, op.Bias, op.BatchNorm, op.Epsilon);

    protected override void EmitForward(IndentedWriter w, Node node, DepthwiseConvOperation op, NodePlan plan, InferencePlan inference, IReadOnlyList<Node> nodes)
    {
        var win = op.Window;
        var s = node.Input;
        int c = s.Channels;
        int packed = (c + 15) / 16 * 16;
        var (ohLo, ohHi) = Interior(win.Pads.Top, win.StrideH, win.SpanH, s.Height, node.Output.Height);
        var (owLo, owHi) = Interior(win.Pads.Left, win.StrideW, win.SpanW, s.Width, node.Output.Width);
        string? act = InlineAct(plan.Act, "a");

        w.Line("ref float input = " + Arena("input") + ";");
        w.Line("ref float output = " + Arena("output") + ";");
        w.Line("ref float weights = " + Packed("weights") + ";");
        w.Line("ref float shifts = " + Packed("shifts") + ";");
        Constants(w, act is null ? Act.None : plan.Act);
        w.Line("int lanes = TO.Count;");
        w.Open("for (int oh = 0; oh < " + node.Output.Height + "; oh++)");
        if (ohLo <= ohHi) w.Line("bool inside = oh >= " + ohLo + " && oh <= " + ohHi + ";");
        w.Open("for (int ow = 0; ow < " + node.Output.Width + "; ow++)");
        w.Line("ref float y = ref " + Unsafe + ".Add(ref output, (oh * " + node.Output.Width + " + ow) * " + c + ");");
        if (ohLo <= ohHi && owLo <= owHi)
        {
            w.Open("if (!inside || ow < " + owLo + " || ow > " + owHi + ")");
            w.Line(Method(node) + "_Border" + Generic + "(ref input, ref y, ref weights, ref shifts, oh, ow);");
            w.Line("continue;");
            w.Close();
            long origin = ((long)win.Pads.Top * s.Width + win.Pads.Left) * c;
            w.Line("// The whole " + win.KernelH + "x" + win.KernelW + " window is inside: taps unrolled, no checks.");
            w.Line("ref float x = ref " + Unsafe + ".Add(ref input, oh * " + ((long)win.StrideH * s.Width * c) + " + ow * " + ((long)win.StrideW * c) + " - " + origin + ");");
            bool split = win.KernelH > 1;
            w.Open("for (nint c = 0; c < " + c + "; c += lanes)");
            if (split) w.Line("// Even kernel rows into a, odd ones into b: two chains of dependent multiply-adds, half as long.");
            w.Line(split ? "TV a = TO.Load(ref shifts, c), b = TO.Zero;" : "TV a = TO.Load(ref shifts, c);");
            for (int kh = 0; kh < win.KernelH; kh++)
            {
                string sum = kh % 2 == 0 ? "a" : "b";
                for (int kw = 0; kw < win.KernelW; kw++)
                {
                    long tap = ((long)kh * win.DilationH * s.Width + (long)kw * win.DilationW) * c;
                    int t = (kh * win.KernelW) + kw;
                    w.Line(sum + " = TO.MultiplyAdd(TO.Load(ref x, c" + (tap == 0 ? "" : " + " + tap) + "), TO.Load(ref weights, c" + (t == 0 ? "" : " + " + ((long)t * packed)) + "), " + sum + ");");
                }
            }
            if (split) w.Line("a = TO.Add(a, b);");
            if (!string.IsNullOrEmpty(act)) w.Line(act!);
            w.Line("TO.Store(a, ref y, c, (int)(" + c + " - c));");
            w.Close();
        }
        else
        {
            w.Line(Method(node) + "_Border" + Generic + "(ref input, ref y, ref weights, ref shifts, oh, ow);");
        }
        w.Close();
        w.Close();
        if (act is null) w.Line(Kernels + ".Activations.ApplyStrided(ref output, " + (node.Output.Height * node.Output.Width) + ", " + c + ", " + c + ", " + ActMember(plan.Act) + ");");
    }


    /// <summary>The checked path of a depthwise convolution, for positions whose window crosses the padding.</summary>
    protected override void EmitHelpers(IndentedWriter w, Node node, DepthwiseConvOperation op, NodePlan plan)
    {
        var win = op.Window;
        w.Line();
        var s = node.Input;
        int c = s.Channels;
        int packed = (c + 15) / 16 * 16;
        string? act = InlineAct(plan.Act, "a");
        w.Line("/// <summary>" + Method(node) + " at one output position whose window crosses the padding (taps outside are skipped).</summary>");
        w.Line(Optimized);
        w.Open("private static void " + Method(node) + "_Border" + Generic + "(ref float input, ref float y, ref float weights, ref float shifts, int oh, int ow) " + Constraints);
        Constants(w, act is null ? Act.None : plan.Act);
        w.Open("for (nint c = 0; c < " + c + "; c += TO.Count)");
        w.Line("TV a = TO.Load(ref shifts, c);");
        w.Open("for (int kh = 0; kh < " + win.KernelH + "; kh++)");
        w.Line("int ih = oh * " + win.StrideH + " - " + win.Pads.Top + " + kh" + Dilation(win.DilationH) + ";");
        w.Line("if ((uint)ih >= " + s.Height + "u) continue;");
        w.Open("for (int kw = 0; kw < " + win.KernelW + "; kw++)");
        w.Line("int iw = ow * " + win.StrideW + " - " + win.Pads.Left + " + kw" + Dilation(win.DilationW) + ";");
        w.Line("if ((uint)iw >= " + s.Width + "u) continue;");
        w.Line("a = TO.MultiplyAdd(TO.Load(ref input, (ih * " + s.Width + " + iw) * " + c + " + c), TO.Load(ref weights, (kh * " + win.KernelW + " + kw) * " + packed + " + c), a);");
        w.Close();
        w.Close();
        if (!string.IsNullOrEmpty(act)) w.Line(act!);
        w.Line("TO.Store(a, ref y, c, (int)(" + c + " - c));");
        w.Close();
        w.Close();
    }

    /// <summary>" * 2" after a tap index when the taps are 2 apart; "" when adjacent.</summary>
    private static string Dilation(int dilation) => dilation == 1 ? "" : " * " + dilation;

    /// <summary>Output positions [lo, hi] along one axis whose whole window lies inside the input.</summary>
    private static (int Lo, int Hi) Interior(int pad, int stride, int kernel, int input, int output)
    {
        int lo = (pad + stride - 1) / stride;
        int hi = input - kernel + pad < 0 ? -1 : (input - kernel + pad) / stride;
        return (lo, System.Math.Min(hi, output - 1));
    }
}
