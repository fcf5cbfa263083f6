using System.Globalization;
using CnnDsl.Diagnostics;
using CnnDsl.Model;
using CnnDsl.Operations;

namespace CnnDsl.Layers;

/// <summary><c>[Dropout(rate)]</c>: the identity at inference.</summary>
internal sealed class DropoutLayer : LayerDefinition<DropoutAttribute>
{
    public override LayerKind Kind => LayerKind.Dropout;

    public override string Prefix(LayerSpec layer) => "dropout";

    protected override LayerSpec Read(LayerSpec spec, DropoutAttribute a) => spec with { Rate = a.Rate };

    public override void Validate(LayerSpec layer, ArgumentChecks check)
    {
        if (!(layer.Rate >= 0 && layer.Rate < 1))
            check.Add(DiagnosticIds.InvalidArgument, "rate", "rate", layer.Rate.ToString("R", CultureInfo.InvariantCulture), "a fraction in [0, 1)");
    }

    public override int Lower(NetworkBuilder builder, LayerSpec layer, int input, string name)
        => builder.Add(new DropoutOperation(layer.Rate), name, input, builder.OutputOf(input));

    public override string Describe(LayerSpec layer) => "rate " + layer.Rate.ToString("0.###", CultureInfo.InvariantCulture);
}
