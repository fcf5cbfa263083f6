using System;
using System.ComponentModel;

namespace CnnDsl.Kernels;

/// <summary>
/// Packs 5x5 convolution weights once, at construction, for <see cref="Winograd5x5Conv"/> F(2x2,5x5): each filter's
/// transform U = G g G^T (6x6, in double from the scaled weights, so the only float rounding is the final one), in
/// <see cref="WinogradWeights"/>' layout with 36 positions. G is the Toom-Cook filter transform of F(2,5) from
/// <see cref="WinogradLineMatrices"/> (points 0, 1, -1, 2, -2 and infinity), which checks when built that it composes
/// with A^T and the shared B^T to the correlation. For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Winograd5x5Weights
{
    /// <summary>Transformed positions of one 6x6 input tile.</summary>
    public const int Positions = 36;

    private const int Taps = 5, Side = 6;

    /// <summary>
    /// OIHW [O, I, 5, 5] weights, each multiplied by its channel's scale, to the transformed layout, and the affine's
    /// shifts (<see cref="WeightPacking.Shifts"/>).
    /// </summary>
    public static float[] Pack(float[] oihw, ChannelAffine affine, int outChannels, int inChannels, int lanes, out float[] shifts)
    {
        double[] g = WinogradLineMatrices.For(2, Taps).Filter;
        return WinogradWeights.Pack(oihw, affine, outChannels, inChannels, lanes, Taps * Taps, Positions, (filter, scale, u) => Transform(g, filter, scale, u), out shifts);
    }

    /// <summary>U = G (scale g) G^T, row-major into <paramref name="u"/>, with G 6x5 row-major.</summary>
    private static void Transform(double[] g, ReadOnlySpan<float> filter, double scale, Span<double> u)
    {
        Span<double> t = stackalloc double[Side * Taps];
        for (int i = 0; i < Side; i++)
            for (int c = 0; c < Taps; c++)
            {
                double sum = 0;
                for (int k = 0; k < Taps; k++) sum += g[(i * Taps) + k] * filter[(k * Taps) + c];
                t[(i * Taps) + c] = sum * scale;
            }
        for (int i = 0; i < Side; i++)
            for (int j = 0; j < Side; j++)
            {
                double sum = 0;
                for (int k = 0; k < Taps; k++) sum += t[(i * Taps) + k] * g[(j * Taps) + k];
                u[(i * Side) + j] = sum;
            }
    }
}
