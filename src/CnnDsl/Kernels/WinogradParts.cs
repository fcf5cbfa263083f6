using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace CnnDsl.Kernels;

/// <summary>
/// The output tiles of one part of a Winograd layer that two threads split by tiles, cut where the running machine's
/// register tile ends (<see cref="WinogradBands"/>' multiply: 6 tiles with AVX2's 16 registers, 8 with AVX-512, else
/// 4). Decided at run time because the generated code does not know the machine: parts cut in groups of 8 left each
/// AVX2 part a 6-tile register tile and a 2-tile one that waits on its FMAs' latency, and on a Zen 2 (AVX2, 2 cores)
/// one image on two threads ran at 1.20-1.30x its one-thread speed on W1 (F(2x2,5x5), 196 tiles) and 1.33-1.41x on
/// GoogLeNet; cut in groups of 6, 1.49-1.76x and 1.88-1.96x (groups of 12 or 24 left GoogLeNet's 16-tile layers on one
/// thread: 1.16-1.48x). For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class WinogradParts
{
    /// <summary>
    /// Part <paramref name="part"/> of <paramref name="parts"/>: the tiles <paramref name="first"/>..<paramref name="end"/>
    /// of the layer's <paramref name="tiles"/> (numbered along the tile rows), whole register tiles but for the last
    /// part's, which also takes the tiles left over. Some parts are empty when there are fewer register tiles than parts.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Tiles<TV, TO>(int tiles, int part, int parts, out int first, out int end) where TV : struct where TO : struct, IVectorOps<TV>
    {
        int group = WinogradBands.RegisterTileRows<TV, TO>(), groups = tiles / group;
        first = (int)((long)groups * part / parts * group);
        end = part == parts - 1 ? tiles : (int)((long)groups * (part + 1) / parts * group);
    }
}
