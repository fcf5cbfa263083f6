using System.Collections.Generic;
using CnnDsl.Model;
using CnnDsl.Operations;
using static CnnDsl.Generator.Emit.InferenceNames;

namespace CnnDsl.Generator.Emit;

/// <summary>
/// Emits a convolution or dense layer as one call of the runtime's register-blocked kernel
/// (<c>global::CnnDsl.Kernels.ConvKernel</c>) with the layer's constant shape as a struct type argument (written after
/// the method, <see cref="EmitShape"/>) and its fused activations as struct type arguments: the JIT compiles each
/// distinct layer as its own instantiation with every shape a constant, as when the tiles were written out here, while
/// the source holds only the call. A segment is a kernel row (in NHWC its kW x Cin taps are contiguous, so one
/// constant-bound loop covers them); when taps are dilated across the row or channels are grouped, it is one tap's
/// input channels (of its group). A grouped convolution runs one such matrix multiply per group.
/// </summary>
internal static class ConvolutionEmitter
{
    /// <summary>Output positions per register tile of the kernel (ConvKernel.Pixels): a flat layer's threads split in whole tiles of it.</summary>
    public const int Pixels = 4;

    /// <summary>
    /// The input, its zero-bordered copy when padded, the output, the residual when fused, then the packed weights (in the
    /// arena when a channel gate scaled them for this image, <see cref="NodePlan.GatedBy"/>) and shifts.
    /// </summary>
    public static IEnumerable<Operand> Operands(Node node, NodePlan plan, InferencePlan inference)
    {
        yield return Operand.Tensor("input", inference.Nodes[node.Inputs[0]].Offset, plan.InputFromCaller ? NetworkInput : null);
        if (plan.PaddedBuffer >= 0) yield return Operand.Offset("padded", plan.PaddedOffset);
        yield return Operand.Tensor("output", plan.Offset, plan.OutputToCaller ? NetworkOutput : null);
        if (plan.Residual >= 0) yield return Operand.Tensor("residual", inference.Nodes[plan.Residual].Offset, plan.ResidualFromCaller ? NetworkInput : null);
        yield return plan.GatedBy >= 0 ? Operand.Offset("weights", plan.GatedWeightsOffset) : Operand.Array("weights", WeightField(node));
        yield return Operand.Array("shifts", ShiftField(node));
    }

    /// <summary>
    /// A convolution with <paramref name="window"/> and <paramref name="cout"/> filters, or (window null) a dense
    /// layer: one output position reading every input value.
    /// </summary>
    public static void Emit(IndentedWriter w, Node node, NodePlan plan, Window? window, int cout, int groups = 1)
    {
        var g = Geometry.Of(node, plan, window, cout, groups);
        var pads = g.Window.Pads;
        bool padded = plan.PaddedBuffer >= 0;
        string? act = InlineAct(plan.Act, "v");
        string? residualAct = plan.Residual >= 0 ? InlineAct(plan.ResidualAct, "v") : "";

        // This thread's output rows (or, for a flat layer, positions in whole tiles).
        if (g.Flat) ThreadRange.Tiles(w, plan, g.Columns, Pixels, "p0", "p1");
        else ThreadRange.Positions(w, plan, g.Rows, "oh0", "oh1");
        if (padded)
        {
            string border = Arena("input") + ", " + node.Input.Height + ", " + node.Input.Width + ", " + g.Cin + ", "
                + Arena("padded") + ", " + pads.Top + ", " + pads.Left + ", " + pads.Bottom + ", " + pads.Right + ", 0f";
            // Each thread borders its share of the rows, then both wait until the whole bordered input is written.
            int bordered = node.Input.Height + pads.Top + pads.Bottom;
            w.Line("// Zero border (pads " + pads.Top + "," + pads.Left + "," + pads.Bottom + "," + pads.Right + ") so every tap below is in range.");
            if (ThreadRange.MeetsInside(plan))
            {
                w.Line(Kernels + ".TensorCopy.WithBorderRows(" + border + ", " + bordered + " * thread / threads, " + bordered + " * (thread + 1) / threads);");
                w.Line(Worker + ".Meet(worker);");
            }
            else
            {
                w.Line(Kernels + ".TensorCopy.WithBorder(" + border + ");");
            }
        }
        w.Line("int blocks = (" + g.GroupCout + " + TO.Count - 1) / TO.Count;");
        ThreadRange.ChannelBlocks(w, plan, "cb0", "cb1");
        w.Line(KernelCall(ShapeName(node), plan.Act, plan.Residual >= 0 ? plan.ResidualAct : Act.None, Arena(padded ? "padded" : "input"), Arena("output"),
            plan.Residual >= 0 ? Arena("residual") : Arena("output"), plan.GatedBy >= 0 ? Arena("weights") : Packed("weights"), Packed("shifts"), (g.Flat ? "p0, p1" : "oh0, oh1") + ", cb0, cb1"));

        // The pass over the stored output covers this thread's positions (a softmax is never split by channels).
        string first = g.Flat ? "p0" : "oh0 * " + g.Columns, count = g.Flat ? "p1 - p0" : "(oh1 - oh0) * " + g.Columns;
        string stored = Arena("output", first, plan.PixelStride) + ", " + count + ", " + cout + ", " + plan.PixelStride;
        if (act is null) w.Line(StoredPass(stored, plan.Act));
        if (residualAct is null) w.Line(StoredPass(stored, plan.ResidualAct));
    }

