using System;
using CnnDsl.Kernels;
using CnnDsl.Tests.Inference;

namespace CnnDsl.Tests.Training;

/// <summary>
/// Training's packing of Winograd weights into its own buffers (F(2x2,3x3), F(4x4,3x3), F(2x2,5x5), F(4,7)): the
/// forward's weights as inference packs them (whose results the inference tests check against ONNX Runtime), and the
/// input gradient's as inference would pack the layer's transposed, rotated filters, which the test builds itself. The gradients themselves are checked against the
/// reference backward (<see cref="GeneratedTrainingTests"/>).
/// </summary>
public class WinogradPackingTests
{
    [Theory]
    [InlineData("F2", 1)]
    [InlineData("F2", 4)]
    [InlineData("F2", 16)]
    [InlineData("F4", 8)]
    [InlineData("F4", 16)]
    [InlineData("5x5", 1)]
    [InlineData("5x5", 8)]
    [InlineData("5x5", 16)]
    [InlineData("F(4,7)", 1)]
    [InlineData("F(4,7)", 4)]
    [InlineData("F(4,7)", 16)]
    public void Packed_into_a_buffer_as_inference_packs_the_forward_and_the_transposed_rotated_filters(string tile, int lanes)
    {
        // F(2x2,3x3), F(4x4,3x3), F(2x2,5x5) and F(4,7) (a 1 x 7 or 7 x 1 kernel: 7 taps in a row either way).
        const int outC = 33, inC = 37;
        int taps = tile switch { "5x5" => 25, "F(4,7)" => 7, _ => 9 };
        float[] w = RandomWeights.Input(outC * inC * taps, tile.Length * 100 + lanes);
        // Rotated 180 degrees: row-major taps in reverse order (a 5x5's tap (r, c) from (4 - r, 4 - c); a line's reversed).
        var rotated = new float[w.Length];
        for (int o = 0; o < outC; o++)
        for (int i = 0; i < inC; i++)
        for (int t = 0; t < taps; t++)
            rotated[((i * outC) + o) * taps + t] = w[((o * inC) + i) * taps + (taps - 1 - t)];
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

    private static float[] Inference(float[] w, int outC, int inC, string tile, int lanes)
    {
        var affine = new ChannelAffine(outC);
        var packed = tile switch
        {
            "F4" => Winograd4Weights.Pack(w, affine, outC, inC, lanes, out _),
            "5x5" => Winograd5x5Weights.Pack(w, affine, outC, inC, lanes, out _),
            "F(4,7)" => WinogradLineWeights.Pack(w, affine, outC, inC, 4, 7, lanes, out _),
            _ => WinogradWeights.Pack(w, affine, outC, inC, lanes, out _),
        };
        int positions = tile switch { "F4" or "5x5" => 36, "F(4,7)" => 10, _ => 16 };
        return AlignedBuffer.Span(packed)[..WinogradWeights.PackedLength(outC, inC, lanes, positions)].ToArray();
    }

    private static void Pack(float[] w, int outC, int inC, bool transposed, string tile, int lanes, float[] into)
    {
        switch (tile)
        {
            case "F4": Winograd4Weights.PackInto(w, outC, inC, transposed, lanes, into); break;
            case "5x5": Winograd5x5Weights.PackInto(w, outC, inC, transposed, lanes, into); break;
            case "F(4,7)": WinogradLineWeights.PackInto(w, outC, inC, 4, 7, transposed, lanes, into); break;
            default: WinogradWeights.PackInto(w, outC, inC, transposed, lanes, into); break;
        }
    }

    [Fact]
    public void A_line_tile_the_kernel_does_not_run_is_refused_with_its_numbers()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => WinogradLineWeights.PackInto(new float[4 * 4 * 3], 4, 4, 2, 3, true, 1, new float[1024]));
        Assert.Contains("F(2, 3)", error.Message, StringComparison.Ordinal);
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
