using CnnDsl.Model;
using CnnDsl.Operations;

namespace CnnDsl.Layers;

/// <summary><c>[Activation(act)]</c>: a standalone activation.</summary>
internal sealed class ActivationLayer : LayerDefinition<ActivationAttribute>
{
    public override LayerKind Kind => LayerKind.Activation;

    public override string Prefix(LayerSpec layer) => "act";

    protected override LayerSpec Read(LayerSpec spec, ActivationAttribute a) => spec with { Act = a.Act };

    public override void Validate(LayerSpec layer, ArgumentChecks check) => check.Act("act", layer.Act);

    public override int Lower(NetworkBuilder builder, LayerSpec layer, int input, string name)
        => builder.Add(new ActivationOperation(layer.Act), name, input, builder.OutputOf(input));

    public override string Describe(LayerSpec layer) => layer.Act.ToString();
}
