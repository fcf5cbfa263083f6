using System.ComponentModel;

namespace CnnDsl.Kernels;

/// <summary>
/// A 5x5 stride-1 convolution by Winograd F(2x2,5x5) (Lavin and Gray 2016): 36 multiplications per 2x2 output tile
/// and channel pair instead of 100 (<see cref="WinogradTile5x5"/>'s transforms in <see cref="WinogradBands"/>' bands),
/// weights packed by <see cref="Winograd5x5Weights"/>. Its 6x6 input tiles and their transform are F(4x4,3x3)'s, taken
/// every 2 inputs instead of 4. Any split of tile rows or channel pairs gives the same bits. For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Winograd5x5Conv
{
    /// <summary>
    /// Computes the output tile rows (2 output rows each) <paramref name="rowFrom"/>..<paramref name="rowTo"/> and, of
    /// those, the output channel pairs (2 vectors of TO.Count) <paramref name="pairFrom"/>..<paramref name="pairTo"/>
    /// (the last pair may reach past the channels). <paramref name="residual"/> is read only when the layer has one.
    /// </summary>
    public static void Run<TV, TO>(in WinogradLayer layer, ref float input, ref float output, ref float residual, ref float weights, ref float shifts,
        int rowFrom, int rowTo, int pairFrom, int pairTo) where TV : struct where TO : struct, IVectorOps<TV>
        => WinogradBands.Run<TV, TO, WinogradTile5x5>(layer, ref input, ref output, ref residual, ref weights, ref shifts, rowFrom, rowTo, pairFrom, pairTo);

    /// <summary><see cref="Run"/> for the output tiles <paramref name="tileFrom"/>..<paramref name="tileTo"/>, numbered along the tile rows.</summary>
    public static void RunTiles<TV, TO>(in WinogradLayer layer, ref float input, ref float output, ref float residual, ref float weights, ref float shifts,
        int tileFrom, int tileTo, int pairFrom, int pairTo) where TV : struct where TO : struct, IVectorOps<TV>
        => WinogradBands.RunTiles<TV, TO, WinogradTile5x5>(layer, ref input, ref output, ref residual, ref weights, ref shifts, tileFrom, tileTo, pairFrom, pairTo);
}
