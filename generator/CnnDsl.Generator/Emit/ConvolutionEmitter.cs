using System.Collections.Generic;
using CnnDsl.Model;
using CnnDsl.Operations;
using static CnnDsl.Generator.Emit.InferenceNames;

namespace CnnDsl.Generator.Emit;

/// <summary>
/// Emits a convolution or dense layer as a register-blocked matrix multiply over constant shapes: a tile of
/// <see cref="Pixels"/> output positions x 2 vectors of output channels is accumulated in registers while the
/// loop walks the kernel's segments of contiguous input (each unrolled in the source), then bias (with folded batch
/// norms), activation and a fused residual are applied in registers and stored straight into the output, or into
/// the concatenation's channel slice. A segment is a kernel row (in NHWC its kW x Cin taps are contiguous, so one
/// constant-bound loop covers them); when taps are dilated across the row or channels are grouped, it is one tap's
/// input channels (of its group). A grouped convolution runs one such matrix multiply per group.
/// </summary>
internal static class ConvolutionEmitter
{
    /// <summary>Output positions per register tile (x 2 vectors = 8 accumulators: fits 16 registers on AVX2 too).</summary>
    public const int Pixels = 4;

    /// <summary>The widest vector's floats (Vector512): channel counts that are multiples of twice this leave no odd block at any width.</summary>
    private const int MaxLanes = 16;

    /// <summary>
    /// Unrolling policy: the taps of a channel pair are unrolled by kernel row while their weights (K x 2 vectors,
    /// 128 bytes per tap at AVX-512) fit in L1. Larger layers are blocked over K in parts of this many taps, each
    /// part sweeping every output position with its 32 KB of weights cached, partial sums kept in the output;
    /// this also bounds the generated source of wide layers.
    /// </summary>
    public const int TapsPerPart = 256;

    /// <summary>The input, its zero-bordered copy when padded, the output, the residual when fused, then the packed weights and shifts.</summary>
    public static IEnumerable<Operand> Operands(Node node, NodePlan plan, InferencePlan inference)
    {
        yield return Operand.Offset("input", inference.Nodes[node.Inputs[0]].Offset);
        if (plan.PaddedBuffer >= 0) yield return Operand.Offset("padded", plan.PaddedOffset);
        yield return Operand.Offset("output", plan.Offset);
        if (plan.Residual >= 0) yield return Operand.Offset("residual", inference.Nodes[plan.Residual].Offset);
        yield return Operand.Array("weights", WeightField(node));
        yield return Operand.Array("shifts", ShiftField(node));
    }

