using System.Collections.Generic;
using CnnDsl.Model;
using CnnDsl.Operations;
using CnnDsl.Generator.Emit.Training;
using static CnnDsl.Generator.Emit.InferenceNames;

namespace CnnDsl.Generator.Emit.Operations;

/// <summary>
/// A standard convolution: weights packed for the register-blocked kernel of <see cref="ConvolutionEmitter"/>. In
/// training, a pointwise convolution's forward and input gradient run that kernel too, and any other convolution's
/// forward that inference runs on it (not by Winograd) on rows wide enough, its geometry constant (<see cref="TrainingLayer(Node, ConvOperation, NodePlan, Node)"/>);
/// one that inference runs by Winograd (3x3, 5x5, 1 x 7, 7 x 1), its forward and input gradient on that kernel (<see cref="WinogradConvEmitter.TrainingLayer"/>).
/// </summary>
internal sealed class ConvEmitter : OperationEmitter<ConvOperation>
{
    protected override IEnumerable<string> Fields(Node node, ConvOperation op) => AffinePacking.WeightAndShiftFields(node);

    protected override void EmitPacking(IndentedWriter w, Node node, ConvOperation op, NodePlan plan, NetworkModel model)
    {
        AffinePacking.Pack(w, node, plan, model, WinogradRule.Applies(node, plan) ? WinogradConvEmitter.PackingMethod(node) : "Conv", WeightField(node));
    }

    /// <summary>The direct kernel's operands (a Winograd layer has no zero-bordered input: the planner gives it none).</summary>
    public override IEnumerable<Operand> Operands(Node node, NodePlan plan, InferencePlan inference) => ConvolutionEmitter.Operands(node, plan, inference);

    protected override void EmitForward(IndentedWriter w, Node node, ConvOperation op, NodePlan plan, InferencePlan inference, IReadOnlyList<Node> nodes)
    {
        if (WinogradRule.Applies(node, plan)) WinogradConvEmitter.EmitForward(w, node, op, plan);
        else ConvolutionEmitter.Emit(w, node, plan, op.Window, op.Filters, op.Groups);
    }

    protected override void EmitHelpers(IndentedWriter w, Node node, ConvOperation op, NodePlan plan)
    {
        if (!WinogradRule.Applies(node, plan)) ConvolutionEmitter.EmitShape(w, node, plan, op.Window, op.Filters, op.Groups);
    }

    protected override IEnumerable<string> NodeInfo(Node node, ConvOperation op)
        => NodeInfoFields.Convolution(op.Window, op.Bias, op.BatchNorm, op.Epsilon, op.Groups);

    /// <summary>
    /// A pointwise convolution's training forward (x W) and input gradient (dy W^T), both a matrix multiply over an
    /// image's positions on the inference's kernel, over the layer method's flat shape struct; any other convolution
    /// the kernel runs in inference (not Winograd) of at least <see cref="ConvolutionTrainingRule.MinTrainingColumns"/>
    /// output columns, its forward over the bordered image as inference reads it (its weight and input gradients on the
    /// trainer's direct algorithms compiled with its sizes as constants); a
    /// Winograd one of at least <see cref="WinogradRule.MinTrainingTiles"/> tiles, its forward and input gradient on the
    /// inference's Winograd kernel (one of fewer is left to the trainer's kernels, which take the whole batch at once).
    /// </summary>
    protected override TrainingLayerCode? TrainingLayer(Node node, ConvOperation op, NodePlan plan, Node method)
    {
        if (WinogradRule.Applies(node, plan)) return WinogradRule.TrainsOnGeneratedLayer(node) ? WinogradConvEmitter.TrainingLayer(node, op) : null;
        if (ConvWalk.IsFlat(op.Window.KernelH, op.Window.KernelW, op.Window.StrideH, op.Window.StrideW, op.Window.Pads.Any))
            return op.Pointwise && ConvolutionTrainingRule.PointwiseTrainsOnGeneratedLayer(node) ? Layer("PointwiseTraining", method) : null;
        return ConvolutionTrainingRule.TrainsOnGeneratedLayer(node) ? Layer("ConvolutionTraining", method) : null;
    }

    private static TrainingLayerCode Layer(string type, Node method) => new(type, Kernels + ".IConvShape", ConvolutionEmitter.ShapeName(method));
}
