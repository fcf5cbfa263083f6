using System.Collections.Generic;
using CnnDsl.Model;

namespace CnnDsl.Layers;

/// <summary><c>[Conv(filters, kernel)]</c> or <c>[Conv(filters, kernelH, kernelW)]</c>: one standard (optionally grouped, dilated) convolution.</summary>
internal sealed class ConvLayer : LayerDefinition<ConvAttribute>
{
    public override LayerKind Kind => LayerKind.Conv;

    public override string Prefix(LayerSpec layer) => "conv";

    protected override LayerSpec Read(LayerSpec spec, ConvAttribute a) => spec with
    {
        Filters = a.Filters, Kernel = a.KernelH, KernelW = a.KernelW, Stride = a.StrideH, StrideW = a.StrideW,
        DilationH = a.DilationH, DilationW = a.DilationW, Groups = a.Groups, Padding = a.Padding, Pad = a.Pad,
        PadTop = a.PadTop, PadLeft = a.PadLeft, PadBottom = a.PadBottom, PadRight = a.PadRight,
        Act = a.Act, Bias = a.Bias, BatchNorm = a.BatchNorm, Epsilon = a.BatchNormEpsilon,
    };

    public override void Validate(LayerSpec layer, ArgumentChecks check)
    {
        check.Positive("filters", layer.Filters);
        check.Window(layer, "kernel");
        check.Positive(nameof(ConvAttribute.Groups), layer.Groups);
        if (layer.Groups > 0 && layer.Filters > 0 && layer.Filters % layer.Groups != 0)
            check.Add(Diagnostics.DiagnosticIds.InvalidArgument, nameof(ConvAttribute.Groups), nameof(ConvAttribute.Groups), Num(layer.Groups), "a divisor of the " + Num(layer.Filters) + " filters");
        check.Padding(layer, hasPad: true);
        check.Act(nameof(ConvAttribute.Act), layer.Act);
        check.Epsilon(nameof(ConvAttribute.BatchNormEpsilon), layer.Epsilon);
    }

    public override int Lower(NetworkBuilder builder, LayerSpec layer, int input, string name)
        => builder.Conv(layer, input, name, layer.Filters, Window(layer), layer.Groups, layer.Padding, layer.Pad, layer.Act, layer.Bias, layer.BatchNorm, depthwise: false);

    public override string Describe(LayerSpec layer)
        => WindowText(layer, Window(layer)) + ", " + Num(layer.Filters) + " filters" + (layer.Groups == 1 ? "" : ", " + Num(layer.Groups) + " groups")
            + BatchNormSuffix(layer) + ActSuffix(layer.Act);

    public override LayerSpec Scale(LayerSpec layer, LayerScaling scaling) => layer with { Filters = scaling.Filters(layer.Filters) };

    public override IEnumerable<(string Argument, int Channels)> ChannelArguments(LayerSpec layer)
    {
        yield return ("filters", layer.Filters);
    }

    /// <summary>The kernel, strides and dilations as written.</summary>
    internal static WindowArguments Window(LayerSpec layer)
        => new(layer.Kernel, layer.KernelW, layer.Stride, layer.StrideW, layer.DilationH, layer.DilationW);
}
