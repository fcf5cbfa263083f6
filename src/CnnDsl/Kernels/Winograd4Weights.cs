using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using static CnnDsl.Kernels.WinogradWeights;

namespace CnnDsl.Kernels;

/// <summary>
/// Packs 3x3 convolution weights for <see cref="Winograd4Conv"/> F(4x4,3x3) (Lavin and Gray 2016): each filter's
/// transform U = G g G^T (6x6, computed in double from the scaled weights, so the only float rounding is the final
/// one), in <see cref="WinogradWeights"/>' layout with 36 positions: once, at construction, for inference; into
/// training's own buffers each step, the input gradient's filters too. For generated code only.
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
        => Pack<Filter>(oihw, affine, outChannels, inChannels, lanes, out shifts);

    /// <summary>
    /// OIHW [O, I, 3, 3] weights (unscaled) into <paramref name="packed"/>, as <see cref="WinogradWeights.PackInto(ReadOnlySpan{float}, int, int, bool, int, Span{float})"/>
    /// does for F(2x2,3x3) (<paramref name="transposed"/>: the input gradient's filters).
    /// </summary>
    public static void PackInto(ReadOnlySpan<float> oihw, int outChannels, int inChannels, bool transposed, int lanes, Span<float> packed)
        => PackInto<Filter>(oihw, null, outChannels, inChannels, transposed, lanes, packed);

    /// <summary>
    /// U = G g G^T with G = [[1/4,0,0],[-1/6,-1/6,-1/6],[-1/6,1/6,-1/6],[1/24,1/12,1/6],[1/24,-1/12,1/6],[0,0,1]]: G g
    /// by columns, then each of its six rows times G^T, straight into the packed positions (no scratch: training
    /// packs every layer's weights twice a step).
    /// </summary>
    private readonly struct Filter : IWinogradFilter
    {
        public static int Taps => 9;

        public static int Positions => Winograd4Weights.Positions;

        public static void Write(ReadOnlySpan<float> g, double scale, bool rotated, Span<float> packed, int at, int step)
        {
            Apply(Tap(g, 0, rotated, scale), Tap(g, 3, rotated, scale), Tap(g, 6, rotated, scale), out double a0, out double b0, out double c0, out double d0, out double e0, out double f0);
            Apply(Tap(g, 1, rotated, scale), Tap(g, 4, rotated, scale), Tap(g, 7, rotated, scale), out double a1, out double b1, out double c1, out double d1, out double e1, out double f1);
            Apply(Tap(g, 2, rotated, scale), Tap(g, 5, rotated, scale), Tap(g, 8, rotated, scale), out double a2, out double b2, out double c2, out double d2, out double e2, out double f2);
            Row(packed, at, step, 0, a0, a1, a2);
            Row(packed, at, step, 6, b0, b1, b2);
            Row(packed, at, step, 12, c0, c1, c2);
            Row(packed, at, step, 18, d0, d1, d2);
            Row(packed, at, step, 24, e0, e1, e2);
            Row(packed, at, step, 30, f0, f1, f2);
        }

        /// <summary>Positions p..p+5 of U: a row (x0, x1, x2) of G g times G^T, rounded once.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Row(Span<float> packed, int at, int step, int p, double x0, double x1, double x2)
        {
            Apply(x0, x1, x2, out double a, out double b, out double c, out double d, out double e, out double f);
            packed[at + (p * step)] = (float)a;
            packed[at + ((p + 1) * step)] = (float)b;
            packed[at + ((p + 2) * step)] = (float)c;
            packed[at + ((p + 3) * step)] = (float)d;
            packed[at + ((p + 4) * step)] = (float)e;
            packed[at + ((p + 5) * step)] = (float)f;
        }

        /// <summary>G x for one column (or row) x0..x2.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Apply(double x0, double x1, double x2, out double a, out double b, out double c, out double d, out double e, out double f)
        {
            a = x0 / 4;
            b = -(x0 + x1 + x2) / 6;
            c = -(x0 - x1 + x2) / 6;
            d = (x0 / 24) + (x1 / 12) + (x2 / 6);
            e = (x0 / 24) - (x1 / 12) + (x2 / 6);
            f = x2;
        }
    }
}
