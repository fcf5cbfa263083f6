using CnnDsl.Model;
using CnnDsl.Operations;

namespace CnnDsl.Layers;

/// <summary><c>[Flatten]</c>: HxWxC to 1x1x(HWC).</summary>
internal sealed class FlattenLayer : LayerDefinition<FlattenAttribute>
{
    public override LayerKind Kind => LayerKind.Flatten;

    public override string Prefix(LayerSpec layer) => "flatten";

    protected override LayerSpec Read(LayerSpec spec, FlattenAttribute a) => spec;

    public override void Validate(LayerSpec layer, ArgumentChecks check) { }

    public override int Lower(NetworkBuilder builder, LayerSpec layer, int input, string name)
    {
        if (!builder.FitsTensor(layer, name, builder.OutputOf(input).Elements, out int elements)) return -1;
        return builder.Add(new FlattenOperation(), name, input, new Shape(1, 1, elements));
    }

    public override string Describe(LayerSpec layer) => "";
}
