namespace CnnDsl.Training;

/// <summary>
/// One parameter tensor as training sees it: the values are the <see cref="NetworkWeights"/> array itself (canonical
/// layout, updated in place, so the weights object always holds the trained values); a frozen tensor has no gradient
/// and no optimizer state.
/// </summary>
internal sealed class Parameter
{
    public Parameter(TensorInfo info, float[] values, bool frozen)
    {
        Info = info;
        Values = values;
        Gradient = frozen ? null : new float[values.Length];
    }

    public TensorInfo Info { get; }
    public string Name => Info.Name;
    public float[] Values { get; }
    /// <summary>dloss/dvalue in canonical layout; null when frozen.</summary>
    public float[]? Gradient { get; }
    public bool Trainable => Gradient is not null;
    /// <summary>Optimizer state (momentum, or Adam's first moment), allocated on the first update.</summary>
    public float[]? State1 { get; set; }
    /// <summary>Adam's second moment.</summary>
    public float[]? State2 { get; set; }
}