    /// <summary>
    /// The call of the runtime kernel over <paramref name="shape"/>: activations the kernel applies in registers as type
    /// arguments (one <see cref="InlineAct"/> cannot apply is left to <see cref="StoredPass"/>), then its operands and range.
    /// </summary>
    private static string KernelCall(string shape, Act act, Act residualAct, string input, string output, string residual, string weights, string shifts, string range)
        => Kernels + ".ConvKernel.Run<TV, TO, " + shape + ", " + Fused(InKernel(act)) + ", " + Fused(InKernel(residualAct)) + ">(" + input + ", " + output + ", "
            + residual + ", " + weights + ", " + shifts + ", " + range + ");";

    /// <summary>An activation the kernel applies in registers: itself, or none when it needs a pass over the stored output.</summary>
    private static Act InKernel(Act act) => InlineAct(act, "v") is null ? Act.None : act;

    /// <summary>The pass applying <paramref name="act"/> over <paramref name="stored"/> (positions, count, channels, stride) after the kernel.</summary>
    private static string StoredPass(string stored, Act act) => Kernels + ".Activations.ApplyStrided(" + stored + ", " + ActMember(act) + ");";

    /// <summary>
    /// A dense layer on the images gathered for a batch (<see cref="DenseTailEmitter"/>): the kernel with
    /// <c>DenseBatch.Shape</c> over <paramref name="method"/>'s shape, one row of <c>DenseBatch.Images</c> positions, from
    /// <paramref name="inputAt"/> to <paramref name="outputAt"/> in the tail buffer <c>tail</c>, with the node's own weights
    /// (the layer class's <c>BatchTail</c> parameters <c>weightsN</c> and <c>shiftsN</c>).
    /// </summary>
    public static void EmitOnImages(IndentedWriter w, Node node, NodePlan plan, Node method, string inputAt, string outputAt)
    {
        w.Line("// " + CSharpLiteral.Comment(node.Name) + ": " + node.Op + ", " + node.Input + " -> " + node.Output + " on every gathered image.");
        string output = "ref ArenaAt(ref tail, " + outputAt + ")";
        w.Line(KernelCall(Kernels + ".DenseBatch.Shape<" + ShapeName(method) + ">", plan.Act, Act.None, "ref ArenaAt(ref tail, " + inputAt + ")", output, output,
            "ref Aligned(weights" + node.Id + ")", "ref Aligned(shifts" + node.Id + ")", "0, 1, 0, (" + node.Output.Channels + " + TO.Count - 1) / TO.Count"));
        if (InlineAct(plan.Act, "v") is null) w.Line(StoredPass(output + ", " + Kernels + ".DenseBatch.Images, " + node.Output.Channels + ", " + plan.PixelStride, plan.Act));
    }

    /// <summary>The struct holding the layer method's constant shape, e.g. <c>Node3_conv2_Shape</c>.</summary>
    public static string ShapeName(Node node) => Method(node) + "_Shape";

