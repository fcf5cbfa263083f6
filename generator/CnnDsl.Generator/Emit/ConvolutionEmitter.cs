using System.Collections.Generic;
using CnnDsl.Model;
using static CnnDsl.Generator.Emit.InferenceNames;

namespace CnnDsl.Generator.Emit;

/// <summary>
/// Emits a convolution or dense layer as a register-blocked matrix multiply over constant shapes: a tile of
/// <see cref="Pixels"/> output positions x 2 vectors of output channels is accumulated in registers while the
/// loop walks the kernel rows (each row unrolled in the source: in NHWC its kW x Cin taps are contiguous, so one
/// constant-bound loop covers them), then bias (with folded batch norms), activation and a fused residual are
/// applied in registers and stored straight into the output, or into the concatenation's channel slice.
/// </summary>
internal static class ConvolutionEmitter
{
    /// <summary>Output positions per register tile (x 2 vectors = 8 accumulators: fits 16 registers on AVX2 too).</summary>
    public const int Pixels = 4;

    public static void Emit(IndentedWriter w, Node node, NodePlan plan, InferencePlan inference)
    {
        bool dense = node.Op == OpKind.Dense;
        var input = inference.Nodes[node.Inputs[0]];
        int cin = dense ? (int)node.Input.Elements : node.Input.Channels;
        int kh = dense ? 1 : node.KernelH, kw = dense ? 1 : node.KernelW;
        bool padded = plan.PaddedBuffer >= 0;
        int inW = dense ? 1 : node.Input.Width + node.PadLeft + node.PadRight;
        bool flat = dense || (kh == 1 && kw == 1 && node.StrideH == 1 && node.StrideW == 1 && !padded);
        int rows = flat ? 1 : node.Output.Height;
        int cols = flat ? node.Output.Height * node.Output.Width : node.Output.Width;
        long rowStep = flat ? 0 : (long)node.StrideH * inW * cin;
        long colStep = flat ? cin : (long)node.StrideW * cin;
        long rowPitch = (long)inW * cin;
        int run = kw * cin;
        long k = (long)kh * run;
        int cout = node.Filters;
        int stride = plan.PixelStride;
        string? act = InlineAct(plan.Act, "v");
        string? residualAct = plan.Residual >= 0 ? InlineAct(plan.ResidualAct, "v") : "";

        if (padded)
        {
            w.Line("// Zero border (pads " + node.PadTop + "," + node.PadLeft + "," + node.PadBottom + "," + node.PadRight + ") so every tap below is in range.");
            w.Line(Kernels + ".TensorCopy.WithBorder(" + At(input.Offset) + ", " + node.Input.Height + ", " + node.Input.Width + ", " + cin + ", "
                + At(plan.PaddedOffset) + ", " + node.PadTop + ", " + node.PadLeft + ", " + node.PadBottom + ", " + node.PadRight + ", 0f);");
        }
        w.Line("ref float input = " + At(padded ? plan.PaddedOffset : input.Offset) + ";");
        w.Line("ref float output = " + At(plan.Offset) + ";");
        if (plan.Residual >= 0) w.Line("ref float residual = " + At(inference.Nodes[plan.Residual].Offset) + ";");
        w.Line("ref float weights = " + Data(WeightField(node)) + ";");
        w.Line("ref float shifts = " + Data(ShiftField(node)) + ";");
        Constants(w, act is null ? ActKind.None : plan.Act, plan.Residual >= 0 && residualAct is not null ? plan.ResidualAct : ActKind.None);
        w.Line("int lanes = TO.Count;");
        w.Line("int blocks = (" + cout + " + lanes - 1) / lanes;");
        w.Line("int cb = 0;");

        var shape = new Tile(rows, cols, rowStep, colStep, rowPitch, kh, run, k, cout, stride, plan.Residual >= 0,
            act is null ? ActKind.None : plan.Act, residualAct is null ? ActKind.None : plan.ResidualAct);
        w.Open("for (; cb + 1 < blocks; cb += 2)");
        Block(w, shape, 2);
        w.Close();
        w.Open("if (cb < blocks)");
        Block(w, shape, 1);
        w.Close();

        int pixels = node.Output.Height * node.Output.Width;
        if (act is null) w.Line(Kernels + ".Activations.ApplyStrided(ref output, " + pixels + ", " + cout + ", " + stride + ", " + ActMember(plan.Act) + ");");
        if (residualAct is null) w.Line(Kernels + ".Activations.ApplyStrided(ref output, " + pixels + ", " + cout + ", " + stride + ", " + ActMember(plan.ResidualAct) + ");");
    }

