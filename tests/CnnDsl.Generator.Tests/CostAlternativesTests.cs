extern alias generator;

using generator::CnnDsl.Model;
using generator::CnnDsl.Operations;

namespace CnnDsl.Generator.Tests;

/// <summary>The shared model's alternative-design arithmetic against hand-worked values and the published rules.</summary>
public class CostAlternativesTests
{
    private static Node Conv(Shape input, Shape output, int kernel, long multiplyAdds)
        => new(1, new ConvOperation(output.Channels, new Window(kernel, kernel, 1, 1, default), true, false, 1e-5f, default), "conv", EquatableArray<int>.Empty, input, output, 0)
        {
            MultiplyAdds = multiplyAdds,
        };

    [Fact]
    public void Bottleneck_cost_of_the_course_example()
    {
        // 28*28*5*5*192*32 = 120,422,400 (the course's 120M).
        var node = Conv(new Shape(28, 28, 192), new Shape(28, 28, 32), 5, 28L * 28 * 5 * 5 * 192 * 32);
        var cost = CostAlternatives.Bottleneck(node, 16);
        Assert.Equal(28L * 28 * 192 * 16, cost.Reduce);       // 2,408,448: the course's 2.4M
        Assert.Equal(28L * 28 * 5 * 5 * 16 * 32, cost.Spatial); // 10,035,200: the course's 10.0M
        Assert.Equal(12_443_648L, cost.Total);
        Assert.InRange(cost.Factor, 9.67, 9.68);
    }

    [Fact]
    public void Bottleneck_with_stride_reduces_at_the_input_resolution()
    {
        // 3x3 stride 2 on 56x56x256 -> 28x28x64: the 1x1 runs on all 56x56 positions, the 3x3 on 28x28.
        var node = Conv(new Shape(56, 56, 256), new Shape(28, 28, 64), 3, 28L * 28 * 9 * 256 * 64);
        var cost = CostAlternatives.Bottleneck(node, 32);
        Assert.Equal(56L * 56 * 256 * 32, cost.Reduce);
        Assert.Equal(28L * 28 * 9 * 32 * 64, cost.Spatial);
    }

    [Fact]
    public void Separable_cost_of_mobilenet_table_3()
    {
        // MobileNet Table 3: 14x14x512 -> 512, 3x3: 462M standard, 52.3M separable.
        var node = Conv(new Shape(14, 14, 512), new Shape(14, 14, 512), 3, 14L * 14 * 9 * 512 * 512);
        var cost = CostAlternatives.Separable(node);
        Assert.Equal(14L * 14 * 9 * 512, cost.Depthwise);
        Assert.Equal(14L * 14 * 512 * 512, cost.Pointwise);
        Assert.Equal(52.3, System.Math.Round(cost.Total / 1e6, 1));
        Assert.Equal(1.0 / (1.0 / 512 + 1.0 / 9), cost.Factor, 9);
    }

    [Theory]
    [InlineData(192, 32, 0.5, 16)]   // the course: min(192, 32) / 2 = 16
    [InlineData(480, 208, 0.5, 104)] // GoogLeNet 4a's 3x3 input and output: 104 (the paper chose 96)
    [InlineData(256, 100, 0.5, 48)]  // 50 rounded down to a multiple of 8
    [InlineData(192, 32, 0.25, 8)]
    [InlineData(64, 12, 0.5, 0)]     // 6 channels: under one multiple of 8, no advice
    [InlineData(16, 64, 0.5, 8)]
    [InlineData(8, 64, 1.0, 0)]      // a bottleneck as wide as the input narrows nothing
    [InlineData(192, 32, 0.0, 0)]
    [InlineData(0, 32, 0.5, 0)]
    public void Bottleneck_width_rule(int inputChannels, int outputChannels, double ratio, int expected)
        => Assert.Equal(expected, CostAlternatives.BottleneckWidth(inputChannels, outputChannels, ratio, 8));

    [Theory]
    // Values of MobileNet's make_divisible(v, 8) = max(8, int(v + 4) // 8 * 8), +8 if that loses over 10%.
    [InlineData(36, 40)]
    [InlineData(20, 24)]
    [InlineData(100, 104)]
    [InlineData(12, 16)]
    [InlineData(3, 8)]
    [InlineData(9, 16)]
    [InlineData(35, 32)]
    [InlineData(32, 32)]
    public void Channel_rounding_is_make_divisible(int channels, int expected)
        => Assert.Equal(expected, CostAlternatives.RoundChannels(channels, 8));

    [Theory]
    [InlineData(36, 8, 4)]
    [InlineData(32, 8, 0)]
    [InlineData(3, 8, 5)]
    [InlineData(24, 16, 8)]
    public void Idle_lane_count(int channels, int lanes, int expected)
        => Assert.Equal(expected, CostAlternatives.IdleLanes(channels, lanes));

    [Theory]
    [InlineData(36, 8, 4.0 / 40)]
    [InlineData(32, 8, 0.0)]
    [InlineData(3, 8, 5.0 / 8)]
    [InlineData(24, 16, 8.0 / 32)]
    public void Idle_lanes(int channels, int lanes, double expected)
        => Assert.Equal(expected, CostAlternatives.IdleLaneFraction(channels, lanes), 12);
}