    /// <summary>A shape struct's member " public static int Name => value;", or nothing at the interface's default (the struct stays short).</summary>
    public static string ShapeMember(string name, int value, int byDefault) => value == byDefault ? "" : " public static int " + name + " => " + value + ";";

    /// <summary>The layer's constant shape for the kernel, written after its method (the same geometry for every layer sharing it).</summary>
    public static void EmitShape(IndentedWriter w, Node node, NodePlan plan, Window? window, int cout, int groups = 1)
    {
        var g = Geometry.Of(node, plan, window, cout, groups);
        w.Line();
        w.Open("internal readonly struct " + ShapeName(node) + " : " + Kernels + ".IConvShape");
        // Members at their interface default are left out (IConvShape: a standard convolution's, or a step the kernel never takes).
        // The members name themselves (IConvShape); the rows, which the caller passes as a range, only in the comment.
        if (!g.Flat) w.Line("// " + g.Rows + " rows of " + g.Columns + " columns (distances in floats).");
        w.Line((g.Flat ? "public static bool Flat => true; " : "") + "public static int Columns => " + g.Columns + "; "
            + (g.Flat ? "" : "public static int RowStep => " + g.RowStep + "; ") + "public static int ColumnStep => " + g.ColumnStep + ";");
        w.Line((g.SegmentRows != 1 ? "public static int SegmentRows => " + g.SegmentRows + "; public static int SegmentRowStep => " + g.SegmentRowStep + "; " : "")
            + (g.SegmentColumns != 1 ? "public static int SegmentColumns => " + g.SegmentColumns + "; public static int SegmentColumnStep => " + g.SegmentColumnStep + "; " : "")
            + "public static int Run => " + g.Run + "; public static int Taps => " + g.Taps + ";");
        w.Line("public static int OutChannels => " + cout + "; " + (groups != 1 ? "public static int Groups => " + groups + "; " : "") + "public static int GroupInChannels => " + g.Cin / groups
            + "; public static int GroupOutChannels => " + g.GroupCout + "; public static int Stride => " + plan.PixelStride + ";" + (plan.Residual >= 0 ? " public static bool Residual => true;" : ""));
        w.Close();
    }

    /// <summary>The kernel's struct for an activation applied in registers.</summary>
    private static string Fused(Act act) => Kernels + ".Fused" + act;

    /// <summary>How the kernel walks the layer: output rows x columns (or one run of positions) and the kernel's segments of contiguous input.</summary>
    private sealed record Geometry(Window Window, int Cin, bool Flat, int Rows, int Columns, long RowStep, long ColumnStep,
        int SegmentRows, int SegmentColumns, long SegmentRowStep, long SegmentColumnStep, int Run, long Taps, int GroupCout)
    {
        public static Geometry Of(Node node, NodePlan plan, Window? window, int cout, int groups)
        {
            bool dense = window is null;
            var win = window ?? new Window(1, 1, 1, 1, default);
            var pads = win.Pads;
            int cin = dense ? (int)node.Input.Elements : node.Input.Channels;
            int inW = dense ? 1 : node.Input.Width + pads.Left + pads.Right;
            // One rule with the runtime's packer (ConvWalk); a 1x1 layer is never Winograd, so padded means a bordered copy.
            bool flat = dense || ConvWalk.IsFlat(win.KernelH, win.KernelW, win.StrideH, win.StrideW, pads.Any);
            long rowPitch = (long)inW * cin;
            // A kernel row is one contiguous run unless its taps are dilated apart or read a group's channels only.
            int cinG = cin / groups;
            bool rowRuns = groups == 1 && win.DilationW == 1;
            return new Geometry(win, cin, flat,
                Rows: flat ? 1 : node.Output.Height,
                Columns: ConvWalk.Columns(flat, node.Output.Height, node.Output.Width),
                RowStep: flat ? 0 : (long)win.StrideH * rowPitch,
                ColumnStep: flat ? cin : (long)win.StrideW * cin,
                SegmentRows: win.KernelH,
                SegmentColumns: rowRuns ? 1 : win.KernelW,
                SegmentRowStep: (long)win.DilationH * rowPitch,
                SegmentColumnStep: (long)win.DilationW * cin,
                Run: rowRuns ? win.KernelW * cin : cinG,
                Taps: (long)win.KernelH * win.KernelW * cinG,
                GroupCout: cout / groups);
        }
    }
}
