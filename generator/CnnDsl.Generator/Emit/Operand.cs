namespace CnnDsl.Generator.Emit;

/// <summary>
/// One argument a layer passes to its (possibly shared) layer method: where a tensor starts in the arena, or a packed
/// weight array. Everything else the method needs is a constant of its geometry.
/// </summary>
/// <param name="Parameter">The method's parameter name, e.g. <c>inputAt</c> or <c>weights</c>.</param>
/// <param name="Type">The parameter's C# type.</param>
/// <param name="Argument">What this layer passes, e.g. <c>1204224</c> or <c>_weights5</c>.</param>
internal readonly record struct Operand(string Parameter, string Type, string Argument)
{
    /// <summary>The arena offset of the tensor the method names <paramref name="name"/> (<see cref="InferenceNames.Arena"/>).</summary>
    public static Operand Offset(string name, long offset) => new(name + "At", "int", CSharpLiteral.Int(offset));

    /// <summary>
    /// The tensor the method names <paramref name="name"/>: at arena offset <paramref name="offset"/>, or, when it is the
    /// network's input or output read or written where the caller holds it (<c>CallerTensors</c>), the <c>Run</c> parameter
    /// <paramref name="caller"/> (a <c>Kernels.TensorRef</c>, which the method addresses as it would an offset).
    /// </summary>
    public static Operand Tensor(string name, long offset, string? caller)
        => caller is null ? Offset(name, offset) : new(name + "At", InferenceNames.Kernels + ".TensorRef", caller);

    /// <summary>A packed weight array the method names <paramref name="name"/> (<see cref="InferenceNames.Packed"/>).</summary>
    public static Operand Array(string name, string field) => new(InferenceNames.PackedParameter(name), "float[]", field);
}
