using System;
using System.ComponentModel;

namespace CnnDsl.Kernels;

/// <summary>
/// Rearranges canonical weights once, at construction, into the layouts generated layers stream through.
/// Every packed array has <see cref="Simd.MaxLanes"/> floats of zero slack so full-vector loads never leave it.
/// For generated code only.
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
    {
        int k = kernelH * kernelW * inChannels;
        CheckLength(oihw, (long)outChannels * k);
        int blocks = (outChannels + lanes - 1) / lanes;
        var packed = new float[((long)blocks * k * lanes) + Simd.MaxLanes];
        for (int o = 0; o < outChannels; o++)
        {
            double scale = affine.Scale(o);
            long block = (long)(o / lanes) * k * lanes;
            int lane = o % lanes;
            for (int ci = 0; ci < inChannels; ci++)
            {
                for (int kh = 0; kh < kernelH; kh++)
                {
                    for (int kw = 0; kw < kernelW; kw++)
                    {
                        long source = ((((long)o * inChannels) + ci) * kernelH + kh) * kernelW + kw;
                        int tap = ((kh * kernelW) + kw) * inChannels + ci;
                        packed[block + ((long)tap * lanes) + lane] = (float)(oihw[source] * scale);
                    }
                }
            }
        }
        return packed;
    }

    /// <summary>Depthwise [C, 1, kH, kW] to [kH][kW][C rounded up to MaxLanes], scaled per channel.</summary>
    public static float[] Depthwise(float[] c1hw, ChannelAffine affine, int channels, int kernelH, int kernelW)
    {
        CheckLength(c1hw, (long)channels * kernelH * kernelW);
        int stride = RoundUp(channels);
        var packed = new float[(kernelH * kernelW * stride) + Simd.MaxLanes];
        for (int c = 0; c < channels; c++)
        {
            for (int t = 0; t < kernelH * kernelW; t++)
            {
                packed[(t * stride) + c] = (float)(c1hw[(c * kernelH * kernelW) + t] * affine.Scale(c));
            }
        }
        return packed;
    }

    /// <summary>The shifts (the folded biases), zero-padded to a multiple of MaxLanes plus slack.</summary>
    public static float[] Shifts(ChannelAffine affine)
    {
        var packed = new float[RoundUp(affine.Channels) + Simd.MaxLanes];
        for (int c = 0; c < affine.Channels; c++) packed[c] = (float)affine.Shift(c);
        return packed;
    }

    /// <summary>The scales, zero-padded like <see cref="Shifts"/> (for a standalone batch norm).</summary>
    public static float[] Scales(ChannelAffine affine)
    {
        var packed = new float[RoundUp(affine.Channels) + Simd.MaxLanes];
        for (int c = 0; c < affine.Channels; c++) packed[c] = (float)affine.Scale(c);
        return packed;
    }

    private static int RoundUp(int channels) => (channels + Simd.MaxLanes - 1) / Simd.MaxLanes * Simd.MaxLanes;

    private static void CheckLength(float[] weights, long expected)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Length != expected)
            throw new ArgumentException($"The weight tensor must have {expected} values, got {weights.Length}.", nameof(weights));
    }
}
