using System.Globalization;
using CnnDsl.Model;
using CnnDsl.Operations;

namespace CnnDsl.Layers;

/// <summary><c>[BatchNorm]</c>: inference-form batch normalization, then an optional activation.</summary>
internal sealed class BatchNormLayer : LayerDefinition<BatchNormAttribute>
{
    public override LayerKind Kind => LayerKind.BatchNorm;

    public override string Prefix(LayerSpec layer) => "bn";

    protected override LayerSpec Read(LayerSpec spec, BatchNormAttribute a) => spec with { Epsilon = a.Epsilon, Act = a.Act };

    public override void Validate(LayerSpec layer, ArgumentChecks check)
    {
        check.Epsilon(nameof(BatchNormAttribute.Epsilon), layer.Epsilon);
        check.Act(nameof(BatchNormAttribute.Act), layer.Act);
    }

    public override int Lower(NetworkBuilder builder, LayerSpec layer, int input, string name)
        => builder.Add(new BatchNormOperation(layer.Epsilon, layer.Act), name, input, builder.OutputOf(input));

    public override string Describe(LayerSpec layer)
        => "eps " + layer.Epsilon.ToString("R", CultureInfo.InvariantCulture) + ActSuffix(layer.Act);
}
