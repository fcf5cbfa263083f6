using System;
using System.Runtime.CompilerServices;
using CnnDsl.Kernels;
using Xunit;

namespace CnnDsl.Tests.Inference;

/// <summary>
/// Packed weights start on a 64-byte boundary (a weight vector never straddles two cache lines) and hold, from that
/// start, the values their layout documents: checked here from the definitions (index arithmetic written out), not
/// through the generated code that reads them.
/// </summary>
public class AlignedWeightsTests
{
    private static readonly Random Random = new(5);

    [Theory]
    [InlineData(3, 1)]
    [InlineData(37, 5)]
    [InlineData(240, 25)]
    public void Depthwise_weights_start_aligned_and_hold_each_tap_channel_by_channel(int channels, int taps)
    {
        var weights = Values(channels * taps);
        var affine = Affine(channels);
        var packed = WeightPacking.Depthwise(weights, affine, channels, taps == 25 ? 5 : 1, taps == 25 ? 5 : taps, out var shifts);
        int stride = (channels + 15) / 16 * 16;
        var start = Aligned(packed);
        for (int c = 0; c < channels; c++)
        {
            for (int t = 0; t < taps; t++)
                Assert.Equal((float)(weights[(c * taps) + t] * affine.Scale(c)), start[(t * stride) + c]);
            Assert.Equal((float)affine.Shift(c), Aligned(shifts)[c]);
        }
    }

    [Theory]
    [InlineData(5, 3, 3, 16)]
    [InlineData(64, 32, 1, 16)]
    [InlineData(40, 7, 3, 8)]
    public void Convolution_weights_start_aligned_and_hold_block_pairs_tap_by_tap(int outChannels, int inChannels, int kernel, int lanes)
    {
        var weights = Values(outChannels * inChannels * kernel * kernel);
        var affine = Affine(outChannels);
        var packed = WeightPacking.ConvPairedBlocks(weights, affine, outChannels, inChannels, kernel, kernel, lanes, out var shifts);
        var start = Aligned(packed);
        int taps = kernel * kernel * inChannels, blocks = (outChannels + lanes - 1) / lanes;
        for (int o = 0; o < outChannels; o++)
        {
            int block = o / lanes;
            bool paired = (block ^ 1) < blocks;
            int first = paired ? block & ~1 : block;
            int pitch = paired ? 2 * lanes : lanes;
            int lane = (paired ? (block - first) * lanes : 0) + (o % lanes);
            for (int ci = 0; ci < inChannels; ci++)
                for (int kh = 0; kh < kernel; kh++)
                    for (int kw = 0; kw < kernel; kw++)
                    {
                        int tap = ((kh * kernel) + kw) * inChannels + ci;
                        float expected = (float)(weights[(((o * inChannels) + ci) * kernel + kh) * kernel + kw] * affine.Scale(o));
                        Assert.Equal(expected, start[(first * taps * lanes) + (tap * pitch) + lane]);
                    }
        }
        Aligned(shifts);
    }

    /// <summary>The values from the buffer's aligned start, after checking that start is on a 64-byte boundary.</summary>
    private static unsafe Span<float> Aligned(float[] buffer)
    {
        ref float start = ref AlignedBuffer.Start(buffer);
        Assert.Equal(0, (long)((nuint)Unsafe.AsPointer(ref start) % 64));
        long offset = Unsafe.ByteOffset(ref buffer[0], ref start) / sizeof(float);
        return buffer.AsSpan((int)offset);
    }

    private static float[] Values(int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (float)((Random.NextDouble() * 2) - 1);
        return values;
    }

    private static ChannelAffine Affine(int channels)
    {
        var bias = Values(channels);
        var gamma = Values(channels);
        var beta = Values(channels);
        var mean = Values(channels);
        var variance = new float[channels];
        for (int c = 0; c < channels; c++) variance[c] = 0.5f + c;
        return new ChannelAffine(channels).AddBias(bias).FoldBatchNorm(gamma, beta, mean, variance, 1e-5f);
    }
}