    /// <summary>
    /// A convolution with <paramref name="window"/> and <paramref name="cout"/> filters, or (window null) a dense
    /// layer: one output position reading every input value.
    /// </summary>
    public static void Emit(IndentedWriter w, Node node, NodePlan plan, Window? window, int cout, int groups = 1)
    {
        bool dense = window is null;
        var win = window ?? new Window(1, 1, 1, 1, default);
        var pads = win.Pads;
        int cin = dense ? (int)node.Input.Elements : node.Input.Channels;
        int kh = win.KernelH, kw = win.KernelW;
        bool padded = plan.PaddedBuffer >= 0;
        int inW = dense ? 1 : node.Input.Width + pads.Left + pads.Right;
        bool flat = dense || (kh == 1 && kw == 1 && win.StrideH == 1 && win.StrideW == 1 && !padded);
        int rows = flat ? 1 : node.Output.Height;
        int cols = flat ? node.Output.Height * node.Output.Width : node.Output.Width;
        long rowStep = flat ? 0 : (long)win.StrideH * inW * cin;
        long colStep = flat ? cin : (long)win.StrideW * cin;
        long rowPitch = (long)inW * cin;
        // A kernel row is one contiguous run unless its taps are dilated apart or read a group's channels only.
        int cinG = cin / groups, coutG = cout / groups;
        bool rowRuns = groups == 1 && win.DilationW == 1;
        int segmentColumns = rowRuns ? 1 : kw;
        int run = rowRuns ? kw * cin : cinG;
        long segmentRowStep = (long)win.DilationH * rowPitch, segmentColumnStep = (long)win.DilationW * cin;
        long k = (long)kh * kw * cinG;
        int stride = plan.PixelStride;
        string? act = InlineAct(plan.Act, "v");
        string? residualAct = plan.Residual >= 0 ? InlineAct(plan.ResidualAct, "v") : "";

        // This thread's output rows (or, for a flat layer, positions in whole tiles).
        if (flat) ThreadRange.Tiles(w, plan, cols, Pixels, "p0", "p1");
        else ThreadRange.Positions(w, plan, rows, "oh0", "oh1");
        if (padded)
        {
            string border = Arena("input") + ", " + node.Input.Height + ", " + node.Input.Width + ", " + cin + ", "
                + Arena("padded") + ", " + pads.Top + ", " + pads.Left + ", " + pads.Bottom + ", " + pads.Right + ", 0f";
            // Each thread borders its share of the rows, then both wait until the whole bordered input is written.
            int bordered = node.Input.Height + pads.Top + pads.Bottom;
            w.Line("// Zero border (pads " + pads.Top + "," + pads.Left + "," + pads.Bottom + "," + pads.Right + ") so every tap below is in range.");
            if (ThreadRange.MeetsInside(plan))
            {
                w.Line(Kernels + ".TensorCopy.WithBorderRows(" + border + ", " + bordered + " * thread / threads, " + bordered + " * (thread + 1) / threads);");
                w.Line("worker?.Sync();");
            }
            else
            {
                w.Line(Kernels + ".TensorCopy.WithBorder(" + border + ");");
            }
        }
        // Grouped: the whole tensors are named "...All"; each group's loop names its own slices as the kernel below expects.
        string all = groups == 1 ? "" : "All";
        w.Line("ref float input" + all + " = " + Arena(padded ? "padded" : "input") + ";");
        w.Line("ref float output" + all + " = " + Arena("output") + ";");
        if (plan.Residual >= 0) w.Line("ref float residual" + all + " = " + Arena("residual") + ";");
        w.Line("ref float weights" + all + " = " + Packed("weights") + ";");
        w.Line("ref float shifts" + all + " = " + Packed("shifts") + ";");
        Constants(w, act is null ? Act.None : plan.Act, plan.Residual >= 0 && residualAct is not null ? plan.ResidualAct : Act.None);
        w.Line("int lanes = TO.Count;");
        w.Line("int blocks = (" + coutG + " + lanes - 1) / lanes;");
        ThreadRange.ChannelBlocks(w, plan, "cb0", "cb1");
        if (groups != 1)
        {
            w.Open("for (int g = 0; g < " + groups + "; g++)");
            w.Line("// Group g: input channels g * " + cinG + " onwards, output channels g * " + coutG + " onwards, its own packed weights.");
            w.Line("ref float input = ref " + Unsafe + ".Add(ref inputAll, g * " + cinG + ");");
            w.Line("ref float output = ref " + Unsafe + ".Add(ref outputAll, g * " + coutG + ");");
            if (plan.Residual >= 0) w.Line("ref float residual = ref " + Unsafe + ".Add(ref residualAll, g * " + coutG + ");");
            w.Line("ref float weights = ref " + Unsafe + ".Add(ref weightsAll, g * blocks * " + k + " * lanes);");
            w.Line("ref float shifts = ref " + Unsafe + ".Add(ref shiftsAll, g * " + coutG + ");");
        }
        w.Line("int cb = cb0;");

        var shape = new Tile(rows, cols, rowStep, colStep, new Segments(kh, segmentColumns, segmentRowStep, segmentColumnStep, run), k, cout, coutG, stride,
            plan.Residual >= 0, act is null ? Act.None : plan.Act, residualAct is null ? Act.None : plan.ResidualAct, flat);
        w.Open("for (; cb + 1 < cb1; cb += 2)");
        Block(w, shape, 2);
        w.Close();
        if (coutG % (2 * MaxLanes) != 0)
        {
            w.Open("if (cb < cb1)");
            Block(w, shape, 1);
            w.Close();
        }
        else
        {
            w.Line("// " + coutG + " channels are an even number of vectors at every width: no single-vector block is left.");
        }
        if (groups != 1) w.Close();

        // The pass over the stored output covers this thread's positions (a softmax is never split by channels).
        string first = flat ? "p0" : "oh0 * " + cols, count = flat ? "p1 - p0" : "(oh1 - oh0) * " + cols;
        string stored = "ref " + Unsafe + ".Add(ref output, " + first + " * " + stride + "), " + count + ", " + cout + ", " + stride + ", ";
        if (act is null) w.Line(Kernels + ".Activations.ApplyStrided(" + stored + ActMember(plan.Act) + ");");
        if (residualAct is null) w.Line(Kernels + ".Activations.ApplyStrided(" + stored + ActMember(plan.ResidualAct) + ");");
    }

