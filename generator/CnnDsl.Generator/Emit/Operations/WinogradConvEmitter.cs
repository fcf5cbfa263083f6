using CnnDsl.Model;
using CnnDsl.Operations;
using static CnnDsl.Generator.Emit.InferenceNames;

namespace CnnDsl.Generator.Emit.Operations;

/// <summary>
/// A 3x3 stride-1 convolution run by the runtime's Winograd F(2x2,3x3) kernel (<c>Kernels.WinogradConv</c>): 16
/// multiplies per 2x2 output tile instead of 36, at the cost of transforms and a little rounding. The layer method
/// is one call with the layer's constants; <see cref="ConvEmitter"/> chooses it per layer by <see cref="WinogradRule"/>.
/// </summary>
internal static class WinogradConvEmitter
{
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
