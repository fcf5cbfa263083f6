using System.Collections.Generic;
using CnnDsl.Model;
using CnnDsl.Operations;
using CnnDsl.Generator.Emit.Training;
using static CnnDsl.Generator.Emit.InferenceNames;

namespace CnnDsl.Generator.Emit.Operations;

/// <summary>
/// Max and average pooling as one call of the runtime's <c>global::CnnDsl.Kernels.PoolKernel</c> (vectorized across
/// channels; only window positions inside the input take part) with the layer's constant shape as a struct type argument.
/// Training runs the same kernel on the same shape, and its input gradient beside it (<c>MaxPoolTraining</c>, <c>AvgPoolTraining</c>).
/// </summary>
internal sealed class PoolEmitter : OperationEmitter<PoolOperation>
{
    protected override IEnumerable<string> NodeInfo(Node node, PoolOperation op)
    {
        foreach (var field in NodeInfoFields.Window(op.Window)) yield return field;
        if (op.CountIncludePad) yield return "countpad";
    }

    /// <summary>This thread's output rows, then one call of the runtime's <c>PoolKernel</c> with the layer's constant shape.</summary>
    protected override void EmitForward(IndentedWriter w, Node node, PoolOperation op, NodePlan plan, InferencePlan inference, IReadOnlyList<Node> nodes)
    {
        ThreadRange.Positions(w, plan, node.Output.Height, "oh0", "oh1");
        w.Line("// Only the window's positions inside the input take part: " + (op.Max ? "padding never wins." : op.CountIncludePad ? "padding adds zeros but counts in the divisor." : "padding is not counted."));
        w.Line(Kernels + ".PoolKernel." + (op.Max ? "Max" : "Average") + "<TV, TO, " + ConvolutionEmitter.ShapeName(node) + ">(" + Arena("input") + ", " + Arena("output") + ", oh0, oh1);");
    }

    /// <summary>The layer's constant shape for <c>PoolKernel</c>, written after its method (the same for every layer sharing it).</summary>
    protected override void EmitHelpers(IndentedWriter w, Node node, PoolOperation op, NodePlan plan)
    {
        var win = op.Window;
        var s = node.Input;
        w.Line();
        w.Open("internal readonly struct " + ConvolutionEmitter.ShapeName(node) + " : " + Kernels + ".IPoolShape");
        // Members at their interface default (stride 1, no padding, padding not counted) are left out.
        w.Line("public static int Channels => " + s.Channels + "; public static int InHeight => " + s.Height + "; public static int InWidth => " + s.Width
            + "; public static int OutWidth => " + node.Output.Width + ";");
        w.Line("public static int KernelH => " + win.KernelH + "; public static int KernelW => " + win.KernelW + ";"
            + ConvolutionEmitter.ShapeMember("StrideH", win.StrideH, 1) + ConvolutionEmitter.ShapeMember("StrideW", win.StrideW, 1)
            + ConvolutionEmitter.ShapeMember("PadTop", win.Pads.Top, 0) + ConvolutionEmitter.ShapeMember("PadLeft", win.Pads.Left, 0)
            + (op.CountIncludePad ? " public static bool CountIncludePad => true;" : ""));
        w.Close();
    }

    protected override TrainingLayerCode? TrainingLayer(Node node, PoolOperation op, NodePlan plan, Node method)
        => new(op.Max ? "MaxPoolTraining" : "AvgPoolTraining", Kernels + ".IPoolShape", ConvolutionEmitter.ShapeName(method));
}
