namespace CnnDsl.Model;

/// <summary>A network after shape inference: the lowered graph, one row per layer attribute, totals and errors.</summary>
internal sealed record NetworkModel(
    Shape Input,
    Shape Output,
    EquatableArray<Node> Nodes,
    EquatableArray<LayerRow> Layers,
    EquatableArray<ModelError> Errors)
{
    public bool HasErrors => Errors.Count > 0;

    public long MultiplyAdds
    {
        get { long sum = 0; foreach (var n in Nodes) sum += n.MultiplyAdds; return sum; }
    }

    public long Parameters
    {
        get { long sum = 0; foreach (var n in Nodes) sum += n.Parameters; return sum; }
    }

    /// <summary>Weights and biases that training updates (the rest are frozen).</summary>
    public long TrainableParameters
    {
        get { long sum = 0; foreach (var n in Nodes) if (n.Trainable) sum += n.Parameters; return sum; }
    }

    public long BatchNormParameters
    {
        get { long sum = 0; foreach (var n in Nodes) sum += n.BatchNormParameters; return sum; }
    }
}
