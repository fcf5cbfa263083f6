using CnnDsl.Generator.Emit.Training;
using CnnDsl.Model;
using CnnDsl.Operations;
using static CnnDsl.Generator.Emit.InferenceNames;

namespace CnnDsl.Generator.Emit.Operations;

/// <summary>
/// A 3x3 stride-1 convolution run by the runtime's Winograd kernels: F(2x2,3x3) (<c>Kernels.WinogradConv</c>, 16
/// multiplies per 2x2 output tile instead of 36) or F(4x4,3x3) (<c>Kernels.Winograd4Conv</c>, 36 per 4x4 tile instead
/// of 144); a 5x5 one by F(2x2,5x5) (<c>Kernels.Winograd5x5Conv</c>, 36 per 2x2 tile instead of 100); 1 x 7 and 7 x 1
/// by F(4,7) (<c>Kernels.WinogradLineConv</c>), at the cost of transforms and a little rounding. The layer method is one call with the layer's constants;
/// <see cref="ConvEmitter"/> chooses it per layer by <see cref="WinogradRule"/>, which also picks the tile.
/// </summary>
internal static class WinogradConvEmitter
{
    /// <summary>
    /// The node's <c>LayerPacking</c> method: <c>WinogradLine4</c> for a 1 x r or r x 1 kernel by F(4, r), <c>Winograd5x5</c>
    /// for F(2x2,5x5), <c>Winograd4</c> for F(4x4,3x3), <c>Winograd</c> for F(2x2,3x3).
    /// </summary>
    public static string PackingMethod(Node node)
        => WinogradRule.IsLine(node) ? "WinogradLine" + WinogradRule.LineOutputs(node)
            : WinogradRule.IsFiveByFive(node) ? "Winograd5x5" : WinogradRule.TileSize(node) == 4 ? "Winograd4" : "Winograd";

    /// <summary>The kernel class of a square-kernel node.</summary>
    private static string SquareKernel(Node node)
        => WinogradRule.IsFiveByFive(node) ? "Winograd5x5Conv" : WinogradRule.TileSize(node) == 4 ? "Winograd4Conv" : "WinogradConv";

    /// <summary>
    /// Declares <c>t0</c> and <c>t1</c>: this part's tiles (numbered along the tile rows) in whole register tiles when the
    /// layer splits by positions, else all of them. Parts of whole tile rows left the register tile part empty in rows
    /// of few tiles (GoogLeNet's 14x14 layers by F(4x4): rows of 4 tiles, which took 1.4-2.0x their one-thread CPU time
    /// on two threads) or of 7 and 14 tiles (W1, ResNet-18's 28x28 and 14x14 layers).
    /// </summary>
    private static void Tiles(IndentedWriter w, NodePlan plan, long tiles)
    {
        if (plan.Split != ThreadSplit.Positions)
        {
            w.Line("int t0 = 0, t1 = " + tiles + ";");
            return;
        }
        w.Line("// Whole register tiles of the machine's multiply (6 tiles with AVX2, 8 with AVX-512); the last part also takes the tiles left over.");
        w.Line(Kernels + ".WinogradParts.Tiles<TV, TO>(" + tiles + ", thread, threads, out int t0, out int t1);");
    }

