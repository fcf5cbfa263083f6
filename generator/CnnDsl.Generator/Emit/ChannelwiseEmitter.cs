using CnnDsl.Model;
using static CnnDsl.Generator.Emit.InferenceNames;

namespace CnnDsl.Generator.Emit;

/// <summary>
/// Emits the layers that work on each channel separately, vectorized across channels: depthwise convolution
/// (taps unrolled for positions whose window is inside the input; a checked helper for the border), max and
/// average pooling, global average pooling and a standalone batch norm.
/// </summary>
internal static class ChannelwiseEmitter
{
    public static void Depthwise(IndentedWriter w, Node node, NodePlan plan, InferencePlan inference)
    {
        var s = node.Input;
        int c = s.Channels;
        int packed = (c + 15) / 16 * 16;
        var (ohLo, ohHi) = Interior(node.PadTop, node.StrideH, node.KernelH, s.Height, node.Output.Height);
        var (owLo, owHi) = Interior(node.PadLeft, node.StrideW, node.KernelW, s.Width, node.Output.Width);
        string? act = InlineAct(plan.Act, "a");

        w.Line("ref float input = " + At(inference.Nodes[node.Inputs[0]].Offset) + ";");
        w.Line("ref float output = " + At(plan.Offset) + ";");
        w.Line("ref float weights = " + Data(WeightField(node)) + ";");
        w.Line("ref float shifts = " + Data(ShiftField(node)) + ";");
        Constants(w, act is null ? ActKind.None : plan.Act);
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
            long origin = ((long)node.PadTop * s.Width + node.PadLeft) * c;
            w.Line("// The whole " + node.KernelH + "x" + node.KernelW + " window is inside: taps unrolled, no checks.");
            w.Line("ref float x = ref " + Unsafe + ".Add(ref input, oh * " + ((long)node.StrideH * s.Width * c) + " + ow * " + ((long)node.StrideW * c) + " - " + origin + ");");
            w.Open("for (nint c = 0; c < " + c + "; c += lanes)");
            w.Line("TV a = TO.Load(ref shifts, c);");
            for (int kh = 0; kh < node.KernelH; kh++)
            {
                for (int kw = 0; kw < node.KernelW; kw++)
                {
                    long tap = ((long)kh * s.Width + kw) * c;
                    int t = (kh * node.KernelW) + kw;
                    w.Line("a = TO.MultiplyAdd(TO.Load(ref x, c" + (tap == 0 ? "" : " + " + tap) + "), TO.Load(ref weights, c" + (t == 0 ? "" : " + " + ((long)t * packed)) + "), a);");
                }
            }
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
    public static void DepthwiseBorder(IndentedWriter w, Node node, NodePlan plan)
    {
        var s = node.Input;
        int c = s.Channels;
        int packed = (c + 15) / 16 * 16;
        string? act = InlineAct(plan.Act, "a");
        w.Line("/// <summary>" + CSharpLiteral.Comment(node.Name) + " at one output position whose window crosses the padding (taps outside are skipped).</summary>");
        w.Line(Optimized);
        w.Open("private static void " + Method(node) + "_Border" + Generic + "(ref float input, ref float y, ref float weights, ref float shifts, int oh, int ow) " + Constraints);
        Constants(w, act is null ? ActKind.None : plan.Act);
        w.Open("for (nint c = 0; c < " + c + "; c += TO.Count)");
        w.Line("TV a = TO.Load(ref shifts, c);");
        w.Open("for (int kh = 0; kh < " + node.KernelH + "; kh++)");
        w.Line("int ih = oh * " + node.StrideH + " - " + node.PadTop + " + kh;");
        w.Line("if ((uint)ih >= " + s.Height + "u) continue;");
        w.Open("for (int kw = 0; kw < " + node.KernelW + "; kw++)");
        w.Line("int iw = ow * " + node.StrideW + " - " + node.PadLeft + " + kw;");
        w.Line("if ((uint)iw >= " + s.Width + "u) continue;");
        w.Line("a = TO.MultiplyAdd(TO.Load(ref input, (ih * " + s.Width + " + iw) * " + c + " + c), TO.Load(ref weights, (kh * " + node.KernelW + " + kw) * " + packed + " + c), a);");
        w.Close();
        w.Close();
        if (!string.IsNullOrEmpty(act)) w.Line(act!);
        w.Line("TO.Store(a, ref y, c, (int)(" + c + " - c));");
        w.Close();
        w.Close();
    }

    /// <summary>Output positions [lo, hi] along one axis whose whole window lies inside the input.</summary>
    private static (int Lo, int Hi) Interior(int pad, int stride, int kernel, int input, int output)
    {
        int lo = (pad + stride - 1) / stride;
        int hi = input - kernel + pad < 0 ? -1 : (input - kernel + pad) / stride;
        return (lo, System.Math.Min(hi, output - 1));
    }

    public static void Pool(IndentedWriter w, Node node, NodePlan plan, InferencePlan inference)
    {
        var s = node.Input;
        int c = s.Channels;
        bool max = node.Op == OpKind.MaxPool;
        w.Line("ref float input = " + At(inference.Nodes[node.Inputs[0]].Offset) + ";");
        w.Line("ref float output = " + At(plan.Offset) + ";");
        w.Line("int lanes = TO.Count;");
        w.Open("for (int oh = 0; oh < " + node.Output.Height + "; oh++)");
        w.Line("// Only the window's positions inside the input take part: " + (max ? "padding never wins." : "padding is not counted."));
        w.Line("int h0 = global::System.Math.Max(oh * " + node.StrideH + " - " + node.PadTop + ", 0), h1 = global::System.Math.Min(oh * " + node.StrideH + " - " + node.PadTop + " + " + node.KernelH + ", " + s.Height + ");");
        w.Open("for (int ow = 0; ow < " + node.Output.Width + "; ow++)");
        w.Line("int w0 = global::System.Math.Max(ow * " + node.StrideW + " - " + node.PadLeft + ", 0), w1 = global::System.Math.Min(ow * " + node.StrideW + " - " + node.PadLeft + " + " + node.KernelW + ", " + s.Width + ");");
        w.Line("ref float y = ref " + Unsafe + ".Add(ref output, (oh * " + node.Output.Width + " + ow) * " + c + ");");
        if (!max) w.Line("TV scale = TO.Create(1f / ((h1 - h0) * (w1 - w0)));");
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

    public static void GlobalAvgPool(IndentedWriter w, Node node, NodePlan plan, InferencePlan inference)
    {
        var s = node.Input;
        int c = s.Channels;
        int positions = s.Height * s.Width;
        w.Line("ref float input = " + At(inference.Nodes[node.Inputs[0]].Offset) + ";");
        w.Line("ref float output = " + At(plan.Offset) + ";");
        w.Line("TV scale = TO.Create(1f / " + positions + ");");
        w.Open("for (int c = 0; c < " + c + "; c += TO.Count)");
        w.Line("TV a = TO.Zero;");
        w.Line("for (int p = 0; p < " + positions + "; p++) a = TO.Add(a, TO.Load(ref input, p * " + c + " + c));");
        w.Line("TO.Store(TO.Multiply(a, scale), ref output, c, " + c + " - c);");
        w.Close();
    }

    /// <summary>
    /// Squeeze-and-excitation's excite: every position's channels times the gate (input 1, 1x1xC). Safe in place:
    /// each vector is read before it is stored, and a partial store rewrites the lanes after it unchanged.
    /// </summary>
    public static void Scale(IndentedWriter w, Node node, NodePlan plan, InferencePlan inference)
    {
        int c = node.Output.Channels;
        int positions = node.Output.Height * node.Output.Width;
        int stride = inference.Nodes[node.Inputs[0]].PixelStride;
        string? act = InlineAct(plan.Act, "a");
        w.Line("ref float input = " + At(inference.Nodes[node.Inputs[0]].Offset) + ";");
        w.Line("ref float gate = " + At(inference.Nodes[node.Inputs[1]].Offset) + ";");
        w.Line("ref float output = " + At(plan.Offset) + ";");
        Constants(w, act is null ? ActKind.None : plan.Act);
        w.Open("for (int p = 0; p < " + positions + "; p++)");
        w.Open("for (int c = 0; c < " + c + "; c += TO.Count)");
        w.Line("TV a = TO.Multiply(TO.Load(ref input, p * " + stride + " + c), TO.Load(ref gate, c));");
        if (!string.IsNullOrEmpty(act)) w.Line(act!);
        w.Line("TO.Store(a, ref output, p * " + plan.PixelStride + " + c, " + c + " - c);");
        w.Close();
        w.Close();
        if (act is null) w.Line(Kernels + ".Activations.ApplyStrided(ref output, " + positions + ", " + c + ", " + plan.PixelStride + ", " + ActMember(plan.Act) + ");");
    }

    public static void BatchNorm(IndentedWriter w, Node node, NodePlan plan, InferencePlan inference)
    {
        int c = node.Output.Channels;
        int positions = node.Output.Height * node.Output.Width;
        string? act = InlineAct(plan.Act, "a");
        w.Line("ref float input = " + At(inference.Nodes[node.Inputs[0]].Offset) + ";");
        w.Line("ref float output = " + At(plan.Offset) + ";");
        w.Line("ref float scales = " + Data(ScaleField(node)) + ";");
        w.Line("ref float shifts = " + Data(ShiftField(node)) + ";");
        Constants(w, act is null ? ActKind.None : plan.Act);
        w.Open("for (int p = 0; p < " + positions + "; p++)");
        w.Open("for (int c = 0; c < " + c + "; c += TO.Count)");
        w.Line("TV a = TO.MultiplyAdd(TO.Load(ref input, p * " + c + " + c), TO.Load(ref scales, c), TO.Load(ref shifts, c));");
        if (!string.IsNullOrEmpty(act)) w.Line(act!);
        w.Line("TO.Store(a, ref output, p * " + c + " + c, " + c + " - c);");
        w.Close();
        w.Close();
        if (act is null) w.Line(Kernels + ".Activations.ApplyStrided(ref output, " + positions + ", " + c + ", " + c + ", " + ActMember(plan.Act) + ");");
    }
}
