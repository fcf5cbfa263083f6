using System.Collections.Generic;
using CnnDsl.Model;
using CnnDsl.Operations;

namespace CnnDsl.Layers;

/// <summary><c>[Dense(units)]</c>: fully connected on the flattened input.</summary>
internal sealed class DenseLayer : LayerDefinition<DenseAttribute>
{
    public override LayerKind Kind => LayerKind.Dense;

    public override string Prefix(LayerSpec layer) => "dense";

    protected override LayerSpec Read(LayerSpec spec, DenseAttribute a) => spec with { Units = a.Units, Act = a.Act, Bias = a.Bias };

    public override void Validate(LayerSpec layer, ArgumentChecks check)
    {
        check.Positive("units", layer.Units);
        check.Act(nameof(DenseAttribute.Act), layer.Act);
    }

    public override int Lower(NetworkBuilder builder, LayerSpec layer, int input, string name)
    {
        var shape = builder.OutputOf(input);
        long weights = checked(shape.Elements * layer.Units);
        if (!builder.FitsTensor(layer, name, layer.Units, out _) || !builder.FitsWeights(layer, name, weights)) return -1;
        return builder.Add(new DenseOperation(layer.Units, layer.Bias, layer.Act), name, input, new Shape(1, 1, layer.Units));
    }

    public override string Describe(LayerSpec layer) => Num(layer.Units) + " units" + ActSuffix(layer.Act);

    public override LayerSpec Scale(LayerSpec layer, LayerScaling scaling)
        => scaling.KeepUnits ? layer : layer with { Units = scaling.Filters(layer.Units) };

    public override IEnumerable<(string Argument, int Channels)> ChannelArguments(LayerSpec layer)
    {
        yield return ("units", layer.Units);
    }
}
