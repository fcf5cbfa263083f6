using System;
using System.ComponentModel;

namespace CnnDsl.Kernels;

/// <summary>
/// A 1 x 7 or 7 x 1 stride-1 convolution (Inception v3's factorized 7x7: 1x7 then 7x1) by one-dimensional Winograd
/// F(m, r) (<see cref="WinogradLineTile{TL}"/>'s transforms in <see cref="WinogradBands"/>' bands): m + r - 1
/// multiplications per m outputs along the kernel's axis and channel pair instead of m x r. Weights packed by
/// <see cref="WinogradLineWeights"/>. Any split of tile rows or channel pairs gives the same bits. For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class WinogradLineConv
{
    /// <summary>Whether F(<paramref name="outputs"/>, <paramref name="taps"/>) is one this kernel runs: 4 outputs of 7 taps.</summary>
    public static bool Supports(int outputs, int taps) => outputs == 4 && taps == 7;

    /// <summary>
    /// Computes the output tile rows <paramref name="rowFrom"/>..<paramref name="rowTo"/> (output rows along a row; m output
    /// rows each down a column) and, of those, the output channel pairs (2 vectors of TO.Count)
    /// <paramref name="pairFrom"/>..<paramref name="pairTo"/>. <paramref name="residual"/> is read only when the layer has one.
    /// </summary>
    public static void Run<TV, TO>(in WinogradLayer layer, int outputs, int taps, bool vertical, ref float input, ref float output, ref float residual,
        ref float weights, ref float shifts, int rowFrom, int rowTo, int pairFrom, int pairTo) where TV : struct where TO : struct, IVectorOps<TV>
    {
        int columns = vertical ? layer.OutWidth : (layer.OutWidth + outputs - 1) / outputs;
        RunTiles<TV, TO>(layer, outputs, taps, vertical, ref input, ref output, ref residual, ref weights, ref shifts, rowFrom * columns, rowTo * columns, pairFrom, pairTo);
    }

    /// <summary><see cref="Run"/> for the output tiles <paramref name="tileFrom"/>..<paramref name="tileTo"/>, numbered along the tile rows.</summary>
    public static void RunTiles<TV, TO>(in WinogradLayer layer, int outputs, int taps, bool vertical, ref float input, ref float output, ref float residual,
        ref float weights, ref float shifts, int tileFrom, int tileTo, int pairFrom, int pairTo) where TV : struct where TO : struct, IVectorOps<TV>
    {
        switch ((outputs, taps, vertical))
        {
            case (4, 7, false): WinogradBands.RunTiles<TV, TO, WinogradLineTile<Row4x7>>(layer, ref input, ref output, ref residual, ref weights, ref shifts, tileFrom, tileTo, pairFrom, pairTo); break;
            case (4, 7, true): WinogradBands.RunTiles<TV, TO, WinogradLineTile<Column4x7>>(layer, ref input, ref output, ref residual, ref weights, ref shifts, tileFrom, tileTo, pairFrom, pairTo); break;
            default: throw new ArgumentOutOfRangeException(nameof(outputs), $"F({outputs}, {taps}) is not a tile this kernel runs (4 outputs of 7 taps).");
        }
    }

    /// <summary>F(4,7) along a row (a 1 x 7 kernel).</summary>
    internal readonly struct Row4x7 : IWinogradLine { public static int Outputs => 4; public static int Taps => 7; public static bool Vertical => false; }

    /// <summary>F(4,7) down a column (a 7 x 1 kernel).</summary>
    internal readonly struct Column4x7 : IWinogradLine { public static int Outputs => 4; public static int Taps => 7; public static bool Vertical => true; }
}
