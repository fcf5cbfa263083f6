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
        var matrices = WinogradLineMatrices.For(outputs, taps);
        double[] g = matrices.Filter;
        int positions = matrices.Positions;
        return WinogradWeights.Pack(oihw, affine, outChannels, inChannels, lanes, taps, positions, (filter, scale, u) =>
        {
            for (int p = 0; p < positions; p++)
            {
                double sum = 0;
                for (int k = 0; k < taps; k++) sum += g[(p * taps) + k] * filter[k] * scale;
                u[p] = sum;
            }
        }, out shifts);
    }
}