    private static void BlockInParts(IndentedWriter w, Tile t, int vectors)
    {
        var g = t.Segments;
        int sub = (g.Run + TapsPerPart - 1) / TapsPerPart;
        int parts = g.Count * sub;
        BlockPrologue(w, t, vectors);
        w.Line("// " + parts + " parts of at most " + TapsPerPart + " taps (" + sub + " per " + (g.Columns == 1 ? "kernel row" : "kernel tap") + "); partial sums wait in the output.");
        w.Open("for (int part = 0; part < " + parts + "; part++)");
        w.Line("int row = part / " + sub + ";");
        w.Line("int j0 = (part - row * " + sub + ") * " + TapsPerPart + ", j1 = global::System.Math.Min(j0 + " + TapsPerPart + ", " + g.Run + ");");
        w.Line(g.Columns == 1
            ? "int xr = row * " + g.RowStep + ", wr = row * " + g.Run + ";"
            : "int xr = row / " + g.Columns + " * " + g.RowStep + " + row % " + g.Columns + " * " + g.ColumnStep + ", wr = row * " + g.Run + ";");
        w.Line("bool first = part == 0, last = part == " + (parts - 1) + ";");
        Positions(w, t, vectors, PartMicrokernel);
        w.Close();
    }

    private static void PartMicrokernel(IndentedWriter w, Tile t, int pixels, int vectors)
    {
        string row = t.Rows == 1 ? "" : "oh * " + t.RowStep + " + ";
        w.Line("ref float x = ref " + Unsafe + ".Add(ref input, " + row + "ow * " + t.ColStep + ");");
        string position = t.Rows == 1 ? "ow" : "(oh * " + t.Cols + " + ow)";
        w.Line("ref float y = ref " + Unsafe + ".Add(ref output, " + position + " * " + t.Stride + " + c0);");
        var declarations = new List<string>();
        for (int p = 0; p < pixels; p++)
            for (int v = 0; v < vectors; v++) declarations.Add("a" + p + v + " = first ? s" + v + " : TO.Load(ref y, " + Offset(p, t.Stride, v) + ")");
        w.Line("TV " + string.Join(", ", declarations) + ";");
        w.Open("// Taps j0..j1 of kernel row 'row'.");
        InnerLoop(w, t, pixels, vectors, "(wr + j0) * lanes", "xr + j0", "j1 - j0");
        w.Close();
        w.Open("if (!last)");
        for (int p = 0; p < pixels; p++)
            for (int v = 0; v < vectors; v++) w.Line(Store(t, p, v, vectors));
        w.Line("continue;");
        w.Close();
        if (t.Residual) w.Line("ref float r = ref " + Unsafe + ".Add(ref residual, " + position + " * " + t.Cout + " + c0);");
        Epilogue(w, t, pixels, vectors);
    }

