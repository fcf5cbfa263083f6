using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace CnnDsl.Kernels;

/// <summary>
/// Packs 3x3 convolution weights for <see cref="WinogradConv"/> F(2x2,3x3) (Lavin and Gray 2016): each filter's
/// transform U = G g G^T (4x4, computed in double from the scaled weights), laid out per transformed position as
/// [16][output-channel pair][input channel][2 lanes], the order the multiply's register tile streams a pair of
/// channel vectors. Output channels are zero up to a multiple of 2 x lanes. Inference packs once, at construction
/// (<see cref="Pack(float[], ChannelAffine, int, int, int, out float[])"/>); training, whose weights change every
/// step, into its own buffers (<see cref="PackInto(ReadOnlySpan{float}, int, int, bool, int, Span{float})"/>), the
/// input gradient's filters too. For generated code only.
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
        => Pack<Filter>(oihw, affine, outChannels, inChannels, lanes, out shifts);

    /// <summary>
    /// OIHW [O, I, 3, 3] weights (unscaled) into <paramref name="packed"/>, <see cref="Pack(float[], ChannelAffine, int, int, int, out float[])"/>'s
    /// layout; with <paramref name="transposed"/>, the filters of the layer's input gradient instead: <paramref name="inChannels"/>
    /// outputs from <paramref name="outChannels"/> inputs, filter (i, o) being filter (o, i) rotated 180 degrees.
    /// Values of padding channels are left as they are (zero in a new buffer; the kernel never stores them).
    /// </summary>
    public static void PackInto(ReadOnlySpan<float> oihw, int outChannels, int inChannels, bool transposed, int lanes, Span<float> packed)
        => PackInto<Filter>(oihw, null, outChannels, inChannels, transposed, lanes, packed);

    /// <summary>Floats of the packed layout of <paramref name="outChannels"/> x <paramref name="inChannels"/> filters of <paramref name="positions"/> positions.</summary>
    public static int PackedLength(int outChannels, int inChannels, int lanes, int positions) => checked(positions * PaddedChannels(outChannels, lanes) * inChannels);

    /// <summary>The inference packing shared by every tile size: a new aligned buffer, each output channel's filters scaled by <paramref name="affine"/>.</summary>
    internal static float[] Pack<TFilter>(float[] oihw, ChannelAffine affine, int outChannels, int inChannels, int lanes, out float[] shifts) where TFilter : struct, IWinogradFilter
    {
        ArgumentNullException.ThrowIfNull(oihw);
        ArgumentNullException.ThrowIfNull(affine);
        // An aligned buffer, as WeightPacking's: generated layers read it from AlignedBuffer.Start.
        var buffer = AlignedBuffer.Allocate(PackedLength(outChannels, inChannels, lanes, TFilter.Positions) + Simd.MaxLanes);
        PackInto<TFilter>(oihw, affine, outChannels, inChannels, false, lanes, AlignedBuffer.Span(buffer));
        shifts = WeightPacking.Shifts(affine);
        return buffer;
    }

    /// <summary>
    /// The packing loop of every tile size, a pair of channel vectors and an input at a time: each filter's positions
    /// are written into a small block (position by lane, in the first-level cache), then each position's run of up to
    /// 2 x lanes floats is copied to its place. Writing every filter straight into the layout stored 16 or 36 values
    /// a whole position apart (1 MB for 512 x 512) and took 26 ms per 512 x 512 F(2x2) weight set on a Zen 5 EPYC
    /// against 4.7 through the block. <paramref name="affine"/> scales each output channel (null: unscaled).
    /// </summary>
    internal static void PackInto<TFilter>(ReadOnlySpan<float> oihw, ChannelAffine? affine, int outChannels, int inChannels, bool transposed, int lanes, Span<float> packed)
        where TFilter : struct, IWinogradFilter
    {
        int taps = TFilter.Taps, positions = TFilter.Positions, to = transposed ? inChannels : outChannels, from = transposed ? outChannels : inChannels, pitch = 2 * lanes;
        int pairs = PaddedChannels(to, lanes) / pitch, step = pairs * from * pitch;
        if (oihw.Length != (long)outChannels * inChannels * taps)
            throw new ArgumentException($"The weight tensor [{outChannels}, {inChannels}, {taps} taps] must have {(long)outChannels * inChannels * taps} values, got {oihw.Length}.", nameof(oihw));
        if (packed.Length < PackedLength(to, from, lanes, positions))
            throw new ArgumentException($"The packed weights of {to} x {from} filters need {PackedLength(to, from, lanes, positions)} floats, got {packed.Length}.", nameof(packed));
        Span<float> block = stackalloc float[positions * pitch];
        for (int pair = 0; pair < pairs; pair++)
        {
            int count = Math.Min(pitch, to - (pair * pitch));
            for (int i = 0; i < from; i++)
            {
                for (int lane = 0; lane < count; lane++)
                {
                    int o = (pair * pitch) + lane;
                    var g = oihw.Slice((transposed ? (i * inChannels) + o : (o * inChannels) + i) * taps, taps);
                    TFilter.Write(g, affine?.Scale(o) ?? 1, transposed, block, lane, pitch);
                }
                int at = ((pair * from) + i) * pitch;
                for (int p = 0; p < positions; p++) block.Slice(p * pitch, count).CopyTo(packed.Slice(at + (p * step), count));
            }
        }
    }

    /// <summary>Output channels rounded up to whole pairs of <paramref name="lanes"/>-float vectors.</summary>
    public static int PaddedChannels(int outChannels, int lanes) => (outChannels + (2 * lanes) - 1) / (2 * lanes) * 2 * lanes;

    /// <summary>Tap <paramref name="t"/> of a 3x3 filter (rotated 180 degrees: tap 8 - t), times <paramref name="scale"/>, in double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double Tap(ReadOnlySpan<float> g, int t, bool rotated, double scale) => g[rotated ? 8 - t : t] * scale;

    /// <summary>U = G g G^T with G = [[1,0,0],[1/2,1/2,1/2],[1/2,-1/2,1/2],[0,0,1]]: G g by columns, then each row times G^T.</summary>
    private readonly struct Filter : IWinogradFilter
    {
        public static int Taps => 9;

        public static int Positions => WinogradWeights.Positions;

        public static void Write(ReadOnlySpan<float> g, double scale, bool rotated, Span<float> packed, int at, int step)
        {
            double a0 = Tap(g, 0, rotated, scale), a1 = Tap(g, 1, rotated, scale), a2 = Tap(g, 2, rotated, scale);
            double b0 = Tap(g, 3, rotated, scale), b1 = Tap(g, 4, rotated, scale), b2 = Tap(g, 5, rotated, scale);
            double c0 = Tap(g, 6, rotated, scale), c1 = Tap(g, 7, rotated, scale), c2 = Tap(g, 8, rotated, scale);
            Row(packed, at, step, 0, a0, a1, a2);
            Row(packed, at, step, 4, (a0 + b0 + c0) / 2, (a1 + b1 + c1) / 2, (a2 + b2 + c2) / 2);
            Row(packed, at, step, 8, (a0 - b0 + c0) / 2, (a1 - b1 + c1) / 2, (a2 - b2 + c2) / 2);
            Row(packed, at, step, 12, c0, c1, c2);
        }

        /// <summary>Positions p..p+3 of U: a row (x, y, z) of G g times G^T = (x, (x + y + z) / 2, (x - y + z) / 2, z), rounded once.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Row(Span<float> packed, int at, int step, int p, double x, double y, double z)
        {
            packed[at + (p * step)] = (float)x;
            packed[at + ((p + 1) * step)] = (float)((x + y + z) / 2);
            packed[at + ((p + 2) * step)] = (float)((x - y + z) / 2);
            packed[at + ((p + 3) * step)] = (float)z;
        }
    }
}
