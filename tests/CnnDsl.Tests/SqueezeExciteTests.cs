using System.Linq;

namespace CnnDsl.Tests;

/// <summary>A standalone squeeze-and-excitation layer: max(1, int(C * ratio)) squeezed channels of its own input.</summary>
[Network(Input = "7x7x40")]
[SqueezeExcite(0.1, Act = Act.Relu, Name = "se")]
public partial class StandaloneSqueezeExcite { }

public class SqueezeExciteTests
{
    [Fact]
    public void Standalone_layer_keeps_the_shape_and_costs_two_small_dense_layers()
    {
        // int(40 * 0.1) = 4 squeezed channels: 40*4 + 4*40 = 320 multiply-adds, (160 + 4) + (160 + 40) = 364 parameters.
        Assert.Equal("7x7x40", StandaloneSqueezeExcite.OutputShape);
        Assert.Equal(320L, StandaloneSqueezeExcite.MultiplyAdds);
        Assert.Equal(364L, StandaloneSqueezeExcite.Parameters);
        Assert.Equal(new[] { Op.Input, Op.GlobalAvgPool, Op.Conv, Op.Conv, Op.Scale }, StandaloneSqueezeExcite.Graph.Select(n => n.Op));
        Assert.Equal(new[] { "input", "se.pool", "se.reduce", "se.expand", "se.scale" }, StandaloneSqueezeExcite.Graph.Select(n => n.Name));
        Assert.Equal((4, Act.Relu), (StandaloneSqueezeExcite.Graph[2].Filters, StandaloneSqueezeExcite.Graph[2].Act));
        Assert.Equal((40, Act.Sigmoid), (StandaloneSqueezeExcite.Graph[3].Filters, StandaloneSqueezeExcite.Graph[3].Act));
        Assert.Equal(new[] { 0, 3 }, StandaloneSqueezeExcite.Graph[4].Inputs);
    }
}
