using System.Collections.Generic;
using CnnDsl.Model;
using CnnDsl.Operations;
using CnnDsl.Generator.Emit.Training;
using static CnnDsl.Generator.Emit.InferenceNames;

namespace CnnDsl.Generator.Emit.Operations;

/// <summary>
/// Depthwise convolution as one call of the runtime's <c>global::CnnDsl.Kernels.DepthwiseKernel</c> (four-pixel tiles
/// across channel vectors, edge tiles, a checked path) with the layer's constant shape as a struct type argument
/// (written after the method) and its activation as a struct type argument: the JIT compiles each distinct layer as its
/// own instantiation with every shape a constant, as when the tiles were written out here. Any kernel height and width,
/// strides and dilations per axis. Training runs the same kernel on the same shape (<see cref="TrainingLayer(Node, DepthwiseConvOperation, NodePlan, Node)"/>).
/// </summary>
internal sealed class DepthwiseConvEmitter : OperationEmitter<DepthwiseConvOperation>
{
    protected override IEnumerable<string> Fields(Node node, DepthwiseConvOperation op) => AffinePacking.WeightAndShiftFields(node);

    protected override void EmitPacking(IndentedWriter w, Node node, DepthwiseConvOperation op, NodePlan plan, NetworkModel model)
    {
        AffinePacking.Pack(w, node, plan, model, "Depthwise", WeightField(node));
    }

    public override IEnumerable<Operand> Operands(Node node, NodePlan plan, InferencePlan inference)
        => AffinePacking.WithWeightsAndShifts(base.Operands(node, plan, inference), node);

    protected override IEnumerable<string> NodeInfo(Node node, DepthwiseConvOperation op)
        => NodeInfoFields.Convolution(op.Window, op.Bias, op.BatchNorm, op.Epsilon);

    protected override void EmitForward(IndentedWriter w, Node node, DepthwiseConvOperation op, NodePlan plan, InferencePlan inference, IReadOnlyList<Node> nodes)
    {
        string? act = InlineAct(plan.Act, "v");
        ThreadRange.Positions(w, plan, node.Output.Height, "oh0", "oh1");
        w.Line(Kernels + ".DepthwiseKernel.Run<TV, TO, " + ConvolutionEmitter.ShapeName(node) + ", " + Kernels + ".Fused" + (act is null ? Act.None : plan.Act) + ">("
            + Arena("input") + ", " + Arena("output") + ", " + Packed("weights") + ", " + Packed("shifts") + ", oh0, oh1);");
        // An activation the kernel cannot apply in registers runs over this thread's stored rows.
        if (act is null) w.Line(Kernels + ".Activations.ApplyStrided(" + Arena("output", "oh0", (long)node.Output.Width * op.Channels) + ", (oh1 - oh0) * " + node.Output.Width + ", " + op.Channels + ", " + op.Channels + ", " + ActMember(plan.Act) + ");");
    }

    /// <summary>The layer's constant shape for <c>DepthwiseKernel</c>, written after its method (the same for every layer sharing it).</summary>
    protected override void EmitHelpers(IndentedWriter w, Node node, DepthwiseConvOperation op, NodePlan plan)
    {
        var win = op.Window;
        var s = node.Input;
        w.Line();
        w.Open("internal readonly struct " + ConvolutionEmitter.ShapeName(node) + " : " + Kernels + ".IDepthwiseShape");
        // Members at their interface default (stride and dilation 1, no padding) are left out.
        w.Line("public static int Channels => " + op.Channels + "; public static int InHeight => " + s.Height + "; public static int InWidth => " + s.Width
            + "; public static int OutHeight => " + node.Output.Height + "; public static int OutWidth => " + node.Output.Width + ";");
        w.Line("public static int KernelH => " + win.KernelH + "; public static int KernelW => " + win.KernelW + ";"
            + ConvolutionEmitter.ShapeMember("StrideH", win.StrideH, 1) + ConvolutionEmitter.ShapeMember("StrideW", win.StrideW, 1)
            + ConvolutionEmitter.ShapeMember("DilationH", win.DilationH, 1) + ConvolutionEmitter.ShapeMember("DilationW", win.DilationW, 1)
            + ConvolutionEmitter.ShapeMember("PadTop", win.Pads.Top, 0) + ConvolutionEmitter.ShapeMember("PadLeft", win.Pads.Left, 0));
        w.Close();
    }

    /// <summary>
    /// The training forward (and at stride 1 the input gradient, a depthwise convolution of dy by the rotated kernel) on
    /// the inference's kernel, over the layer method's shape struct.
    /// </summary>
    protected override TrainingLayerCode? TrainingLayer(Node node, DepthwiseConvOperation op, NodePlan plan, Node method)
        => new("DepthwiseTraining", Kernels + ".IDepthwiseShape", ConvolutionEmitter.ShapeName(method));
}
