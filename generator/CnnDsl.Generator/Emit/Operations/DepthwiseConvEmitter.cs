using System.Collections.Generic;
using CnnDsl.Model;
using CnnDsl.Operations;
using static CnnDsl.Generator.Emit.InferenceNames;

namespace CnnDsl.Generator.Emit.Operations;

/// <summary>
/// Depthwise convolution, vectorized across channels: four pixels at a time with the taps unrolled, in the interior and
/// at the left and right edges (where the taps outside the input are left out at compile time); a checked helper for
/// the positions no tile covers. Any kernel height and width, strides and dilations per axis.
/// </summary>
internal sealed class DepthwiseConvEmitter : OperationEmitter<DepthwiseConvOperation>
{
    protected override IEnumerable<string> Fields(Node node, DepthwiseConvOperation op) => AffinePacking.WeightAndShiftFields(node);

    protected override void EmitPacking(IndentedWriter w, Node node, DepthwiseConvOperation op, NodePlan plan, NetworkModel model)
    {
        AffinePacking.Pack(w, node, plan, model, "Depthwise", WeightField(node), lanes: false);
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
        ThreadRange.Positions(w, plan, node.Output.Height, "oh0", "oh1");
        w.Open("for (int oh = oh0; oh < oh1; oh++)");
        if (ohLo <= ohHi) w.Line("bool inside = oh >= " + ohLo + " && oh <= " + ohHi + ";");
        int outWidth = node.Output.Width;
        bool tile = owHi - owLo + 1 >= Tile;
        // The border columns run as tiles too, at a fixed place, with the taps that fall outside the input left out
        // at compile time: the checked helper one pixel at a time took about a third of a 5x5 layer at 28x28.
        bool leftEdge = outWidth >= Tile && owLo > 0;
        bool rightEdge = outWidth >= Tile && owHi < outWidth - 1;
        if (tile || leftEdge || rightEdge) KernelRows(w, win, s.Height);
        w.Open("for (int ow = 0; ow < " + outWidth + "; ow++)");
        w.Line("ref float y = ref " + Unsafe + ".Add(ref output, (oh * " + outWidth + " + ow) * " + c + ");");
        if (leftEdge)
        {
            w.Open("if (ow == 0)");
            EmitTile(w, win, s, c, packed, plan.Act, edgeStart: 0);
            w.Line("ow += " + (Tile - 1) + ";");
            w.Line("continue;");
            w.Close();
        }
        if (tile)
        {
            w.Open("if (ow >= " + owLo + " && ow + " + (Tile - 1) + " <= " + owHi + ")");
            EmitTile(w, win, s, c, packed, plan.Act, edgeStart: null);
            w.Line("ow += " + (Tile - 1) + ";");
            w.Line("continue;");
            w.Close();
        }
        if (rightEdge)
        {
            // Past the last interior tile: the last four columns as one tile (it may redo a column already written).
            w.Open("if (ow >= " + (outWidth - Tile) + ")");
            w.Line("y = ref " + Unsafe + ".Add(ref output, (oh * " + outWidth + " + " + (outWidth - Tile) + ") * " + c + ");");
            EmitTile(w, win, s, c, packed, plan.Act, edgeStart: outWidth - Tile);
            w.Line("break;");
            w.Close();
        }
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
        if (act is null) w.Line(Kernels + ".Activations.ApplyStrided(ref " + Unsafe + ".Add(ref output, oh0 * " + ((long)node.Output.Width * c) + "), (oh1 - oh0) * " + node.Output.Width + ", " + c + ", " + c + ", " + ActMember(plan.Act) + ");");
    }


    /// <summary>Output pixels a tile computes at once along the width.</summary>
    private const int Tile = 4;

    /// <summary>The kernel rows [khFirst, khEnd) of output row oh that fall inside the input (all of them away from the top and bottom).</summary>
    private static void KernelRows(IndentedWriter w, Window win, int height)
    {
        w.Line("int top = " + Origin("oh", win.StrideH, win.Pads.Top) + ";");
        w.Line("int khFirst = top >= 0 ? 0 : (" + (win.DilationH - 1) + " - top) / " + win.DilationH + ";");
        w.Line("int khEnd = top > " + (height - 1) + " ? 0 : global::System.Math.Min(" + win.KernelH + ", (" + (height - 1) + " - top) / " + win.DilationH + " + 1);");
    }

