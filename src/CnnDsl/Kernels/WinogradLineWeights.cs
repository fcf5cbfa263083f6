using System;
using System.ComponentModel;

namespace CnnDsl.Kernels;

/// <summary>
/// Packs 1 x r or r x 1 convolution weights once, at construction, for <see cref="WinogradLineConv"/>: each filter's
/// transform G g (n = m + r - 1 values, computed in double from the scaled weights), in <see cref="WinogradWeights"/>'
/// layout with n positions. For generated code only.
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
        if (!WinogradLineConv.Supports(outputs, taps))
            throw new ArgumentOutOfRangeException(nameof(outputs), $"F({outputs}, {taps}) is not a tile WinogradLineConv runs (4 outputs of 7 taps).");
        return WinogradWeights.Pack<Filter47>(oihw, affine, outChannels, inChannels, lanes, out shifts);
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
