using System.Collections.Generic;
using System.Linq;
using CnnDsl.Model;

namespace CnnDsl.Layers;

/// <summary>
/// <c>[Inception(n1x1, n3x3Reduce, n3x3, n5x5Reduce, n5x5, poolProj)]</c>, GoogLeNet's Table 1 columns: 1x1 |
/// 1x1 then 3x3 | 1x1 then 5x5 | 3x3 max pool then 1x1, ReLU after each convolution, concatenated.
/// </summary>
internal sealed class InceptionLayer : LayerDefinition<InceptionAttribute>
{
    /// <summary>The constructor's parameter names, in the order of the columns.</summary>
    public static readonly string[] ParameterNames = { "n1x1", "n3x3Reduce", "n3x3", "n5x5Reduce", "n5x5", "poolProj" };

    public override LayerKind Kind => LayerKind.Inception;

    public override string Prefix(LayerSpec layer) => "inception";

    protected override LayerSpec Read(LayerSpec spec, InceptionAttribute a)
        => spec with { Columns = new[] { a.N1x1, a.N3x3Reduce, a.N3x3, a.N5x5Reduce, a.N5x5, a.PoolProj }.ToEquatableArray() };

    public override void Validate(LayerSpec layer, ArgumentChecks check)
    {
        for (int i = 0; i < layer.Columns.Count; i++) check.Positive(ParameterNames[i], layer.Columns[i]);
    }

    public override int Lower(NetworkBuilder b, LayerSpec layer, int input, string name)
    {
        var c = layer.Columns;
        int b1 = Pointwise(b, layer, input, name + ".1x1", c[0]);
        if (b1 < 0) return -1;
        int r3 = Pointwise(b, layer, input, name + ".3x3_reduce", c[1]);
        int b3 = r3 < 0 ? -1 : b.Conv(layer, r3, name + ".3x3", c[2], 3, 1, Padding.Same, -1, Act.Relu, true, false, false);
        if (b3 < 0) return -1;
        int r5 = Pointwise(b, layer, input, name + ".5x5_reduce", c[3]);
        int b5 = r5 < 0 ? -1 : b.Conv(layer, r5, name + ".5x5", c[4], 5, 1, Padding.Same, -1, Act.Relu, true, false, false);
        if (b5 < 0) return -1;
        int pool = b.Pool(layer, input, name + ".pool", max: true, 3, 1, Padding.Same);
        int proj = pool < 0 ? -1 : Pointwise(b, layer, pool, name + ".pool_proj", c[5]);
        if (proj < 0) return -1;
        return b.Concat(layer, name + ".concat", new[] { b1, b3, b5, proj }, new[] { "1x1", "3x3", "5x5", "pool proj" }, Act.None);
    }

    private static int Pointwise(NetworkBuilder b, LayerSpec layer, int input, string name, int filters)
        => b.Conv(layer, input, name, filters, 1, 1, Padding.Same, -1, Act.Relu, true, false, false);

    public override string Describe(LayerSpec layer) => string.Join("/", layer.Columns);

    /// <summary>The 3x3 and 5x5 columns' convolutions are set by n3x3 and n5x5 (the node names <see cref="Lower"/> gives).</summary>
    public override string? ConvolutionArgument(string nodeName)
        => nodeName.EndsWith(".3x3", System.StringComparison.Ordinal) ? ParameterNames[2]
            : nodeName.EndsWith(".5x5", System.StringComparison.Ordinal) ? ParameterNames[4]
            : null;

    public override LayerSpec Scale(LayerSpec layer, LayerScaling scaling)
        => layer with { Columns = layer.Columns.Select(scaling.Filters).ToEquatableArray() };

    public override IEnumerable<(string Argument, int Channels)> ChannelArguments(LayerSpec layer)
    {
        for (int i = 0; i < layer.Columns.Count && i < ParameterNames.Length; i++) yield return (ParameterNames[i], layer.Columns[i]);
    }
}
