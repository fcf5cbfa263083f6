using System;
using System.ComponentModel;

namespace CnnDsl.Kernels;

/// <summary>
/// Packs 5x5 convolution weights for <see cref="Winograd5x5Conv"/> F(2x2,5x5), once at construction for inference and
/// into training's own buffers each step (the input gradient's rotated, swapped filters too): each filter's
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

    private const int Kernel = 5, Side = 6;

    /// <summary>
    /// OIHW [O, I, 5, 5] weights, each multiplied by its channel's scale, to the transformed layout, and the affine's
    /// shifts (<see cref="WeightPacking.Shifts"/>).
    /// </summary>
    public static float[] Pack(float[] oihw, ChannelAffine affine, int outChannels, int inChannels, int lanes, out float[] shifts)
        => WinogradWeights.Pack<Filter>(oihw, affine, outChannels, inChannels, lanes, out shifts);

    /// <summary>
    /// OIHW [O, I, 5, 5] weights (unscaled) into <paramref name="packed"/>, as <see cref="WinogradWeights.PackInto(ReadOnlySpan{float}, int, int, bool, int, Span{float})"/>
    /// does for F(2x2,3x3) (<paramref name="transposed"/>: the input gradient's filters, each rotated 180 degrees).
    /// </summary>
    public static void PackInto(ReadOnlySpan<float> oihw, int outChannels, int inChannels, bool transposed, int lanes, Span<float> packed)
        => WinogradWeights.PackInto<Filter>(oihw, null, outChannels, inChannels, transposed, lanes, packed);

    /// <summary>U = G (scale g) G^T, with G 6x5 row-major.</summary>
    private readonly struct Filter : IWinogradFilter
    {
        private static readonly double[] s_g = WinogradLineMatrices.For(2, Kernel).Filter;

        public static int Taps => Kernel * Kernel;

        public static int Positions => Winograd5x5Weights.Positions;

        public static void Write(ReadOnlySpan<float> filter, double scale, bool rotated, Span<float> packed, int at, int step)
        {
            double[] g = s_g;
            const int r = Kernel, last = (r * r) - 1;
            Span<double> t = stackalloc double[Side * r];
            for (int i = 0; i < Side; i++)
                for (int c = 0; c < r; c++)
                {
                    double sum = 0;
                    for (int k = 0; k < r; k++) sum += g[(i * r) + k] * filter[rotated ? last - ((k * r) + c) : (k * r) + c];
                    t[(i * r) + c] = sum * scale;
                }
            for (int i = 0; i < Side; i++)
                for (int j = 0; j < Side; j++)
                {
                    double sum = 0;
                    for (int k = 0; k < r; k++) sum += t[(i * r) + k] * g[(j * r) + k];
                    packed[at + (((i * Side) + j) * step)] = (float)sum;
                }
        }
    }
}