    /// <summary>
    /// A layer's training forward and input gradient on the kernel and tile inference runs it with
    /// (<c>Training.WinogradTraining</c>): 3x3 by F(2x2,3x3) or F(4x4,3x3), 5x5 by F(2x2,5x5), 1 x 7 and 7 x 1 by F(4,7).
    /// The input gradient is the convolution of dy by the rotated, swapped filters over the pads k - 1 - p (negative
    /// past k - 1: the kernel reads zeros outside its input either side). Its shape struct is named by its kernel and
    /// geometry, so that layers of one geometry share it whatever their activation or residual; a 3x3 one leaves the
    /// kernel to the interface's default.
    /// </summary>
    public static TrainingLayerCode TrainingLayer(Node node, ConvOperation op)
    {
        var pads = op.Window.Pads;
        bool line = WinogradRule.IsLine(node), three = !line && !WinogradRule.IsFiveByFive(node);
        int kh = op.Window.KernelH, kw = op.Window.KernelW, tile = line ? WinogradRule.LineOutputs(node) : three ? WinogradRule.TileSize(node) : 2;
        var (input, output) = (node.Input, node.Output);
        string kernel = kh + "x" + kw;
        string name = "Winograd" + (three ? "" : kernel) + "_" + input.Height + "x" + input.Width + "x" + input.Channels + "_" + output.Height + "x" + output.Width + "x" + output.Channels
            + "_Pad" + pads.Top + "x" + pads.Left + "_F" + tile;
        string algorithm = line ? "F(" + tile + "," + WinogradRule.LineTaps(node) + ") " + (WinogradRule.LineVertical(node) ? "down the columns" : "along the rows")
            : "F(" + tile + "x" + tile + "," + kernel + ")";
        string summary = "A " + kernel + " stride-1 layer's training shape: " + input + " -> " + output + ", pads " + pads.Top + " top and " + pads.Left + " left, Winograd "
            + algorithm + ".";
        string members = "public static int Height => " + input.Height + "; public static int Width => " + input.Width + "; public static int InChannels => " + input.Channels
            + "; public static int OutChannels => " + output.Channels + ";\n"
            + "public static int PadTop => " + pads.Top + "; public static int PadLeft => " + pads.Left + "; public static int OutHeight => " + output.Height
            + "; public static int OutWidth => " + output.Width + "; public static int TileSize => " + tile + ";"
            + (three ? "" : "\npublic static int KernelHeight => " + kh + "; public static int KernelWidth => " + kw + ";");
        return new TrainingLayerCode("WinogradTraining", Kernels + ".IWinogradShape", name, summary, members);
    }

    /// <summary>This thread's tiles or channel pairs, then the call: the zero padding is read as zeros by the input transform, no bordered copy.</summary>
    public static void EmitForward(IndentedWriter w, Node node, ConvOperation op, NodePlan plan)
    {
        var pads = op.Window.Pads;
        bool line = WinogradRule.IsLine(node), vertical = WinogradRule.LineVertical(node);
        var (tileRows, tileColumns) = WinogradRule.TileGrid(node);
        if (line)
        {
            int m = WinogradRule.LineOutputs(node), r = WinogradRule.LineTaps(node);
            w.Line("// Winograd F(" + m + "," + r + ") " + (vertical ? "down the columns" : "along the rows") + " (Kernels.WinogradLineConv): " + tileRows + " x " + tileColumns + " tiles of "
                + (vertical ? m + "x1" : "1x" + m) + " outputs, " + (m + r - 1) + " multiplies per tile instead of " + (m * r) + "; the padding is read as zeros.");
        }
        else
        {
            int r = WinogradRule.IsFiveByFive(node) ? 5 : 3, tile = r == 5 ? 2 : WinogradRule.TileSize(node), taps = (tile + r - 1) * (tile + r - 1);
            w.Line("// Winograd F(" + tile + "x" + tile + "," + r + "x" + r + ") (Kernels." + SquareKernel(node) + "): " + tileRows + " x " + tileColumns + " tiles of "
                + tile + "x" + tile + " outputs, " + taps + " multiplies per tile instead of " + (r * r * tile * tile) + "; the padding is read as zeros.");
        }
        Tiles(w, plan, (long)tileRows * tileColumns);
        w.Line("int blocks = (" + op.Filters + " + 2 * TO.Count - 1) / (2 * TO.Count) * 2;");
        ThreadRange.ChannelBlocks(w, plan, "cb0", "cb1");
        string layer = "new " + Kernels + ".WinogradLayer(" + node.Input.Height + ", " + node.Input.Width + ", " + node.Input.Channels + ", " + op.Filters + ", "
            + pads.Top + ", " + pads.Left + ", " + node.Output.Height + ", " + node.Output.Width + ", " + plan.PixelStride + ", " + ActType + "." + plan.Act + ", "
            + (plan.Residual >= 0 ? "true, " + ActType + "." + plan.ResidualAct : "false, " + ActType + ".None") + ")";
        string residual = plan.Residual >= 0 ? Arena("residual") : "ref " + Unsafe + ".NullRef<float>()";
        w.Line(line
            ? Kernels + ".WinogradLineConv.RunTiles<TV, TO>(" + layer + ", " + WinogradRule.LineOutputs(node) + ", " + WinogradRule.LineTaps(node) + ", " + (vertical ? "true" : "false") + ","
            : Kernels + "." + SquareKernel(node) + ".RunTiles<TV, TO>(" + layer + ",");
        w.Line("    " + Arena("input") + ", " + Arena("output") + ", " + residual + ",");
        w.Line("    " + Packed("weights") + ", " + Packed("shifts") + ", t0, t1, cb0 / 2, cb1 / 2);");
    }
}
