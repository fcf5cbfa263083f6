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

    /// <summary>A packed weight array the method names <paramref name="name"/> (<see cref="InferenceNames.Packed"/>).</summary>
    public static Operand Array(string name, string field) => new(InferenceNames.PackedParameter(name), "float[]", field);
}
