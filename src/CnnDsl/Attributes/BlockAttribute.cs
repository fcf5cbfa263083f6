using System;

namespace CnnDsl;

/// <summary>
/// Marks a class as a reusable block. Each member (field, property or method) carrying layer attributes is one branch,
/// its layers applied in source order; all branches read the block's input and are merged by <see cref="Merge"/>.
/// A member marked <see cref="IdentityAttribute"/> is a branch that passes the input through (a residual shortcut).
/// A block is specialized to the shape it receives wherever a network uses it with <see cref="UseAttribute"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
#if CNNDSL_ROSLYN
internal
#else
public
#endif
sealed class BlockAttribute : Attribute
{
    /// <summary>How branches combine (default <see cref="CnnDsl.Merge.Concat"/>).</summary>
    public Merge Merge { get; set; } = Merge.Concat;
    /// <summary>Activation after the merge (default none).</summary>
    public Act Act { get; set; } = Act.None;
}