    private sealed record Tile(int Rows, int Cols, long RowStep, long ColStep, long RowPitch, int KernelRows, int Run, long K,
        int Cout, int Stride, bool Residual, ActKind Act, ActKind ResidualAct);

    /// <summary>One or two channel blocks (vectors) of output channels, over every output position.</summary>
    private static void Block(IndentedWriter w, Tile t, int vectors)
    {
        w.Line("int c0 = cb * lanes;");
        w.Line("ref float w0 = ref " + Unsafe + ".Add(ref weights, cb * " + t.K + " * lanes);");
        if (vectors == 2) w.Line("ref float w1 = ref " + Unsafe + ".Add(ref w0, " + t.K + " * lanes);");
        w.Line("TV s0 = TO.Load(ref shifts, c0);");
        if (vectors == 2) w.Line("TV s1 = TO.Load(ref shifts, c0 + lanes);");
        w.Line("// Valid lanes of the last vector (a partial store past the output channels).");
        w.Line(vectors == 2 ? "int n1 = " + t.Cout + " - c0 - lanes;" : "int n0 = " + t.Cout + " - c0;");
        w.Open("for (int oh = 0; oh < " + t.Rows + "; oh++)");
        w.Line("int ow = 0;");
        if (t.Cols >= Pixels)
        {
            w.Open("for (; ow <= " + (t.Cols - Pixels) + "; ow += " + Pixels + ")");
            Microkernel(w, t, Pixels, vectors);
            w.Close();
        }
        if (t.Cols % Pixels != 0)
        {
            w.Open("for (; ow < " + t.Cols + "; ow++)");
            Microkernel(w, t, 1, vectors);
            w.Close();
        }
        w.Close();
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

        for (int kr = 0; kr < t.KernelRows; kr++)
        {
            if (t.KernelRows > 1) w.Line("// Kernel row " + kr + ".");
            w.Open("for (int j = 0; j < " + t.Run + "; j++)");
            for (int v = 0; v < vectors; v++)
                w.Line("TV w" + v + "v = TO.Load(ref w" + v + ", " + (kr == 0 ? "j" : "(" + ((long)kr * t.Run) + " + j)") + " * lanes);");
            for (int p = 0; p < pixels; p++)
            {
                long offset = (kr * t.RowPitch) + (p * t.ColStep);
                string line = "TV x" + p + " = TO.Broadcast(ref x, j" + (offset == 0 ? "" : " + " + offset) + ");";
                for (int v = 0; v < vectors; v++) line += " a" + p + v + " = TO.MultiplyAdd(x" + p + ", w" + v + "v, a" + p + v + ");";
                w.Line(line);
            }
            w.Close();
        }

        for (int p = 0; p < pixels; p++)
        {
            for (int v = 0; v < vectors; v++)
            {
                string a = "a" + p + v;
                if (t.Act != ActKind.None) w.Line(InlineAct(t.Act, a)!);
                if (t.Residual)
                {
                    w.Line(a + " = TO.Add(" + a + ", TO.Load(ref r, " + ((long)p * t.Cout) + (v == 0 ? "" : " + lanes") + "));");
                    if (t.ResidualAct != ActKind.None) w.Line(InlineAct(t.ResidualAct, a)!);
                }
                string offset = ((long)p * t.Stride) + (v == 0 ? "" : " + lanes");
                bool last = v == vectors - 1;
                w.Line(last
                    ? "TO.Store(" + a + ", ref y, " + offset + ", n" + v + ");"
                    : "TO.Store(" + a + ", ref y, " + offset + ");");
            }
        }
    }
}
