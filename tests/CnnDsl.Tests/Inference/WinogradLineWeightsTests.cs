using System;
using CnnDsl.Kernels;
using Xunit;

namespace CnnDsl.Tests.Inference;

/// <summary>Packing for the one-dimensional Winograd kernel refuses what it cannot pack, naming what it expected.</summary>
public class WinogradLineWeightsTests
{
    [Fact]
    public void A_tensor_of_the_wrong_length_is_refused_with_the_expected_count()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            WinogradLineWeights.Pack(new float[(40 * 32 * 7) - 1], new ChannelAffine(40), 40, 32, 4, 7, 16, out _));
        Assert.Contains("8960", error.Message, StringComparison.Ordinal);
        Assert.Contains("8959", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, 7)]
    [InlineData(4, 3)]
    [InlineData(4, 5)]
    public void A_tile_the_kernel_does_not_run_is_refused(int outputs, int taps)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            WinogradLineWeights.Pack(new float[40 * 32 * taps], new ChannelAffine(40), 40, 32, outputs, taps, 16, out _));
        Assert.Contains("F(" + outputs + ", " + taps + ")", error.Message, StringComparison.Ordinal);
    }
}
