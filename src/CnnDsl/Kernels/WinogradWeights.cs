using System;
using System.ComponentModel;

namespace CnnDsl.Kernels;

/// <summary>
/// Packs 3x3 convolution weights once, at construction, for <see cref="WinogradConv"/> F(2x2,3x3) (Lavin and Gray
/// 2016): each filter's transform U = G g G^T (4x4, computed in double from the scaled weights), laid out per
/// transformed position as [16][output-channel pair][input channel][2 lanes], the order the multiply's register tile
/// streams a pair of channel vectors. Output channels are zero up to a multiple of 2 x lanes. For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class WinogradWeights
{
    /// <summary>Transformed positions of one 4x4 input tile.</summary>
    public const int Positions = 16;

    /// <summary>
    /// OIHW [O, I, 3, 3] weights, each multiplied by its channel's scale, to the transformed layout, and the affine's
    /// shifts (<see cref="WeightPacking.Shifts"/>).
    /// </summary>
    public static float[] Pack(float[] oihw, ChannelAffine affine, int outChannels, int inChannels, int lanes, out float[] shifts)
        => Pack(oihw, affine, outChannels, inChannels, lanes, 9, Positions, Transform, out shifts);

    /// <summary>One filter's transform U = G g G^T (<paramref name="g"/> times <paramref name="scale"/>, in double), row-major into <paramref name="u"/>.</summary>
    internal delegate void FilterTransform(ReadOnlySpan<float> g, double scale, Span<double> u);

    /// <summary>
    /// The packing shared by every tile size: each filter (<paramref name="taps"/> values) transformed by
    /// <paramref name="transform"/> into <paramref name="positions"/> values, laid out [position][output-channel pair][input channel][2 lanes].
    /// </summary>
    internal static float[] Pack(float[] oihw, ChannelAffine affine, int outChannels, int inChannels, int lanes, int taps, int positions, FilterTransform transform,
        out float[] shifts)
    {
        ArgumentNullException.ThrowIfNull(oihw);
        ArgumentNullException.ThrowIfNull(affine);
        if (oihw.Length != (long)outChannels * inChannels * taps)
            throw new ArgumentException($"The weight tensor [{outChannels}, {inChannels}, {taps} taps] must have {(long)outChannels * inChannels * taps} values, got {oihw.Length}.", nameof(oihw));
        int pitch = 2 * lanes;
        int padded = PaddedChannels(outChannels, lanes);
        int pairs = padded / pitch;
        // An aligned buffer, as WeightPacking's: generated layers read it from AlignedBuffer.Start.
        var buffer = AlignedBuffer.Allocate(checked((int)((long)positions * padded * inChannels) + Simd.MaxLanes));
        var packed = AlignedBuffer.Span(buffer);
        Span<double> u = stackalloc double[positions];
        for (int o = 0; o < outChannels; o++)
        {
            double scale = affine.Scale(o);
            int pair = o / pitch, lane = o % pitch;
            for (int i = 0; i < inChannels; i++)
            {
                transform(oihw.AsSpan((int)(((long)o * inChannels + i) * taps), taps), scale, u);
                for (int p = 0; p < positions; p++)
                    packed[(int)(((((long)p * pairs) + pair) * inChannels + i) * pitch + lane)] = (float)u[p];
            }
        }
        shifts = WeightPacking.Shifts(affine);
        return buffer;
    }

    /// <summary>Output channels rounded up to whole pairs of <paramref name="lanes"/>-float vectors.</summary>
    public static int PaddedChannels(int outChannels, int lanes) => (outChannels + (2 * lanes) - 1) / (2 * lanes) * 2 * lanes;

    /// <summary>U = G g G^T with G = [[1,0,0],[1/2,1/2,1/2],[1/2,-1/2,1/2],[0,0,1]], row-major into <paramref name="u"/>.</summary>
    private static void Transform(ReadOnlySpan<float> g, double scale, Span<double> u)
    {
        Span<double> t = stackalloc double[12];
        for (int c = 0; c < 3; c++)
        {
            double g0 = g[c] * scale, g1 = g[3 + c] * scale, g2 = g[6 + c] * scale;
            t[c] = g0;
            t[3 + c] = (g0 + g1 + g2) / 2;
            t[6 + c] = (g0 - g1 + g2) / 2;
            t[9 + c] = g2;
        }
        for (int r = 0; r < 4; r++)
        {
            double a = t[3 * r], b = t[(3 * r) + 1], c = t[(3 * r) + 2];
            u[4 * r] = a;
            u[(4 * r) + 1] = (a + b + c) / 2;
            u[(4 * r) + 2] = (a - b + c) / 2;
            u[(4 * r) + 3] = c;
        }
    }
}
