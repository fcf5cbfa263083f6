using CnnDsl.Model;

namespace CnnDsl.Layers;

/// <summary><c>[DepthwiseConv(kernel)]</c> or <c>[DepthwiseConv(kernelH, kernelW)]</c>: one kernel per channel.</summary>
internal sealed class DepthwiseConvLayer : LayerDefinition<DepthwiseConvAttribute>
{
    public override LayerKind Kind => LayerKind.DepthwiseConv;

    public override string Prefix(LayerSpec layer) => "dwconv";

    protected override LayerSpec Read(LayerSpec spec, DepthwiseConvAttribute a) => spec with
    {
        Kernel = a.KernelH, KernelW = a.KernelW, Stride = a.StrideH, StrideW = a.StrideW,
        DilationH = a.DilationH, DilationW = a.DilationW, Padding = a.Padding, Pad = a.Pad,
        PadTop = a.PadTop, PadLeft = a.PadLeft, PadBottom = a.PadBottom, PadRight = a.PadRight,
        Act = a.Act, Bias = a.Bias, BatchNorm = a.BatchNorm, Epsilon = a.BatchNormEpsilon,
    };

    public override void Validate(LayerSpec layer, ArgumentChecks check)
    {
        check.Window(layer, "kernel");
        check.Padding(layer, hasPad: true);
        check.Act(nameof(DepthwiseConvAttribute.Act), layer.Act);
        check.Epsilon(nameof(DepthwiseConvAttribute.BatchNormEpsilon), layer.Epsilon);
    }

    public override int Lower(NetworkBuilder builder, LayerSpec layer, int input, string name)
        => builder.Conv(layer, input, name, builder.OutputOf(input).Channels, ConvLayer.Window(layer), groups: 1, layer.Padding, layer.Pad, layer.Act, layer.Bias, layer.BatchNorm, depthwise: true);

    public override string Describe(LayerSpec layer)
        => WindowText(layer, ConvLayer.Window(layer)) + BatchNormSuffix(layer) + ActSuffix(layer.Act);
}
