using System;
using System.Runtime.CompilerServices;
using CnnDsl.Kernels;

namespace CnnDsl.Training;

/// <summary>
/// Writes 3x3 filters' F(2x2,3x3) transforms U = G g G^T (in double, rounded once) into an existing buffer in
/// <see cref="WinogradWeights"/>' layout, [16 positions][output-channel pair][input channel][2 x lanes]: training
/// changes the weights every step and must not allocate, while <see cref="WinogradWeights.Pack(float[], ChannelAffine, int, int, int, out float[])"/> allocates its result.
/// Optionally the filters of the input gradient: filter (i, o) is filter (o, i) rotated 180 degrees.
/// </summary>
internal static class WinogradFilters
{
    /// <summary>
    /// Transforms OIHW <paramref name="oihw"/> (<paramref name="outC"/> x <paramref name="inC"/> x 3 x 3) into
    /// <paramref name="packed"/>; with <paramref name="swapped"/>, the input gradient's filters (inC outputs, outC inputs).
    /// Padding channels are left as they are (zero from allocation; the kernel never stores them).
    /// </summary>
    public static void Transform(float[] oihw, int outC, int inC, bool swapped, int lanes, Span<float> packed)
    {
        int to = swapped ? inC : outC, from = swapped ? outC : inC, pitch = 2 * lanes;
        int pairs = WinogradWeights.PaddedChannels(to, lanes) / pitch;
        if (oihw.Length != outC * inC * 9 || packed.Length < WinogradWeights.Positions * pairs * pitch * from)
            throw new ArgumentException($"Winograd filters: {outC} x {inC} x 3 x 3 weights into {WinogradWeights.Positions * pairs * pitch * from} floats were expected.");
        int step = pairs * from * pitch;
        // Pair, then input, then lane: each position's destination is a run of up to 2 x lanes consecutive floats.
        for (int pair = 0; pair < pairs; pair++)
        for (int i = 0; i < from; i++)
        for (int lane = 0; lane < pitch && pair * pitch + lane < to; lane++)
        {
            int o = pair * pitch + lane;
            var g = oihw.AsSpan(swapped ? (i * inC + o) * 9 : (o * inC + i) * 9, 9);
            int at = (pair * from + i) * pitch + lane;
            // G g, column by column (rotated 180 degrees when swapped: value t read from 8 - t), then each row times G^T.
            int f = swapped ? 8 : 0, d = swapped ? -1 : 1;
            double a0 = g[f], a1 = g[f + d], a2 = g[f + 2 * d], b0 = g[f + 3 * d], b1 = g[f + 4 * d], b2 = g[f + 5 * d], c0 = g[f + 6 * d], c1 = g[f + 7 * d], c2 = g[f + 8 * d];
            Row(packed, at, step, 0, a0, a1, a2);
            Row(packed, at, step, 4, (a0 + b0 + c0) / 2, (a1 + b1 + c1) / 2, (a2 + b2 + c2) / 2);
            Row(packed, at, step, 8, (a0 - b0 + c0) / 2, (a1 - b1 + c1) / 2, (a2 - b2 + c2) / 2);
            Row(packed, at, step, 12, c0, c1, c2);
        }
    }

    /// <summary>Positions p..p+3 of U: a row (x, y, z) of G g times G^T = (x, (x + y + z) / 2, (x - y + z) / 2, z), rounded once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Row(Span<float> packed, int at, int step, int p, double x, double y, double z)
    {
        packed[at + p * step] = (float)x;
        packed[at + (p + 1) * step] = (float)((x + y + z) / 2);
        packed[at + (p + 2) * step] = (float)((x - y + z) / 2);
        packed[at + (p + 3) * step] = (float)z;
    }
}