    /// <summary>
    /// <see cref="Tile"/> adjacent pixels per pass, on any row (the kernel rows outside the input are skipped). Each
    /// weight vector is loaded once for all of them: one pixel at a time needs two loads per multiply-add, so loads,
    /// not multiply-adds, set the pace. Even and odd kernel columns sum into separate registers, so 2 x
    /// <see cref="Tile"/> independent chains hide the multiply-add latency. Interior tiles (<paramref name="edgeStart"/>
    /// null) start at ow with every column inside; an edge tile starts at the constant <paramref name="edgeStart"/>
    /// and leaves out the (pixel, kernel column) pairs whose input column is outside, known at compile time.
    /// </summary>
    private static void EmitTile(IndentedWriter w, Window win, Shape s, int c, int packed, Act act, int? edgeStart)
    {
        bool split = win.KernelW > 1;
        // An edge tile's row pointer sits on its first column inside the input, so no reference leaves the buffer.
        int origin = edgeStart is int e ? (e * win.StrideW) - win.Pads.Left : 0;
        int first = System.Math.Max(0, origin);
        string column = edgeStart is null ? Origin("ow", win.StrideW, win.Pads.Left) : first.ToString(System.Globalization.CultureInfo.InvariantCulture);
        w.Line("// " + Tile + " pixels at once" + (edgeStart is null ? "" : " (columns " + edgeStart + "-" + (edgeStart + Tile - 1) + ", taps outside the input left out)") + ": each weight vector loaded once for all " + Tile + (split ? "; even and odd kernel columns in separate chains." : "."));
        w.Open("for (nint c = 0; c < " + c + "; c += lanes)");
        w.Line("TV a0 = TO.Load(ref shifts, c), a1 = a0, a2 = a0, a3 = a0;");
        if (split) w.Line("TV b0 = TO.Zero, b1 = b0, b2 = b0, b3 = b0;");
        w.Open("for (int kh = khFirst; kh < khEnd; kh++)");
        w.Line("ref float row = ref " + Unsafe + ".Add(ref input, ((top + kh" + Dilation(win.DilationH) + ") * " + s.Width + " + " + column + ") * " + c + ");");
        w.Line("ref float taps = ref " + Unsafe + ".Add(ref weights, kh * " + ((long)win.KernelW * packed) + ");");
        // Neighbouring pixels read the same input columns (pixel p, tap kw reads column p x stride + kw x dilation):
        // each column is loaded once and feeds every (pixel, tap) that reads it.
        var readers = new SortedDictionary<int, List<(int Pixel, int Tap)>>();
        var taps = new SortedSet<int>();
        for (int p = 0; p < Tile; p++)
        {
            for (int kw = 0; kw < win.KernelW; kw++)
            {
                int at = (p * win.StrideW) + (kw * win.DilationW);
                if (edgeStart is not null && (origin + at < 0 || origin + at >= s.Width)) continue;
                if (!readers.TryGetValue(at, out var list)) readers[at] = list = new List<(int, int)>();
                list.Add((p, kw));
                taps.Add(kw);
            }
        }
        foreach (int kw in taps) w.Line("TV w" + kw + " = TO.Load(ref taps, c" + (kw == 0 ? "" : " + " + ((long)kw * packed)) + ");");
        foreach (var reader in readers)
        {
            int index = reader.Key + origin - first;
            long offset = (long)index * c;
            w.Line("TV x" + index + " = TO.Load(ref row, c" + (offset == 0 ? "" : " + " + offset) + ");");
            foreach (var (p, kw) in reader.Value)
            {
                string sum = (split && kw % 2 == 1 ? "b" : "a") + p;
                w.Line(sum + " = TO.MultiplyAdd(x" + index + ", w" + kw + ", " + sum + ");");
            }
        }
        w.Close();
        for (int p = 0; p < Tile; p++)
        {
            if (split) w.Line("a" + p + " = TO.Add(a" + p + ", b" + p + ");");
            ActLine(w, act, "a" + p);
            w.Line("TO.Store(a" + p + ", ref y, c" + (p == 0 ? "" : " + " + ((long)p * c)) + ", (int)(" + c + " - c));");
        }
        w.Close();
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
        w.Line("nint c = 0;");
        w.Line("// " + BorderBlock + " channel vectors at a time: " + BorderBlock + " independent chains of multiply-adds instead of one.");
        w.Open("for (; c + " + BorderBlock + " * TO.Count <= " + c + "; c += " + BorderBlock + " * TO.Count)");
        for (int v = 0; v < BorderBlock; v++) w.Line("TV a" + v + " = TO.Load(ref shifts, " + AtVector(v) + ");");
        CheckedTaps(w, win, s);
        w.Line("ref float xt = ref " + Unsafe + ".Add(ref input, (ih * " + s.Width + " + iw) * " + c + " + c);");
        w.Line("ref float wt = ref " + Unsafe + ".Add(ref weights, (kh * " + win.KernelW + " + kw) * " + packed + " + c);");
        for (int v = 0; v < BorderBlock; v++) w.Line("a" + v + " = TO.MultiplyAdd(TO.Load(ref xt, " + Lanes(v) + "), TO.Load(ref wt, " + Lanes(v) + "), a" + v + ");");
        w.Close();
        w.Close();
        for (int v = 0; v < BorderBlock; v++)
        {
            ActLine(w, plan.Act, "a" + v);
            w.Line("TO.Store(a" + v + ", ref y, " + AtVector(v) + ");");
        }
        w.Close();
        w.Open("for (; c < " + c + "; c += TO.Count)");
        w.Line("TV a = TO.Load(ref shifts, c);");
        CheckedTaps(w, win, s);
        w.Line("a = TO.MultiplyAdd(TO.Load(ref input, (ih * " + s.Width + " + iw) * " + c + " + c), TO.Load(ref weights, (kh * " + win.KernelW + " + kw) * " + packed + " + c), a);");
        w.Close();
        w.Close();
        if (!string.IsNullOrEmpty(act)) w.Line(act!);
        w.Line("TO.Store(a, ref y, c, (int)(" + c + " - c));");
        w.Close();
        w.Close();
    }

