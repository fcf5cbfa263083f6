using CnnDsl.Model;
using CnnDsl.Operations;

namespace CnnDsl.Layers;

/// <summary><c>[GlobalAvgPool]</c>: HxWxC to 1x1xC.</summary>
internal sealed class GlobalAvgPoolLayer : LayerDefinition<GlobalAvgPoolAttribute>
{
    public override LayerKind Kind => LayerKind.GlobalAvgPool;

    public override string Prefix(LayerSpec layer) => "gap";

    protected override LayerSpec Read(LayerSpec spec, GlobalAvgPoolAttribute a) => spec;

    public override void Validate(LayerSpec layer, ArgumentChecks check) { }

    public override int Lower(NetworkBuilder builder, LayerSpec layer, int input, string name)
    {
        var shape = builder.OutputOf(input);
        return builder.Add(new GlobalAvgPoolOperation(), name, input, new Shape(1, 1, shape.Channels));
    }

    public override string Describe(LayerSpec layer) => "";
}
