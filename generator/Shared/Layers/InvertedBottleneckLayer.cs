using System;
using System.Collections.Generic;
using System.Globalization;
using CnnDsl.Model;

namespace CnnDsl.Layers;

/// <summary>
/// MobileNet V2's <c>[InvertedResidual]</c> (ReLU6, no squeeze) and EfficientNet's <c>[MBConv]</c> (Swish,
/// squeeze-and-excitation on a fraction of the block's input channels) are one structure: 1x1 expand (omitted at
/// expansion 1), depthwise, optional squeeze-and-excitation, linear 1x1 projection, residual add when stride 1 and
/// channels match. The first of the repeats has the stride. One definition, two attributes.
/// </summary>
internal sealed class InvertedBottleneckLayer(bool mbconv) : LayerDefinition
{
    public override LayerKind Kind => mbconv ? LayerKind.MBConv : LayerKind.InvertedResidual;

    public override Type AttributeType => mbconv ? typeof(MBConvAttribute) : typeof(InvertedResidualAttribute);

    public override string Prefix(LayerSpec layer) => mbconv ? "mbconv" : "invres";

    public override LayerSpec Read(LayerSpec spec, object attribute) => attribute switch
    {
        MBConvAttribute a => spec with
        {
            Filters = a.Filters, Expansion = a.Expansion, Kernel = a.Kernel, Stride = a.Stride, Repeat = a.Repeat,
            SqueezeExcite = a.SqueezeExcite,
        },
        InvertedResidualAttribute a => spec with
        {
            Filters = a.Filters, Expansion = a.Expansion, Kernel = a.Kernel, Stride = a.Stride, Repeat = a.Repeat,
        },
        _ => spec,
    };

    public override void Validate(LayerSpec layer, ArgumentChecks check)
    {
        check.Positive("filters", layer.Filters);
        check.Positive(nameof(MBConvAttribute.Expansion), layer.Expansion);
        check.Positive(nameof(MBConvAttribute.Stride), layer.Stride);
        check.Positive(nameof(MBConvAttribute.Repeat), layer.Repeat);
        check.Positive(nameof(MBConvAttribute.Kernel), layer.Kernel);
        if (mbconv)
            check.Fraction(nameof(MBConvAttribute.SqueezeExcite), layer.SqueezeExcite, zeroAllowed: true, "a fraction of the input channels, 0 or more (0 turns it off)");
    }

    public override int Lower(NetworkBuilder b, LayerSpec layer, int input, string name)
    {
        var act = mbconv ? Act.Swish : Act.Relu6;
        double squeezeExcite = mbconv ? layer.SqueezeExcite : 0;
        int current = input;
        for (int r = 0; r < layer.Repeat; r++)
        {
            b.CancellationToken.ThrowIfCancellationRequested();
            if (b.TooManyNodes(layer, name)) return -1;
            string prefix = layer.Repeat == 1 ? name : name + "." + (r + 1).ToString(CultureInfo.InvariantCulture);
            var inShape = b.OutputOf(current);
            int stride = r == 0 ? layer.Stride : 1;
            int x = current;
            if (layer.Expansion != 1)
            {
                int expanded = (int)Math.Min((long)inShape.Channels * layer.Expansion, int.MaxValue);
                x = b.Conv(layer, x, prefix + ".expand", expanded, 1, 1, Padding.Same, -1, act, true, false, false);
                if (x < 0) return -1;
            }
            x = b.Conv(layer, x, prefix + ".dw", b.OutputOf(x).Channels, layer.Kernel, stride, Padding.Same, -1, act, true, false, true);
            if (x < 0) return -1;
            if (squeezeExcite > 0)
            {
                // The squeeze is a fraction of the block's input channels, not of the expanded ones.
                x = SqueezeExciteLayer.Lower(b, layer, x, prefix + ".se", SqueezeExciteLayer.SqueezedChannels(inShape.Channels, squeezeExcite), act);
                if (x < 0) return -1;
            }
            x = b.Conv(layer, x, prefix + ".project", layer.Filters, 1, 1, Padding.Same, -1, Act.None, true, false, false);
            if (x < 0) return -1;
            if (stride == 1 && inShape.Channels == layer.Filters) x = b.Sum(layer, prefix + ".add", new[] { current, x }, null, Act.None);
            current = x;
        }
        return current;
    }

    public override string Describe(LayerSpec layer) => mbconv
        ? "MBConv" + Num(layer.Expansion) + " k" + Num(layer.Kernel) + ", c=" + Num(layer.Filters) + ", n=" + Num(layer.Repeat) + ", s=" + Num(layer.Stride)
            + (layer.SqueezeExcite > 0 ? ", SE " + layer.SqueezeExcite.ToString("0.###", CultureInfo.InvariantCulture) : "")
        : "t=" + Num(layer.Expansion) + ", c=" + Num(layer.Filters) + ", n=" + Num(layer.Repeat) + ", s=" + Num(layer.Stride) + ", k=" + Num(layer.Kernel);

    public override LayerSpec Scale(LayerSpec layer, LayerScaling scaling)
        => layer with { Filters = scaling.Filters(layer.Filters), Repeat = scaling.Repeats(layer.Repeat) };

    public override IEnumerable<(string Argument, int Channels)> ChannelArguments(LayerSpec layer)
    {
        if (!mbconv) yield return ("filters", layer.Filters);
    }
}
