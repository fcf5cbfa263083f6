using System;
using CnnDsl.Kernels;

namespace CnnDsl.Training;

/// <summary>
/// Writes 3x3 filters' F(2x2,3x3) transforms U = G g G^T (in double, rounded once) into an existing buffer in
/// <see cref="WinogradWeights"/>' layout, [16 positions][output-channel pair][input channel][2 x lanes]: training
/// changes the weights every step and must not allocate, while <see cref="WinogradWeights.Pack"/> allocates its result.
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
        Span<double> g = stackalloc double[9], u = stackalloc double[WinogradWeights.Positions];
        // Pair, then input, then lane: each position's destination is a run of up to 2 x lanes consecutive floats.
        for (int pair = 0; pair < pairs; pair++)
        for (int i = 0; i < from; i++)
        for (int lane = 0; lane < pitch && pair * pitch + lane < to; lane++)
        {
            int o = pair * pitch + lane;
            var filter = oihw.AsSpan(swapped ? (i * inC + o) * 9 : (o * inC + i) * 9, 9);
            for (int t = 0; t < 9; t++) g[t] = filter[swapped ? 8 - t : t];
            Filter(g, u);
            for (int p = 0; p < WinogradWeights.Positions; p++) packed[((p * pairs + pair) * from + i) * pitch + lane] = (float)u[p];
        }
    }

    /// <summary>U = G g G^T, G = [[1, 0, 0], [1/2, 1/2, 1/2], [1/2, -1/2, 1/2], [0, 0, 1]]: rows of G g, then G applied to each.</summary>
    private static void Filter(ReadOnlySpan<double> g, Span<double> u)
    {
        Span<double> rows = stackalloc double[12];
        for (int c = 0; c < 3; c++) Expand(g[c], g[3 + c], g[6 + c], rows, c, 3);
        for (int r = 0; r < 4; r++) Expand(rows[3 * r], rows[(3 * r) + 1], rows[(3 * r) + 2], u, 4 * r, 1);
    }

    /// <summary>G (a, b, c) = (a, (a + b + c) / 2, (a - b + c) / 2, c), written <paramref name="step"/> apart from <paramref name="at"/>.</summary>
    private static void Expand(double a, double b, double c, Span<double> to, int at, int step)
    {
        to[at] = a;
        to[at + step] = (a + b + c) / 2;
        to[at + (2 * step)] = (a - b + c) / 2;
        to[at + (3 * step)] = c;
    }
}
