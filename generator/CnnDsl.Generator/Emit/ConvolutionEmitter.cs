using System.Collections.Generic;
using CnnDsl.Model;
using CnnDsl.Operations;
using static CnnDsl.Generator.Emit.InferenceNames;

namespace CnnDsl.Generator.Emit;

/// <summary>
/// Emits a convolution or dense layer as a register-blocked matrix multiply over constant shapes: a tile of
/// <see cref="Pixels"/> output positions (<see cref="WidePixels"/> with Vector512's 32 registers) x 2 vectors of
/// output channels, their weights packed tap by tap in the order the tile reads them, is accumulated in registers while the
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

    /// <summary>
    /// The most output positions per register tile when the vector is Vector512 and the CPU has 32 vector registers:
    /// x 2 vectors = 24 accumulators, plus the 2 weight vectors and a broadcast.
    /// </summary>
    public const int WidePixels = 12;

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
        Columns(w, t, vectors, pixels => PartMicrokernel(w, t, pixels, vectors));
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
        InnerLoop(w, t, pixels, vectors, "(wr + j0) * " + TapPitch(vectors), "xr + j0", "j1 - j0");
        w.Close();
        if (pixels > Pixels)
        {
            StoreAll(w, t, pixels, vectors);
            if (!Finishes(t)) return;
            w.Open("if (last)");
            if (t.Residual) w.Line("ref float r = ref " + Unsafe + ".Add(ref residual, " + position + " * " + t.Cout + " + c0);");
            FinishInPlace(w, t, pixels, vectors);
            w.Close();
            return;
        }
        w.Open("if (!last)");
        StoreAll(w, t, pixels, vectors);
        w.Line("continue;");
        w.Close();
        if (t.Residual) w.Line("ref float r = ref " + Unsafe + ".Add(ref residual, " + position + " * " + t.Cout + " + c0);");
        Epilogue(w, t, pixels, vectors);
    }

    private static void StoreAll(IndentedWriter w, Tile t, int pixels, int vectors)
    {
        for (int p = 0; p < pixels; p++)
        {
            var stores = new List<string>();
            for (int v = 0; v < vectors; v++) stores.Add(Store(t, p, v, vectors));
            w.Line(string.Join(" ", stores));
        }
    }

    /// <summary>Whether stored sums still need an activation or the residual.</summary>
    private static bool Finishes(Tile t) => t.Act != Act.None || t.Residual;

    /// <summary>
    /// A wide tile's epilogue once its sums are stored: one loop over its positions (activation, residual, activation)
    /// instead of the same lines for each of its up to 24 accumulators, so wide tiles add little source.
    /// </summary>
    private static void FinishInPlace(IndentedWriter w, Tile t, int pixels, int vectors)
    {
        w.Open("for (int p = 0; p < " + pixels + "; p++)");
        w.Line("ref float yp = ref " + Unsafe + ".Add(ref y, p * " + t.Stride + ");");
        if (t.Residual) w.Line("ref float rp = ref " + Unsafe + ".Add(ref r, p * " + t.Cout + ");");
        for (int v = 0; v < vectors; v++)
        {
            string e = "e" + v, at = v == 0 ? "0" : "lanes";
            w.Line("TV " + e + " = TO.Load(ref yp, " + at + ");");
            if (t.Act != Act.None) w.Line(InlineAct(t.Act, e)!);
            if (t.Residual)
            {
                w.Line(e + " = TO.Add(" + e + ", TO.Load(ref rp, " + at + "));");
                if (t.ResidualAct != Act.None) w.Line(InlineAct(t.ResidualAct, e)!);
            }
            w.Line("TO.Store(" + e + ", ref yp, " + at + (v == vectors - 1 ? ", n" + v : "") + ");");
        }
        w.Close();
    }

    /// <summary>
    /// The hot loop: per tap, the vectors of weights of the channel block and one broadcast input value per position,
    /// multiply-added into the tile's accumulators. Native-int offsets advance by one tap per iteration.
    /// </summary>
    private static void InnerLoop(IndentedWriter w, Tile t, int pixels, int vectors, string weightStart, string inputStart, string count)
    {
        w.Line("nint wp = " + weightStart + ", xp = " + inputStart + ";");
        w.Open("for (int j = " + count + "; j > 0; j--)");
        w.Line("TV w0v = TO.Load(ref w0, wp);" + (vectors == 2 ? " TV w1v = TO.Load(ref w0, wp + lanes);" : ""));
        for (int p = 0; p < pixels; p++)
        {
            string line = "TV x" + p + " = TO.Broadcast(ref x, xp" + (p == 0 ? "" : " + " + (p * t.ColStep)) + ");";
            for (int v = 0; v < vectors; v++) line += " a" + p + v + " = TO.MultiplyAdd(x" + p + ", w" + v + "v, a" + p + v + ");";
            w.Line(line);
        }
        w.Line("wp += " + TapPitch(vectors) + ";");
        w.Line("xp++;");
        w.Close();
    }

    /// <summary>Floats of packed weights per tap: a pair of channel blocks is interleaved tap by tap (WeightPacking.ConvPairedBlocks).</summary>
    private static string TapPitch(int vectors) => vectors == 2 ? "2 * lanes" : "lanes";

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
        Columns(w, t, vectors, pixels => Microkernel(w, t, pixels, vectors));
    }

    /// <summary>
    /// This thread's output rows (oh0..oh1), each walked in tiles of columns, or, for a flat layer, its positions
    /// (p0..p1, in whole tiles of <see cref="Pixels"/>; the narrower last tile is the last thread's). With Vector512
    /// (32 registers; the branch folds away at JIT time) a short row splits evenly into the fewest tiles of at most
    /// <see cref="WidePixels"/> columns (14 = 7 + 7, 17 = 9 + 8), long rows and flat layers run tiles of
    /// <see cref="WidePixels"/>; otherwise tiles of <see cref="Pixels"/>, and the columns left beyond those run as one
    /// narrower tile (still every tap's weights loaded once for all of them), not one pixel at a time: widths such as
    /// 7, 14 and 17 are common.
    /// </summary>
    private static void Columns(IndentedWriter w, Tile t, int vectors, System.Action<int> microkernel)
    {
        w.Open(t.Flat ? "for (int oh = 0; oh < 1; oh++)" : "for (int oh = oh0; oh < oh1; oh++)");
        w.Line(t.Flat ? "int ow = p0;" : "int ow = 0;");
        string Last(int tile) => t.Flat ? "p1 - " + tile : (t.Cols - tile).ToString(System.Globalization.CultureInfo.InvariantCulture);
        bool wide = vectors == 2 && t.Cols > Pixels && WideEpilogue(t.Act) && WideEpilogue(t.ResidualAct);
        if (wide && (t.Flat || t.Cols >= ShortRow))
        {
            // A long row (or a flat layer's positions): wide tiles, then the columns left in the tiles every vector width uses.
            w.Line("// Vector512: " + WidePixels + " columns x 2 vectors = " + (2 * WidePixels) + " accumulators of the 32 registers.");
            w.Open("if (TO.Count == " + MaxLanes + ")");
            w.Open("for (; ow <= " + Last(WidePixels) + "; ow += " + WidePixels + ")");
            microkernel(WidePixels);
            w.Close();
            w.Close();
            wide = false;
        }
        if (wide)
        {
            int tiles = (t.Cols + WidePixels - 1) / WidePixels, narrow = t.Cols / tiles, wider = t.Cols % tiles;
            w.Line("// Vector512: " + (wider == 0 ? "" : wider + " x " + (narrow + 1) + " + ") + (tiles - wider) + " x " + narrow + " columns, up to "
                + (vectors * (narrow + (wider == 0 ? 0 : 1))) + " accumulators of the 32 registers.");
            w.Open("if (TO.Count == " + MaxLanes + ")");
            if (wider != 0)
            {
                w.Open("for (; ow < " + (wider * (narrow + 1)) + "; ow += " + (narrow + 1) + ")");
                microkernel(narrow + 1);
                w.Close();
            }
            w.Open("for (; ow < " + t.Cols + "; ow += " + narrow + ")");
            microkernel(narrow);
            w.Close();
            w.Close();
            w.Open("else");
        }
        if (t.Cols >= Pixels)
        {
            w.Open("for (; ow <= " + Last(Pixels) + "; ow += " + Pixels + ")");
            microkernel(Pixels);
            w.Close();
        }
        if (t.Cols % Pixels != 0)
        {
            w.Open((t.Flat ? "if (ow < p1) " : "") + "// The last " + (t.Cols % Pixels) + " of " + t.Cols + " " + (t.Flat ? "positions" : "columns") + ": one narrower tile.");
            microkernel(t.Cols % Pixels);
            w.Close();
        }
        if (wide) w.Close();
        w.Close();
    }

    /// <summary>
    /// Whether an activation leaves room for the wide tile: sigmoid and swish keep their exponential's constants in
    /// registers across the loop, and with 24 accumulators the JIT spills (EfficientNet-B0's expansions did, and ran slower).
    /// </summary>
    private static bool WideEpilogue(Act act) => act is not (Act.Sigmoid or Act.Swish);

    /// <summary>Rows at least this wide take full wide tiles and leave their tail to the narrow tiles: a second wide tile would cost more source than it saves.</summary>
    private const int ShortRow = 3 * WidePixels;


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

        // The kernel's segments in a loop: one copy of the hot loop per tile, however many kernel rows or taps.
        var g = t.Segments;
        string run = g.Run.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (g.Count == 1)
        {
            w.Line("// Its " + run + " taps are contiguous in the input.");
            InnerLoop(w, t, pixels, vectors, "0", "0", run);
        }
        else
        {
            w.Open("for (int s = 0; s < " + g.Count + "; s++)");
            w.Line("// Segment s: " + (g.Columns == 1 ? "kernel row s, its " + run + " taps (kW x Cin) contiguous in the input row." : "kernel tap s, its " + run + " input channels contiguous."));
            InnerLoop(w, t, pixels, vectors, "s * " + run + " * " + TapPitch(vectors),
                g.Columns == 1 ? "s * " + g.RowStep : "s / " + g.Columns + " * " + g.RowStep + " + s % " + g.Columns + " * " + g.ColumnStep, run);
            w.Close();
        }
        if (pixels > Pixels)
        {
            StoreAll(w, t, pixels, vectors);
            if (Finishes(t)) FinishInPlace(w, t, pixels, vectors);
            return;
        }
        Epilogue(w, t, pixels, vectors);
    }
}
