using CnnDsl.Model;

namespace CnnDsl.Layers;

/// <summary><c>[DepthwiseConv(kernel)]</c>: one kernel per channel.</summary>
internal sealed class DepthwiseConvLayer : LayerDefinition<DepthwiseConvAttribute>
{
    public override LayerKind Kind => LayerKind.DepthwiseConv;

    public override string Prefix(LayerSpec layer) => "dwconv";

    protected override LayerSpec Read(LayerSpec spec, DepthwiseConvAttribute a) => spec with
    {
        Kernel = a.Kernel, Stride = a.Stride, Padding = a.Padding, Pad = a.Pad,
        PadTop = a.PadTop, PadLeft = a.PadLeft, PadBottom = a.PadBottom, PadRight = a.PadRight,
        Act = a.Act, Bias = a.Bias, BatchNorm = a.BatchNorm,
    };

    public override void Validate(LayerSpec layer, ArgumentChecks check)
    {
        check.Positive("kernel", layer.Kernel);
        check.Positive(nameof(DepthwiseConvAttribute.Stride), layer.Stride);
        check.Padding(layer, hasPad: true);
        check.Act(nameof(DepthwiseConvAttribute.Act), layer.Act);
    }

    public override int Lower(NetworkBuilder builder, LayerSpec layer, int input, string name)
        => builder.Conv(layer, input, name, builder.OutputOf(input).Channels, layer.Kernel, layer.Stride, layer.Padding, layer.Pad, layer.Act, layer.Bias, layer.BatchNorm, depthwise: true);

    public override string Describe(LayerSpec layer)
        => WindowText(layer, layer.Kernel, layer.Stride) + (layer.BatchNorm ? ", BN" : "") + ActSuffix(layer.Act);
}
