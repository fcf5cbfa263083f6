using System;
using CnnDsl.Diagnostics;
using CnnDsl.Model;

namespace CnnDsl.Layers;

/// <summary>
/// <c>[MaxPool(size)]</c>, <c>[AvgPool(sizeH, sizeW)]</c>...: a window, each stride the window's side on its axis
/// unless given; average pooling optionally counts the padding.
/// </summary>
internal sealed class PoolLayer(bool max) : LayerDefinition
{
    public override LayerKind Kind => max ? LayerKind.MaxPool : LayerKind.AvgPool;

    public override Type AttributeType => max ? typeof(MaxPoolAttribute) : typeof(AvgPoolAttribute);

    public override string Prefix(LayerSpec layer) => max ? "maxpool" : "avgpool";

    public override LayerSpec Read(LayerSpec spec, object attribute) => attribute switch
    {
        MaxPoolAttribute a => spec with
        {
            Kernel = a.SizeH, KernelW = a.SizeW, Stride = a.StrideH, StrideW = a.StrideW, Padding = a.Padding,
            PadTop = a.PadTop, PadLeft = a.PadLeft, PadBottom = a.PadBottom, PadRight = a.PadRight,
        },
        AvgPoolAttribute a => spec with
        {
            Kernel = a.SizeH, KernelW = a.SizeW, Stride = a.StrideH, StrideW = a.StrideW, Padding = a.Padding,
            PadTop = a.PadTop, PadLeft = a.PadLeft, PadBottom = a.PadBottom, PadRight = a.PadRight,
            CountIncludePad = a.CountIncludePad,
        },
        _ => spec,
    };

    public override void Validate(LayerSpec layer, ArgumentChecks check)
    {
        var window = new WindowArguments(layer.Kernel, layer.KernelW, layer.Stride, layer.StrideW);
        check.Positive(window.Argument("size", vertical: true), layer.Kernel);
        if (layer.KernelW != layer.Kernel) check.Positive(window.Argument("size", vertical: false), layer.KernelW);
        if (layer.Stride < 0 || layer.StrideW < 0)
        {
            string argument = layer.Stride == layer.StrideW ? nameof(MaxPoolAttribute.Stride) : layer.Stride < 0 ? nameof(MaxPoolAttribute.StrideH) : nameof(MaxPoolAttribute.StrideW);
            check.Add(DiagnosticIds.NonPositiveArgument, argument, argument, ArgumentChecks.Format(Math.Min(layer.Stride, layer.StrideW)));
        }
        check.Padding(layer, hasPad: false);
    }

    public override int Lower(NetworkBuilder builder, LayerSpec layer, int input, string name)
        => builder.Pool(layer, input, name, max, Window(layer), layer.Padding, layer.CountIncludePad);

    public override string Describe(LayerSpec layer) => WindowText(layer, Window(layer)) + (layer.CountIncludePad ? ", pads counted" : "");

    /// <summary>The window; a stride of 0 is the window's side on that axis.</summary>
    private static WindowArguments Window(LayerSpec layer)
        => new(layer.Kernel, layer.KernelW, layer.Stride == 0 ? layer.Kernel : layer.Stride, layer.StrideW == 0 ? layer.KernelW : layer.StrideW);
}
