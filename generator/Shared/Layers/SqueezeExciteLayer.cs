using System;
using CnnDsl.Model;
using CnnDsl.Operations;

namespace CnnDsl.Layers;

/// <summary>
/// <c>[SqueezeExcite(ratio)]</c>: global average pool, 1x1 reduce with the activation, 1x1 expand with Sigmoid, then
/// the input scaled per channel. The two 1x1 convolutions on a 1x1 input cost what the papers count for their fully
/// connected layers (in x out each); the pooling and the scaling are not multiply-adds. MBConv lowers its squeeze here too.
/// </summary>
internal sealed class SqueezeExciteLayer : LayerDefinition<SqueezeExciteAttribute>
{
    public override LayerKind Kind => LayerKind.SqueezeExcite;

    public override string Prefix(LayerSpec layer) => "se";

    protected override LayerSpec Read(LayerSpec spec, SqueezeExciteAttribute a) => spec with { SqueezeExcite = a.Ratio, Act = a.Act };

    public override void Validate(LayerSpec layer, ArgumentChecks check)
    {
        check.Fraction("ratio", layer.SqueezeExcite, zeroAllowed: false, "a positive fraction of the input channels");
        check.Act(nameof(SqueezeExciteAttribute.Act), layer.Act);
    }

    public override int Lower(NetworkBuilder b, LayerSpec layer, int input, string name)
        => Lower(b, layer, input, name, SqueezedChannels(b.OutputOf(input).Channels, layer.SqueezeExcite), layer.Act);

    /// <summary>Squeezed channels as the reference implementation counts them: max(1, int(channels * ratio)).</summary>
    internal static int SqueezedChannels(int channels, double ratio)
        => (int)Math.Max(1.0, Math.Min(Math.Floor(channels * ratio), int.MaxValue));

    internal static int Lower(NetworkBuilder b, LayerSpec layer, int input, string name, int squeezed, Act act)
    {
        var shape = b.OutputOf(input);
        int pool = b.Add(new GlobalAvgPoolOperation(), name + ".pool", input, new Shape(1, 1, shape.Channels));
        int reduce = b.Conv(layer, pool, name + ".reduce", squeezed, 1, 1, Padding.Same, -1, act, true, false, false);
        if (reduce < 0) return -1;
        int gate = b.Conv(layer, reduce, name + ".expand", shape.Channels, 1, 1, Padding.Same, -1, Act.Sigmoid, true, false, false);
        if (gate < 0) return -1;
        return b.Add(new ScaleOperation(), name + ".scale", new[] { input, gate }, shape, shape);
    }

    public override string Describe(LayerSpec layer)
        => "ratio " + layer.SqueezeExcite.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + ActSuffix(layer.Act);
}
