using System;

namespace CnnDsl;

/// <summary>Applies a <see cref="BlockAttribute"/> class at this point of a network or of another block.</summary>
/// <param name="block">The block type.</param>
#if CNNDSL_ROSLYN
internal
#else
public
#endif
sealed class UseAttribute(Type block) : LayerAttribute
{
    /// <summary>The block type.</summary>
    public Type Block { get; } = block;
    /// <summary>How many times to apply the block in a row (default 1).</summary>
    public int Repeat { get; set; } = 1;
}

/// <summary>Applies the block <typeparamref name="TBlock"/> at this point of a network or of another block.</summary>
/// <typeparam name="TBlock">The block type.</typeparam>
#if CNNDSL_ROSLYN
internal
#else
public
#endif
sealed class UseAttribute<TBlock> : LayerAttribute
{
    /// <summary>How many times to apply the block in a row (default 1).</summary>
    public int Repeat { get; set; } = 1;
}