    /// <summary>Channel vectors the border helper sums at once (independent chains).</summary>
    private const int BorderBlock = 4;

    /// <summary>The activation on <paramref name="v"/> when it fuses into the epilogue (else the layer's closing pass applies it).</summary>
    private static void ActLine(IndentedWriter w, Act act, string v)
    {
        string? line = InlineAct(act, v);
        if (!string.IsNullOrEmpty(line)) w.Line(line!);
    }

    /// <summary>Where vector <paramref name="vector"/> of a block starts: "0", "TO.Count", "2 * TO.Count", ...</summary>
    private static string Lanes(int vector) => vector switch { 0 => "0", 1 => "TO.Count", _ => vector + " * TO.Count" };

    /// <summary>"c", "c + TO.Count", ...: channel offset of vector <paramref name="vector"/> of the block at c.</summary>
    private static string AtVector(int vector) => vector == 0 ? "c" : "c + " + Lanes(vector);

    /// <summary>Opens the loops over the taps of (oh, ow) inside the input, with ih and iw, skipping the others.</summary>
    private static void CheckedTaps(IndentedWriter w, Window win, Shape s)
    {
        w.Open("for (int kh = 0; kh < " + win.KernelH + "; kh++)");
        w.Line("int ih = " + Origin("oh", win.StrideH, win.Pads.Top) + " + kh" + Dilation(win.DilationH) + ";");
        w.Line("if ((uint)ih >= " + s.Height + "u) continue;");
        w.Open("for (int kw = 0; kw < " + win.KernelW + "; kw++)");
        w.Line("int iw = " + Origin("ow", win.StrideW, win.Pads.Left) + " + kw" + Dilation(win.DilationW) + ";");
        w.Line("if ((uint)iw >= " + s.Width + "u) continue;");
    }

    /// <summary>The input index of an output position's first tap: "ow * 2 - 1", "ow - 2", "ow * 2", "ow".</summary>
    private static string Origin(string position, int stride, int pad)
        => (stride == 1 ? position : position + " * " + stride) + (pad == 0 ? "" : " - " + pad);

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
