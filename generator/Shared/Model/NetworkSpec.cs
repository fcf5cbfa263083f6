namespace CnnDsl.Model;

/// <summary>
/// A <c>[Network]</c> class as written: where it lives (namespace, and declarations such as "partial class Outer"
/// for containing types), its input string and its layers in source order. <see cref="IsPartial"/> covers the
/// containing types too, since the generator must reopen all of them.
/// </summary>
internal sealed record NetworkSpec(
    string? Namespace,
    EquatableArray<string> ContainingTypes,
    string ClassName,
    bool IsPartial,
    string? InputText,
    EquatableArray<LayerSpec> Layers)
{
    /// <summary>Namespace and class name, for hint names and messages.</summary>
    public string FullName => Namespace is null ? ClassName : Namespace + "." + ClassName;

    /// <summary>The <c>[Network(MaxMultiplyAdds = ...)]</c> budget; 0 (or less) means none.</summary>
    public long MaxMultiplyAdds { get; init; }

    /// <summary>The <c>[Network(MaxParameters = ...)]</c> budget on weights and biases; 0 (or less) means none.</summary>
    public long MaxParameters { get; init; }

    /// <summary>Errors found while reading (e.g. a BasedOn that is not a network); the model reports them first.</summary>
    public EquatableArray<ModelError> Problems { get; init; } = EquatableArray<ModelError>.Empty;

    /// <summary>For a scaled variant, the display name of the network it is based on (its layers are the base's, scaled).</summary>
    public string? BaseTypeName { get; init; }

    /// <summary>
    /// For a scaled variant with a <see cref="MaxMultiplyAdds"/> budget and no factors: the compound coefficient chosen
    /// to fit it and the single-dimension alternatives (null otherwise, or when nothing fits).
    /// </summary>
    public BudgetScaling? Budget { get; init; }

    /// <summary>The <c>[Network]</c> argument naming the base: "BasedOn" for a scaled variant, "From" for a backbone.</summary>
    public string BaseArgument { get; init; } = nameof(NetworkAttribute.BasedOn);

    /// <summary>For a network <c>From</c> a backbone: how many of <see cref="Layers"/> are the backbone's (they come first).</summary>
    public int BackboneLayers { get; init; }

    /// <summary>The backbone's last layer to keep (<c>Through</c>); null keeps them all.</summary>
    public string? Through { get; init; }

    /// <summary>The backbone layer from which on its layers train (<c>TrainFrom</c>); null freezes the whole backbone.</summary>
    public string? TrainFrom { get; init; }
}
