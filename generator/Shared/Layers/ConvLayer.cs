using System.Collections.Generic;
using CnnDsl.Model;

namespace CnnDsl.Layers;

/// <summary><c>[Conv(filters, kernel)]</c>: one standard convolution.</summary>
internal sealed class ConvLayer : LayerDefinition<ConvAttribute>
{
    public override LayerKind Kind => LayerKind.Conv;

    public override string Prefix(LayerSpec layer) => "conv";

    protected override LayerSpec Read(LayerSpec spec, ConvAttribute a) => spec with
    {
        Filters = a.Filters, Kernel = a.Kernel, Stride = a.Stride, Padding = a.Padding, Pad = a.Pad,
        PadTop = a.PadTop, PadLeft = a.PadLeft, PadBottom = a.PadBottom, PadRight = a.PadRight,
        Act = a.Act, Bias = a.Bias, BatchNorm = a.BatchNorm,
    };

    public override void Validate(LayerSpec layer, ArgumentChecks check)
    {
        check.Positive("filters", layer.Filters);
        check.Positive("kernel", layer.Kernel);
        check.Positive(nameof(ConvAttribute.Stride), layer.Stride);
        check.Padding(layer, hasPad: true);
        check.Act(nameof(ConvAttribute.Act), layer.Act);
    }

    public override int Lower(NetworkBuilder builder, LayerSpec layer, int input, string name)
        => builder.Conv(layer, input, name, layer.Filters, layer.Kernel, layer.Stride, layer.Padding, layer.Pad, layer.Act, layer.Bias, layer.BatchNorm, depthwise: false);

    public override string Describe(LayerSpec layer)
        => WindowText(layer, layer.Kernel, layer.Stride) + ", " + Num(layer.Filters) + " filters" + (layer.BatchNorm ? ", BN" : "") + ActSuffix(layer.Act);

    public override LayerSpec Scale(LayerSpec layer, LayerScaling scaling) => layer with { Filters = scaling.Filters(layer.Filters) };

    public override IEnumerable<(string Argument, int Channels)> ChannelArguments(LayerSpec layer)
    {
        yield return ("filters", layer.Filters);
    }
}
