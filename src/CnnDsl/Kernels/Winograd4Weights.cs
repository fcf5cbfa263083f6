using System;
using System.ComponentModel;

namespace CnnDsl.Kernels;

/// <summary>
/// Packs 3x3 convolution weights once, at construction, for <see cref="Winograd4Conv"/> F(4x4,3x3) (Lavin and Gray
/// 2016): each filter's transform U = G g G^T (6x6, computed in double from the scaled weights, so the only float
/// rounding is the final one), in <see cref="WinogradWeights"/>' layout with 36 positions. For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Winograd4Weights
{
    /// <summary>Transformed positions of one 6x6 input tile.</summary>
    public const int Positions = 36;

    /// <summary>
    /// OIHW [O, I, 3, 3] weights, each multiplied by its channel's scale, to the transformed layout, and the affine's
    /// shifts (<see cref="WeightPacking.Shifts"/>).
    /// </summary>
    public static float[] Pack(float[] oihw, ChannelAffine affine, int outChannels, int inChannels, int lanes, out float[] shifts)
        => WinogradWeights.Pack(oihw, affine, outChannels, inChannels, lanes, 9, Positions, Transform, out shifts);

    /// <summary>
    /// U = G g G^T with G = [[1/4,0,0],[-1/6,-1/6,-1/6],[-1/6,1/6,-1/6],[1/24,1/12,1/6],[1/24,-1/12,1/6],[0,0,1]],
    /// row-major into <paramref name="u"/>.
    /// </summary>
    private static void Transform(ReadOnlySpan<float> g, double scale, Span<double> u)
    {
        Span<double> t = stackalloc double[18];
        for (int c = 0; c < 3; c++)
            Apply(g[c] * scale, g[3 + c] * scale, g[6 + c] * scale, t, c, 3);
        for (int r = 0; r < 6; r++)
            Apply(t[3 * r], t[(3 * r) + 1], t[(3 * r) + 2], u, 6 * r, 1);
    }

    /// <summary>G x for one column (or row) x0..x2, written to <paramref name="to"/> from <paramref name="at"/> every <paramref name="stride"/>.</summary>
    private static void Apply(double x0, double x1, double x2, Span<double> to, int at, int stride)
    {
        to[at] = x0 / 4;
        to[at + stride] = -(x0 + x1 + x2) / 6;
        to[at + (2 * stride)] = -(x0 - x1 + x2) / 6;
        to[at + (3 * stride)] = (x0 / 24) + (x1 / 12) + (x2 / 6);
        to[at + (4 * stride)] = (x0 / 24) - (x1 / 12) + (x2 / 6);
        to[at + (5 * stride)] = x2;
    }
}
