namespace CnnDsl;

/// <summary>In a <see cref="BlockAttribute"/> class: a branch that passes the block's input through unchanged.</summary>
public sealed class IdentityAttribute : LayerAttribute
{
}
