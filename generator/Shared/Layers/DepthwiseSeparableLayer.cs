using System.Collections.Generic;
using CnnDsl.Model;

namespace CnnDsl.Layers;

/// <summary><c>[DepthwiseSeparable(filters)]</c>, MobileNet V1: depthwise then 1x1 pointwise, each followed by the activation.</summary>
internal sealed class DepthwiseSeparableLayer : LayerDefinition<DepthwiseSeparableAttribute>
{
    public override LayerKind Kind => LayerKind.DepthwiseSeparable;

    public override string Prefix(LayerSpec layer) => "dwsep";

    protected override LayerSpec Read(LayerSpec spec, DepthwiseSeparableAttribute a)
        => spec with { Filters = a.Filters, Stride = a.Stride, Kernel = a.Kernel, Act = a.Act };

    public override void Validate(LayerSpec layer, ArgumentChecks check)
    {
        check.Positive("filters", layer.Filters);
        check.Positive(nameof(DepthwiseSeparableAttribute.Stride), layer.Stride);
        check.Positive(nameof(DepthwiseSeparableAttribute.Kernel), layer.Kernel);
        check.Act(nameof(DepthwiseSeparableAttribute.Act), layer.Act);
    }

    public override int Lower(NetworkBuilder b, LayerSpec layer, int input, string name)
    {
        int dw = b.Conv(layer, input, name + ".dw", b.OutputOf(input).Channels, layer.Kernel, layer.Stride, Padding.Same, -1, layer.Act, true, false, depthwise: true);
        return dw < 0 ? -1 : b.Conv(layer, dw, name + ".pw", layer.Filters, 1, 1, Padding.Same, -1, layer.Act, true, false, depthwise: false);
    }

    public override string Describe(LayerSpec layer)
        => Operations.Window.Kernel(layer.Kernel, layer.Kernel) + "/" + Num(layer.Stride) + " dw + 1x1 to " + Num(layer.Filters) + ActSuffix(layer.Act);

    public override LayerSpec Scale(LayerSpec layer, LayerScaling scaling) => layer with { Filters = scaling.Filters(layer.Filters) };

    public override IEnumerable<(string Argument, int Channels)> ChannelArguments(LayerSpec layer)
    {
        yield return ("filters", layer.Filters);
    }
}
