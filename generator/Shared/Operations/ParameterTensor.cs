namespace CnnDsl.Operations;

/// <summary>One canonical parameter tensor of a node: full name (node name + suffix) and shape in the interchange layout.</summary>
internal readonly record struct ParameterTensor(string Name, int[] Shape);
