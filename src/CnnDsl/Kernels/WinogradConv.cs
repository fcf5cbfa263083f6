using System.ComponentModel;

namespace CnnDsl.Kernels;

/// <summary>
/// A 3x3 stride-1 convolution by Winograd F(2x2,3x3) (Lavin and Gray 2016): 16 multiplications per 2x2 output tile
/// and channel pair instead of 36 (<see cref="WinogradTile2"/>'s transforms in <see cref="WinogradBands"/>' bands),
/// weights packed by <see cref="WinogradWeights"/>. Any split of tile rows or channel pairs gives the same bits.
/// For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class WinogradConv
{
    /// <summary>
    /// Computes the output tile rows (2 output rows each) <paramref name="rowFrom"/>..<paramref name="rowTo"/> and, of
    /// those, the output channel pairs (2 vectors of TO.Count) <paramref name="pairFrom"/>..<paramref name="pairTo"/>
    /// (the last pair may reach past the channels). <paramref name="residual"/> is read only when the layer has one.
    /// </summary>
    public static void Run<TV, TO>(in WinogradLayer layer, ref float input, ref float output, ref float residual, ref float weights, ref float shifts,
        int rowFrom, int rowTo, int pairFrom, int pairTo) where TV : struct where TO : struct, IVectorOps<TV>
        => WinogradBands.Run<TV, TO, WinogradTile2>(layer, ref input, ref output, ref residual, ref weights, ref shifts, rowFrom, rowTo, pairFrom, pairTo);

    /// <summary><see cref="Run"/> for the output tiles <paramref name="tileFrom"/>..<paramref name="tileTo"/>, numbered along the tile rows.</summary>
    public static void RunTiles<TV, TO>(in WinogradLayer layer, ref float input, ref float output, ref float residual, ref float weights, ref float shifts,
        int tileFrom, int tileTo, int pairFrom, int pairTo) where TV : struct where TO : struct, IVectorOps<TV>
        => WinogradBands.RunTiles<TV, TO, WinogradTile2>(layer, ref input, ref output, ref residual, ref weights, ref shifts, tileFrom, tileTo, pairFrom, pairTo);
}
