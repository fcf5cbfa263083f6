namespace CnnDsl;

/// <summary>In a <see cref="BlockAttribute"/> class: a branch that passes the block's input through unchanged.</summary>
#if CNNDSL_ROSLYN
internal
#else
public
#endif
sealed class IdentityAttribute : LayerAttribute
{
}
