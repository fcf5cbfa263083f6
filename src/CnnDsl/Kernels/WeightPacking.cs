using System;
using System.ComponentModel;

namespace CnnDsl.Kernels;

/// <summary>
/// Rearranges canonical weights once, at construction, into the layouts generated layers stream through.
/// Every packed array has <see cref="Simd.MaxLanes"/> floats of zero slack so full-vector loads never leave it, and
/// is an <see cref="AlignedBuffer"/>: its values start at <see cref="AlignedBuffer.Start"/>, on a 64-byte boundary, so
/// a weight vector never straddles two cache lines. For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class WeightPacking
{
    /// <summary>
    /// Convolution OIHW [O, I, kH, kW] (a dense layer is the 1x1 case with I = inFeatures) to
    /// [O/lanes][kH][kW][I][lanes]: for one block of <paramref name="lanes"/> output channels, the taps of a kernel
    /// row are contiguous, matching the contiguous kW x I input values of an NHWC row. Output channels past
    /// <paramref name="outChannels"/> are zero. Each weight is multiplied by its channel's scale.
    /// </summary>
    public static float[] Conv(float[] oihw, ChannelAffine affine, int outChannels, int inChannels, int kernelH, int kernelW, int lanes)
        => GroupedConv(oihw, affine, outChannels, inChannels, kernelH, kernelW, 1, lanes);

    /// <summary>
    /// Grouped convolution OIHW [O, I/groups, kH, kW] (ONNX <c>group</c>): each group's O/groups output channels
    /// packed as <see cref="Conv"/> packs a whole convolution, over the group's <paramref name="inChannelsPerGroup"/>
    /// input channels, one group after another.
    /// </summary>
    public static float[] GroupedConv(float[] oihw, ChannelAffine affine, int outChannels, int inChannelsPerGroup, int kernelH, int kernelW, int groups, int lanes)
        => Pack(oihw, affine, outChannels, inChannelsPerGroup, kernelH, kernelW, groups, lanes, pairBlocks: false);

    /// <summary>
    /// <see cref="Conv"/> in the order the generated register tile reads it: each pair of <paramref name="lanes"/>-channel
    /// blocks interleaved tap by tap, [O/(2 lanes)][kH][kW][I][2][lanes] (an odd last block alone, [kH][kW][I][lanes]),
    /// so the tile's two weight vectors of a tap are one unit-stride stream. Block b still starts at b x taps x lanes.
    /// </summary>
    public static float[] ConvPairedBlocks(float[] oihw, ChannelAffine affine, int outChannels, int inChannels, int kernelH, int kernelW, int lanes)
        => Pack(oihw, affine, outChannels, inChannels, kernelH, kernelW, 1, lanes, pairBlocks: true);

    /// <summary><see cref="GroupedConv"/> with each group's blocks paired as <see cref="ConvPairedBlocks(float[], ChannelAffine, int, int, int, int, int)"/> pairs them.</summary>
    public static float[] GroupedConvPairedBlocks(float[] oihw, ChannelAffine affine, int outChannels, int inChannelsPerGroup, int kernelH, int kernelW, int groups, int lanes)
        => Pack(oihw, affine, outChannels, inChannelsPerGroup, kernelH, kernelW, groups, lanes, pairBlocks: true);

    /// <summary>
    /// <see cref="ConvPairedBlocks(float[], ChannelAffine, int, int, int, int, int)"/> and the affine's
    /// <see cref="Shifts"/> in one call: one statement per layer in a generated constructor.
    /// </summary>
    public static float[] ConvPairedBlocks(float[] oihw, ChannelAffine affine, int outChannels, int inChannels, int kernelH, int kernelW, int lanes, out float[] shifts)
    {
        var packed = ConvPairedBlocks(oihw, affine, outChannels, inChannels, kernelH, kernelW, lanes);
        shifts = Shifts(affine);
        return packed;
    }

    /// <summary><see cref="GroupedConvPairedBlocks(float[], ChannelAffine, int, int, int, int, int, int)"/> and the affine's <see cref="Shifts"/> in one call.</summary>
    public static float[] GroupedConvPairedBlocks(float[] oihw, ChannelAffine affine, int outChannels, int inChannelsPerGroup, int kernelH, int kernelW, int groups, int lanes, out float[] shifts)
    {
        var packed = GroupedConvPairedBlocks(oihw, affine, outChannels, inChannelsPerGroup, kernelH, kernelW, groups, lanes);
        shifts = Shifts(affine);
        return packed;
    }

    private static float[] Pack(float[] oihw, ChannelAffine affine, int outChannels, int inChannelsPerGroup, int kernelH, int kernelW, int groups, int lanes, bool pairBlocks)
    {
        ArgumentNullException.ThrowIfNull(affine);
        if (groups <= 0 || outChannels % groups != 0)
            throw new ArgumentException($"The {outChannels} output channels must split into {groups} groups.", nameof(groups));
        int k = kernelH * kernelW * inChannelsPerGroup;
        CheckLength(oihw, (long)outChannels * k);
        int groupOut = outChannels / groups;
        int blocks = (groupOut + lanes - 1) / lanes;
        long groupSize = (long)blocks * k * lanes;
        var buffer = AlignedBuffer.Allocate(checked((int)(groups * groupSize) + Simd.MaxLanes));
        var packed = AlignedBuffer.Span(buffer);
        for (int o = 0; o < outChannels; o++)
        {
            double scale = affine.Scale(o);
            int local = o % groupOut;
            int b = local / lanes;
            // Paired: the block and its partner (b ^ 1) alternate tap by tap, unless b is an odd last block.
            bool paired = pairBlocks && (b ^ 1) < blocks;
            int first = paired ? b & ~1 : b;
            long block = (o / groupOut * groupSize) + ((long)first * k * lanes);
            int lane = (paired ? (b - first) * lanes : 0) + (local % lanes);
            int tapPitch = paired ? 2 * lanes : lanes;
            for (int ci = 0; ci < inChannelsPerGroup; ci++)
            {
                for (int kh = 0; kh < kernelH; kh++)
                {
                    for (int kw = 0; kw < kernelW; kw++)
                    {
                        long source = ((((long)o * inChannelsPerGroup) + ci) * kernelH + kh) * kernelW + kw;
                        int tap = ((kh * kernelW) + kw) * inChannelsPerGroup + ci;
                        packed[(int)(block + ((long)tap * tapPitch) + lane)] = (float)(oihw[source] * scale);
                    }
                }
            }
        }
        return buffer;
    }

    /// <summary>Depthwise [C, 1, kH, kW] to [kH][kW][C rounded up to MaxLanes], scaled per channel.</summary>
    public static float[] Depthwise(float[] c1hw, ChannelAffine affine, int channels, int kernelH, int kernelW)
    {
        CheckLength(c1hw, (long)channels * kernelH * kernelW);
        int stride = RoundUp(channels);
        var buffer = AlignedBuffer.Allocate((kernelH * kernelW * stride) + Simd.MaxLanes);
        var packed = AlignedBuffer.Span(buffer);
        for (int c = 0; c < channels; c++)
        {
            for (int t = 0; t < kernelH * kernelW; t++)
            {
                packed[(t * stride) + c] = (float)(c1hw[(c * kernelH * kernelW) + t] * affine.Scale(c));
            }
        }
        return buffer;
    }

    /// <summary><see cref="Depthwise(float[], ChannelAffine, int, int, int)"/> and the affine's <see cref="Shifts"/> in one call.</summary>
    public static float[] Depthwise(float[] c1hw, ChannelAffine affine, int channels, int kernelH, int kernelW, out float[] shifts)
    {
        var packed = Depthwise(c1hw, affine, channels, kernelH, kernelW);
        shifts = Shifts(affine);
        return packed;
    }

    /// <summary>The shifts (the folded biases), zero-padded to a multiple of MaxLanes plus slack.</summary>
    public static float[] Shifts(ChannelAffine affine)
    {
        var buffer = AlignedBuffer.Allocate(RoundUp(affine.Channels) + Simd.MaxLanes);
        var packed = AlignedBuffer.Span(buffer);
        for (int c = 0; c < affine.Channels; c++) packed[c] = (float)affine.Shift(c);
        return buffer;
    }

    /// <summary>The scales, zero-padded like <see cref="Shifts"/> (for a standalone batch norm).</summary>
    public static float[] Scales(ChannelAffine affine)
    {
        var buffer = AlignedBuffer.Allocate(RoundUp(affine.Channels) + Simd.MaxLanes);
        var packed = AlignedBuffer.Span(buffer);
        for (int c = 0; c < affine.Channels; c++) packed[c] = (float)affine.Scale(c);
        return buffer;
    }

    private static int RoundUp(int channels) => (channels + Simd.MaxLanes - 1) / Simd.MaxLanes * Simd.MaxLanes;

    private static void CheckLength(float[] weights, long expected)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Length != expected)
            throw new ArgumentException($"The weight tensor must have {expected} values, got {weights.Length}.", nameof(weights));
    }
}
