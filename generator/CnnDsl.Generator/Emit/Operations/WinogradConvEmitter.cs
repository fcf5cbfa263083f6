using CnnDsl.Model;
using CnnDsl.Operations;
using static CnnDsl.Generator.Emit.InferenceNames;

namespace CnnDsl.Generator.Emit.Operations;

/// <summary>
/// A 3x3 stride-1 convolution run by the runtime's Winograd F(2x2,3x3) kernel (<c>Kernels.WinogradConv</c>): 16
/// multiplies per 2x2 output tile instead of 36, at the cost of transforms and a little rounding. The layer method
/// is one call with the layer's constants; <see cref="ConvEmitter"/> chooses it per layer by <see cref="Applies"/>.
/// </summary>
internal static class WinogradConvEmitter
{
    /// <summary>
    /// The fewest input and output channels for which Winograd is chosen: the multiplies shrink 2.25x while the
    /// transforms cost per channel and channels are padded to pairs of vectors. Single layers with ReLU, AMD EPYC
    /// with AVX-512 (loaded), fastest of several hundred calls, direct -> Winograd: 56x56x16 -> 16 0.127 -> 0.115-0.127 ms
    /// (no gain), 28x28x24 -> 24 0.055 -> 0.064 (a loss: a partial vector each side), 28x28x16 -> 32 0.035 -> 0.024-0.028,
    /// 14x14x32 -> 32 0.017 -> 0.011, 56x56x32 -> 32 0.28-0.30 -> 0.21-0.22, 28x28x48 -> 48 0.19-0.20 -> 0.11-0.12,
    /// 56x56x64 -> 64 1.24-1.29 -> 0.71-0.78, 28x28x128 -> 128 1.17-1.20 -> 0.61-0.66, 14x14x256 -> 256 1.17-1.19 -> 0.62-0.67,
    /// 7x7x512 -> 512 1.32-1.44 -> 0.74-0.98, 14x14x512 -> 512 5.0-5.4 -> 2.7-3.4, 7x7x192 -> 384 0.31 -> 0.20-0.21.
    /// </summary>
    public const int MinChannels = 32;

    /// <summary>Whether the layer runs by Winograd: 3x3, stride 1, undilated, ungrouped, enough channels, an epilogue activation.</summary>
    public static bool Applies(Node node, ConvOperation op, NodePlan plan)
    {
        var win = op.Window;
        return op.Groups == 1 && win.KernelH == 3 && win.KernelW == 3 && win.StrideH == 1 && win.StrideW == 1 && !win.Dilated
            && node.Input.Channels >= MinChannels && op.Filters >= MinChannels
            && InlineAct(plan.Act, "v") is not null && (plan.Residual < 0 || InlineAct(plan.ResidualAct, "v") is not null);
    }

    public static void EmitPacking(IndentedWriter w, Node node, ConvOperation op, string affine)
        => w.Line(WeightField(node) + " = " + Kernels + ".WinogradWeights.Pack(" + AffinePacking.Tensor(node.Name + ".weight") + ", " + affine + ", "
            + op.Filters + ", " + node.Input.Channels + ", lanes, " + AffinePacking.OutShifts(node) + ");");

    /// <summary>This thread's tile rows or channel pairs, then the call: the zero padding is read as zeros by the input transform, no bordered copy.</summary>
    public static void EmitForward(IndentedWriter w, Node node, ConvOperation op, NodePlan plan)
    {
        var pads = op.Window.Pads;
        int tileRows = (node.Output.Height + 1) / 2;
        w.Line("// Winograd F(2x2,3x3) (Kernels.WinogradConv): " + tileRows + " x " + ((node.Output.Width + 1) / 2) + " tiles of 2x2 outputs, 16 multiplies per tile instead of 36; the padding is read as zeros.");
        ThreadRange.Positions(w, plan, tileRows, "tr0", "tr1");
        w.Line("int blocks = (" + op.Filters + " + 2 * TO.Count - 1) / (2 * TO.Count) * 2;");
        ThreadRange.ChannelBlocks(w, plan, "cb0", "cb1");
        string layer = "new " + Kernels + ".WinogradLayer(" + node.Input.Height + ", " + node.Input.Width + ", " + node.Input.Channels + ", " + op.Filters + ", "
            + pads.Top + ", " + pads.Left + ", " + node.Output.Height + ", " + node.Output.Width + ", " + plan.PixelStride + ", " + ActType + "." + plan.Act + ", "
            + (plan.Residual >= 0 ? "true, " + ActType + "." + plan.ResidualAct : "false, " + ActType + ".None") + ")";
        string residual = plan.Residual >= 0 ? Arena("residual") : "ref " + Unsafe + ".NullRef<float>()";
        w.Line(Kernels + ".WinogradConv.Run<TV, TO>(" + layer + ",");
        w.Line("    " + Arena("input") + ", " + Arena("output") + ", " + residual + ",");
        w.Line("    " + Packed("weights") + ", " + Packed("shifts") + ", tr0, tr1, cb0 / 2, cb1 / 2);");
    }
}
