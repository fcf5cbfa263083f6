using System;

namespace CnnDsl.Kernels;

/// <summary>
/// One filter's Winograd transform U = G g G^T for one tile size (F(2x2,3x3), F(4x4,3x3), F(2x2,5x5)): computed in
/// double from the scaled weights and rounded once, each transformed position written where the packed layout of
/// <see cref="WinogradWeights"/> keeps it. Implemented by structs, so that the packing loop
/// (<see cref="WinogradWeights.PackInto{TFilter}"/>) compiles each transform inline.
/// </summary>
internal interface IWinogradFilter
{
    /// <summary>The filter's taps (kernel rows x columns).</summary>
    static abstract int Taps { get; }

    /// <summary>Transformed positions per filter.</summary>
    static abstract int Positions { get; }

    /// <summary>
    /// Writes U of <paramref name="g"/> (row-major, each tap times <paramref name="scale"/>; rotated 180 degrees when
    /// <paramref name="rotated"/>: tap t read from Taps - 1 - t) to position p's value at
    /// <paramref name="at"/> + p x <paramref name="step"/> of <paramref name="packed"/>.
    /// </summary>
    static abstract void Write(ReadOnlySpan<float> g, double scale, bool rotated, Span<float> packed, int at, int step);
}
