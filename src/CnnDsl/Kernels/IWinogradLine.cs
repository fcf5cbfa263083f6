namespace CnnDsl.Kernels;

/// <summary>
/// A one-dimensional Winograd tile's constants, as a struct type argument so that each is its own JIT instantiation:
/// m outputs of an r-tap kernel along the rows (a 1 x r kernel) or down the columns (r x 1).
/// </summary>
internal interface IWinogradLine
{
    /// <summary>Outputs per tile (m).</summary>
    static abstract int Outputs { get; }

    /// <summary>Kernel taps along the tile (r).</summary>
    static abstract int Taps { get; }

    /// <summary>Whether the tile runs down a column (an r x 1 kernel) rather than along a row (1 x r).</summary>
    static abstract bool Vertical { get; }
}
