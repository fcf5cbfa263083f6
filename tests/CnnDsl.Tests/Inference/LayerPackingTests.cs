using System;
using CnnDsl.Kernels;
using CnnDsl.Zoo;
using Xunit;

namespace CnnDsl.Tests.Inference;

/// <summary>
/// A generated constructor's packing names only the layer; the shape comes from its node in the graph. A name the
/// graph does not hold, or a node of another operation, is refused with the name, before anything is packed.
/// </summary>
public class LayerPackingTests
{
    [Fact]
    public void A_layer_the_graph_does_not_hold_is_refused_with_its_name()
    {
        var weights = new MobileNetV2.Weights();
        var error = Assert.Throws<ArgumentException>(() => LayerPacking.Conv(weights, "conv9", 8, out _));
        Assert.Contains("'conv9'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_layer_of_another_operation_is_refused_with_both_operations()
    {
        var weights = new MobileNetV2.Weights();
        var error = Assert.Throws<ArgumentException>(() => LayerPacking.Depthwise(weights, "conv1", out _));
        Assert.Contains("'conv1' is a Conv node", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a DepthwiseConv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_convolution_packs_as_the_explicit_call_with_its_bias()
    {
        // The statement the generator wrote before: the layer's tensors and shape spelled out.
        var weights = new MobileNetV2.Weights();
        weights.InitializeRandom(3);
        for (int c = 0; c < 32; c++) weights["conv1.bias"][c] = 0.25f * c;
        var expected = WeightPacking.ConvPairedBlocks(weights["conv1.weight"], new ChannelAffine(32).AddBias(weights["conv1.bias"]), 32, 3, 3, 3, 8, out var expectedShifts);
        var packed = LayerPacking.Conv(weights, "conv1", 8, out var shifts);
        // Compared from each buffer's aligned start (two allocations may start at different offsets).
        Assert.Equal(AlignedBuffer.Span(expected).ToArray(), AlignedBuffer.Span(packed).ToArray());
        Assert.Equal(AlignedBuffer.Span(expectedShifts).ToArray(), AlignedBuffer.Span(shifts).ToArray());
    }
}
