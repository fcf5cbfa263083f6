using System;
using CnnDsl.Kernels;

namespace CnnDsl.Training;

/// <summary>
/// The weight layout <see cref="WeightPacking.ConvPairedBlocks(float[], ChannelAffine, int, int, int, int, int)"/> gives
/// <see cref="ConvKernel"/>, written again in place after every update by the training layers: per group, [pair of
/// blocks][tap][2][lanes] (an odd last block alone, [tap][lanes]; block b at b x taps x lanes), a tap being a kernel
/// row, column and input channel in that order. Places past the channels keep the zeros they were allocated with.
/// </summary>
internal static class PairedBlocks
{
    /// <summary>Floats of the layout (a vector of slack included).</summary>
    public static int Length(int groups, int groupOut, int taps, int lanes) => groups * Blocks(groupOut, lanes) * lanes * taps + Simd.MaxLanes;

    /// <summary>
    /// OIHW weights <paramref name="w"/> ([groups x groupOut][groupIn][kernel taps]), or with <paramref name="transposed"/>
    /// a 1x1 layer's weights read the other way round: the input gradient's product, whose output o and input i take
    /// w[i, o] (read along a row of w).
    /// </summary>
    public static void Pack(Span<float> packed, float[] w, int groups, int groupOut, int groupIn, int kernelTaps, int lanes, bool transposed = false)
    {
        int blocks = Blocks(groupOut, lanes), taps = kernelTaps * groupIn;
        for (int g = 0; g < groups; g++)
        for (int b = 0; b < blocks; b += 2)
        {
            int pitch = b + 1 < blocks ? 2 * lanes : lanes;
            int first = b * lanes, width = Math.Min(pitch, groupOut - first);
            var block = packed.Slice((g * blocks + b) * lanes * taps);
            for (int k = 0; k < kernelTaps; k++)
            for (int i = 0; i < groupIn; i++)
            {
                var row = block.Slice((k * groupIn + i) * pitch, width);
                if (transposed) w.AsSpan(i * groupOut + first, width).CopyTo(row);
                else for (int j = 0; j < width; j++) row[j] = w[((g * groupOut + first + j) * groupIn + i) * kernelTaps + k];
            }
        }
    }

    private static int Blocks(int channels, int lanes) => (channels + lanes - 1) / lanes;
}
