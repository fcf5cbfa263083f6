using System;
using CnnDsl.Kernels;
using CnnDsl.Tests.Inference;

namespace CnnDsl.Tests.Training;

/// <summary>
/// Training's packing of Winograd weights into its own buffers: the forward's weights as inference packs them (whose
/// results the inference tests check against ONNX Runtime), and the input gradient's as inference would pack the
/// layer's transposed, rotated filters, which the test builds itself. The gradients themselves are checked against the
/// reference backward (<see cref="GeneratedTrainingTests"/>).
/// </summary>
public class WinogradPackingTests
{
    [Theory]
    [InlineData(2, 1)]
    [InlineData(2, 4)]
    [InlineData(2, 16)]
    [InlineData(4, 8)]
    [InlineData(4, 16)]
    public void Packed_into_a_buffer_as_inference_packs_the_forward_and_the_transposed_rotated_filters(int tile, int lanes)
    {
        const int outC = 33, inC = 37;
        float[] w = RandomWeights.Input(outC * inC * 9, tile * 100 + lanes);
        var rotated = new float[w.Length];
        for (int o = 0; o < outC; o++)
        for (int i = 0; i < inC; i++)
        for (int t = 0; t < 9; t++)
            rotated[((i * outC) + o) * 9 + t] = w[((o * inC) + i) * 9 + (8 - t)];
        float[] forward = Inference(w, outC, inC, tile, lanes), backward = Inference(rotated, inC, outC, tile, lanes);
        // Into buffers holding other values: every value the kernel reads is written (padding channels are never stored).
        var into = new float[forward.Length];
        var intoBackward = new float[backward.Length];
        Array.Fill(into, float.NaN);
        Array.Fill(intoBackward, float.NaN);
        Pack(w, outC, inC, false, tile, lanes, into);
        Pack(w, outC, inC, true, tile, lanes, intoBackward);
        AssertReadValues(forward, into, outC, inC, lanes);
        AssertReadValues(backward, intoBackward, inC, outC, lanes);
    }

    private static float[] Inference(float[] w, int outC, int inC, int tile, int lanes)
    {
        var packed = tile == 4 ? Winograd4Weights.Pack(w, new ChannelAffine(outC), outC, inC, lanes, out _) : WinogradWeights.Pack(w, new ChannelAffine(outC), outC, inC, lanes, out _);
        return AlignedBuffer.Span(packed)[..WinogradWeights.PackedLength(outC, inC, lanes, tile == 4 ? 36 : 16)].ToArray();
    }

    private static void Pack(float[] w, int outC, int inC, bool transposed, int tile, int lanes, float[] into)
    {
        if (tile == 4) Winograd4Weights.PackInto(w, outC, inC, transposed, lanes, into);
        else WinogradWeights.PackInto(w, outC, inC, transposed, lanes, into);
    }

    /// <summary>
    /// Equal bits at every packed value of a real output channel: the layout is [position][pair][input][2 x lanes], the
    /// output channel pair x 2 x lanes + lane; padding channels' values are left as they were.
    /// </summary>
    private static void AssertReadValues(float[] expected, float[] actual, int outC, int inC, int lanes)
    {
        int pitch = 2 * lanes, pairs = WinogradWeights.PaddedChannels(outC, lanes) / pitch;
        int real = 0;
        for (int k = 0; k < expected.Length; k++)
        {
            int o = (k / pitch / inC % pairs * pitch) + (k % pitch);
            if (o >= outC) continue;
            real++;
            Assert.True(BitConverter.SingleToInt32Bits(expected[k]) == BitConverter.SingleToInt32Bits(actual[k]), $"value {k} (output channel {o}): {expected[k]} vs {actual[k]}");
        }
        Assert.Equal(expected.Length / WinogradWeights.PaddedChannels(outC, lanes) * outC, real);
    }
}
