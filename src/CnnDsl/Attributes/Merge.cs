namespace CnnDsl;

/// <summary>How the branches of a <see cref="BlockAttribute"/> are combined.</summary>
#if CNNDSL_ROSLYN
internal
#else
public
#endif
enum Merge
{
    /// <summary>Concatenate the branches along channels, in member order (all branches must agree on height and width).</summary>
    Concat = 0,
    /// <summary>Add the branches elementwise (all branches must have the same shape), as in a residual block.</summary>
    Add = 1,
}
