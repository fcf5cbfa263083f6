using System;

namespace CnnDsl.Training;

/// <summary>
/// A thread's scratch for <see cref="WinogradWeightGradient{TGeometry}"/>: a chunk of transformed patches and dy
/// ([position][tile][64 channels]) and its block's 16 sums ([position][input][64 outputs]). One per thread for every
/// layer and geometry (not one per instantiation of the generic kernel), allocated at the thread's first use.
/// </summary>
internal sealed class WinogradGradientScratch
{
    /// <summary>Positions of the transformed 4x4 tile.</summary>
    public const int Positions = 16;

    /// <summary>Tiles per chunk: a position's transformed inputs and dy (64 channels each, 16 KB) stay in the first-level cache.</summary>
    public const int Tiles = 64;

    /// <summary>Channels per block of inputs or outputs.</summary>
    public const int Block = 64;

    /// <summary>
    /// Position stride: a position's tiles are <see cref="Tiles"/> rows of <see cref="Block"/>, plus one cache line, so
    /// that a tile's 16 positions (written together) fall on different first-level cache sets rather than all on one
    /// (16 KB apart they would).
    /// </summary>
    public const int Step = Tiles * Block + 16;

    [ThreadStatic] private static WinogradGradientScratch? t_current;

    private WinogradGradientScratch()
    {
    }

    /// <summary>This thread's scratch.</summary>
    public static WinogradGradientScratch Current => t_current ??= new WinogradGradientScratch();

    public float[] X { get; } = new float[Positions * Step + PanelProduct.Slack];
    public float[] Dy { get; } = new float[Positions * Step + PanelProduct.Slack];
    public float[] Sum { get; } = new float[Positions * Block * Block];
}
