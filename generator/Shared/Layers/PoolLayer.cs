using System;
using CnnDsl.Diagnostics;
using CnnDsl.Model;

namespace CnnDsl.Layers;

/// <summary><c>[MaxPool(size)]</c> and <c>[AvgPool(size)]</c>: a square window, stride the window size unless given.</summary>
internal sealed class PoolLayer(bool max) : LayerDefinition
{
    public override LayerKind Kind => max ? LayerKind.MaxPool : LayerKind.AvgPool;

    public override Type AttributeType => max ? typeof(MaxPoolAttribute) : typeof(AvgPoolAttribute);

    public override string Prefix(LayerSpec layer) => max ? "maxpool" : "avgpool";

    public override LayerSpec Read(LayerSpec spec, object attribute) => attribute switch
    {
        MaxPoolAttribute a => spec with
        {
            Kernel = a.Size, Stride = a.Stride, Padding = a.Padding,
            PadTop = a.PadTop, PadLeft = a.PadLeft, PadBottom = a.PadBottom, PadRight = a.PadRight,
        },
        AvgPoolAttribute a => spec with
        {
            Kernel = a.Size, Stride = a.Stride, Padding = a.Padding,
            PadTop = a.PadTop, PadLeft = a.PadLeft, PadBottom = a.PadBottom, PadRight = a.PadRight,
        },
        _ => spec,
    };

    public override void Validate(LayerSpec layer, ArgumentChecks check)
    {
        check.Positive("size", layer.Kernel);
        if (layer.Stride < 0) check.Add(DiagnosticIds.NonPositiveArgument, nameof(MaxPoolAttribute.Stride), nameof(MaxPoolAttribute.Stride), ArgumentChecks.Format(layer.Stride));
        check.Padding(layer, hasPad: false);
    }

    public override int Lower(NetworkBuilder builder, LayerSpec layer, int input, string name)
        => builder.Pool(layer, input, name, max, layer.Kernel, Stride(layer), layer.Padding);

    public override string Describe(LayerSpec layer) => WindowText(layer, layer.Kernel, Stride(layer));

    private static int Stride(LayerSpec layer) => layer.Stride == 0 ? layer.Kernel : layer.Stride;
}