    /// <summary>
    /// The hot loop: per tap, the vectors of weights of the channel block and one broadcast input value per position,
    /// multiply-added into the tile's accumulators. Native-int offsets advance by one tap per iteration.
    /// </summary>
    private static void InnerLoop(IndentedWriter w, Tile t, int pixels, int vectors, string weightStart, string inputStart, string count)
    {
        w.Line("nint wp = " + weightStart + ", xp = " + inputStart + ";");
        w.Open("for (int j = " + count + "; j > 0; j--)");
        w.Line("TV w0v = TO.Load(ref w0, wp);" + (vectors == 2 ? " TV w1v = TO.Load(ref w0, wp + " + t.K + " * lanes);" : ""));
        for (int p = 0; p < pixels; p++)
        {
            string line = "TV x" + p + " = TO.Broadcast(ref x, xp" + (p == 0 ? "" : " + " + (p * t.ColStep)) + ");";
            for (int v = 0; v < vectors; v++) line += " a" + p + v + " = TO.MultiplyAdd(x" + p + ", w" + v + "v, a" + p + v + ");";
            w.Line(line);
        }
        w.Line("wp += lanes;");
        w.Line("xp++;");
        w.Close();
    }

    private static string Offset(int p, int stride, int v) => ((long)p * stride) + (v == 0 ? "" : " + lanes");

    private static string Store(Tile t, int p, int v, int vectors)
        => v == vectors - 1
            ? "TO.Store(a" + p + v + ", ref y, " + Offset(p, t.Stride, v) + ", n" + v + ");"
            : "TO.Store(a" + p + v + ", ref y, " + Offset(p, t.Stride, v) + ");";

    /// <summary>Activation, fused residual and activation, then the store (partial for the last channel vector).</summary>
    private static void Epilogue(IndentedWriter w, Tile t, int pixels, int vectors)
    {
        for (int p = 0; p < pixels; p++)
        {
            for (int v = 0; v < vectors; v++)
            {
                string a = "a" + p + v;
                if (t.Act != Act.None) w.Line(InlineAct(t.Act, a)!);
                if (t.Residual)
                {
                    w.Line(a + " = TO.Add(" + a + ", TO.Load(ref r, " + Offset(p, t.Cout, v) + "));");
                    if (t.ResidualAct != Act.None) w.Line(InlineAct(t.ResidualAct, a)!);
                }
                w.Line(Store(t, p, v, vectors));
            }
        }
    }

    /// <summary>
    /// <paramref name="Cout"/>: the output's channels (the residual's pitch); <paramref name="GroupCout"/>: the
    /// channels this matrix multiply writes (the group's).
    /// </summary>
    private sealed record Tile(int Rows, int Cols, long RowStep, long ColStep, Segments Segments, long K,
        int Cout, int GroupCout, int Stride, bool Residual, Act Act, Act ResidualAct, bool Flat);

    /// <summary>
    /// The kernel's runs of contiguous input: <paramref name="Rows"/> x <paramref name="Columns"/> of them,
    /// <paramref name="RowStep"/> and <paramref name="ColumnStep"/> floats apart, <paramref name="Run"/> taps each;
    /// their weights follow one another.
    /// </summary>
    private sealed record Segments(int Rows, int Columns, long RowStep, long ColumnStep, int Run)
    {
        public int Count => Rows * Columns;
    }

    /// <summary>One or two channel blocks (vectors) of output channels, over every output position.</summary>
    private static void Block(IndentedWriter w, Tile t, int vectors)
    {
        if (t.K > TapsPerPart)
        {
            BlockInParts(w, t, vectors);
            return;
        }
        BlockPrologue(w, t, vectors);
        Positions(w, t, vectors, Microkernel);
    }

