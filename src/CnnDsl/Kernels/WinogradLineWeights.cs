using System;
using System.ComponentModel;

namespace CnnDsl.Kernels;

/// <summary>
/// Packs 1 x r or r x 1 convolution weights for <see cref="WinogradLineConv"/>, once at construction for inference and
/// into training's own buffers each step (the input gradient's reversed, swapped filters too): each filter's transform
/// G g (n = m + r - 1 values, computed in double from the scaled weights), in <see cref="WinogradWeights"/>' layout
/// with n positions. For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class WinogradLineWeights
{
    /// <summary>
    /// OIHW [O, I, 1, r] or [O, I, r, 1] weights (r contiguous taps per filter either way), each multiplied by its
    /// channel's scale, to the transformed layout of F(<paramref name="outputs"/>, <paramref name="taps"/>), and the
    /// affine's shifts (<see cref="WeightPacking.Shifts"/>).
    /// </summary>
    public static float[] Pack(float[] oihw, ChannelAffine affine, int outChannels, int inChannels, int outputs, int taps, int lanes, out float[] shifts)
    {
        CheckTile(outputs, taps);
        return WinogradWeights.Pack<Filter47>(oihw, affine, outChannels, inChannels, lanes, out shifts);
    }

    /// <summary>
    /// OIHW [O, I, 1, r] or [O, I, r, 1] weights (unscaled) into <paramref name="packed"/>, as
    /// <see cref="WinogradWeights.PackInto(ReadOnlySpan{float}, int, int, bool, int, Span{float})"/> does for F(2x2,3x3)
    /// (<paramref name="transposed"/>: the input gradient's filters, each one's taps in reverse order).
    /// </summary>
    public static void PackInto(ReadOnlySpan<float> oihw, int outChannels, int inChannels, int outputs, int taps, bool transposed, int lanes, Span<float> packed)
    {
        CheckTile(outputs, taps);
        WinogradWeights.PackInto<Filter47>(oihw, null, outChannels, inChannels, transposed, lanes, packed);
    }

    private static void CheckTile(int outputs, int taps)
    {
        if (!WinogradLineConv.Supports(outputs, taps))
            throw new ArgumentOutOfRangeException(nameof(outputs), $"F({outputs}, {taps}) is not a tile WinogradLineConv runs (4 outputs of 7 taps).");
    }

    /// <summary>G g of F(4, 7) (the one tile <see cref="WinogradLineConv"/> runs): 10 positions from 7 taps, with G from <see cref="WinogradLineMatrices"/>.</summary>
    private readonly struct Filter47 : IWinogradFilter
    {
        private static readonly WinogradLineMatrices s_matrices = WinogradLineMatrices.For(4, 7);

        public static int Taps => 7;

        public static int Positions => s_matrices.Positions;

        public static void Write(ReadOnlySpan<float> filter, double scale, bool rotated, Span<float> packed, int at, int step)
        {
            double[] g = s_matrices.Filter;
            int taps = Taps;
            for (int p = 0; p < Positions; p++)
            {
                double sum = 0;
                for (int k = 0; k < taps; k++) sum += g[(p * taps) + k] * filter[rotated ? taps - 1 - k : k] * scale;
                packed[at + (p * step)] = (float)sum;
            }
        }
    }
}
