using CnnDsl.Model;

namespace CnnDsl.Layers;

/// <summary><c>[Identity]</c>: in a block, a branch that passes its input through (a residual shortcut).</summary>
internal sealed class IdentityLayer : LayerDefinition<IdentityAttribute>
{
    public override LayerKind Kind => LayerKind.Identity;

    public override string Prefix(LayerSpec layer) => "layer";

    protected override LayerSpec Read(LayerSpec spec, IdentityAttribute a) => spec;

    public override void Validate(LayerSpec layer, ArgumentChecks check) { }

    public override int Lower(NetworkBuilder builder, LayerSpec layer, int input, string name) => input;

    public override string Describe(LayerSpec layer) => "";
}