    /// <summary>
    /// The loops over this thread's output positions: its rows (oh0..oh1) of full-width tiles then the narrower tile,
    /// or, for a flat layer, its positions (p0..p1, whole tiles; the narrower tile is the last thread's).
    /// </summary>
    private static void Positions(IndentedWriter w, Tile t, int vectors, System.Action<IndentedWriter, Tile, int, int> kernel)
    {
        w.Open(t.Flat ? "for (int oh = 0; oh < 1; oh++)" : "for (int oh = oh0; oh < oh1; oh++)");
        w.Line(t.Flat ? "int ow = p0;" : "int ow = 0;");
        if (t.Cols >= Pixels)
        {
            w.Open("for (; ow <= " + (t.Flat ? "p1 - " + Pixels : (t.Cols - Pixels).ToString(System.Globalization.CultureInfo.InvariantCulture)) + "; ow += " + Pixels + ")");
            kernel(w, t, Pixels, vectors);
            w.Close();
        }
        if (t.Cols % Pixels != 0)
        {
            w.Open((t.Flat ? "if (ow < p1) " : "") + RemainderComment(t));
            kernel(w, t, t.Cols % Pixels, vectors);
            w.Close();
        }
        w.Close();
    }

    /// <summary>
    /// The columns a row has beyond its full tiles run as one narrower tile (still every tap's weights loaded once
    /// for all of them), not one pixel at a time: widths such as 7, 14 and 17 are common.
    /// </summary>
    private static string RemainderComment(Tile t)
        => "// The last " + (t.Cols % Pixels) + " of " + t.Cols + " columns: one narrower tile.";

    private static void BlockPrologue(IndentedWriter w, Tile t, int vectors)
    {
        w.Line("int c0 = cb * lanes;");
        w.Line("ref float w0 = ref " + Unsafe + ".Add(ref weights, cb * " + t.K + " * lanes);");
        w.Line("TV s0 = TO.Load(ref shifts, c0);");
        if (vectors == 2) w.Line("TV s1 = TO.Load(ref shifts, c0 + lanes);");
        w.Line("// Valid lanes of the last vector (a partial store past the output channels).");
        w.Line(vectors == 2 ? "int n1 = " + t.GroupCout + " - c0 - lanes;" : "int n0 = " + t.GroupCout + " - c0;");
    }

    private static void Microkernel(IndentedWriter w, Tile t, int pixels, int vectors)
    {
        string row = t.Rows == 1 ? "" : "oh * " + t.RowStep + " + ";
        w.Line("ref float x = ref " + Unsafe + ".Add(ref input, " + row + "ow * " + t.ColStep + ");");
        string position = t.Rows == 1 ? "ow" : "(oh * " + t.Cols + " + ow)";
        w.Line("ref float y = ref " + Unsafe + ".Add(ref output, " + position + " * " + t.Stride + " + c0);");
        if (t.Residual) w.Line("ref float r = ref " + Unsafe + ".Add(ref residual, " + position + " * " + t.Cout + " + c0);");

        var declarations = new List<string>();
        for (int p = 0; p < pixels; p++)
            for (int v = 0; v < vectors; v++) declarations.Add("a" + p + v + " = s" + v);
        w.Line("TV " + string.Join(", ", declarations) + ";");

        var g = t.Segments;
        for (int kr = 0; kr < g.Rows; kr++)
        {
            for (int kc = 0; kc < g.Columns; kc++)
            {
                long segment = (long)kr * g.Columns + kc;
                w.Open(g.Columns == 1
                    ? "// Kernel row " + kr + ": its " + g.Run + " taps (kW x Cin) are contiguous in the input row."
                    : "// Kernel tap (" + kr + ", " + kc + "): its " + g.Run + " input channels are contiguous.");
                InnerLoop(w, t, pixels, vectors, segment == 0 ? "0" : (segment * g.Run) + " * lanes",
                    (kr * g.RowStep + kc * g.ColumnStep).ToString(System.Globalization.CultureInfo.InvariantCulture), g.Run.ToString(System.Globalization.CultureInfo.InvariantCulture));
                w.Close();
            }
        }

        Epilogue(w, t, pixels, vectors);
    }
}
