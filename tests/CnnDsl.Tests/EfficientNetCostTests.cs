using System.Linq;
using CnnDsl.Zoo;

namespace CnnDsl.Tests;

/// <summary>EfficientNet's compile-time constants against the paper (Tan and Le 2019) and an independent recount.</summary>
public class EfficientNetCostTests
{
    [Fact]
    public void B0_matches_the_paper()
    {
        Assert.InRange(EfficientNetB0.MultiplyAdds, 0.385e9, 0.395e9); // Table 2: 0.39B FLOPS (multiply-adds)
        Assert.InRange(EfficientNetB0.Parameters, 5.2e6, 5.35e6);      // 5.3M (5.29M with unfolded batch norm)
        Assert.Equal("224x224x3", EfficientNetB0.InputShape);
        Assert.Equal(1000, EfficientNetB0.OutputLength);
    }

    [Fact]
    public void B0_matches_the_independent_recount_exactly()
    {
        var (macs, parameters) = EfficientNetCostReference.Count(1.0, 1.0, 224);
        Assert.Equal(EfficientNetB0.MultiplyAdds, macs);
        Assert.Equal(EfficientNetB0.Parameters, parameters);
    }

    [Fact]
    public void Squeeze_excite_lowers_to_pool_two_1x1_convs_and_a_channel_scale()
    {
        // Block 2.1: 16 input channels, expanded to 96, squeezed to max(1, int(16 * 0.25)) = 4 (input channels, not expanded).
        var reduce = Assert.Single(EfficientNetB0.Graph, n => n.Name == "mbconv2.1.se.reduce");
        var expand = Assert.Single(EfficientNetB0.Graph, n => n.Name == "mbconv2.1.se.expand");
        var scale = Assert.Single(EfficientNetB0.Graph, n => n.Name == "mbconv2.1.se.scale");
        var pool = EfficientNetB0.Graph[reduce.Inputs[0]];
        Assert.Equal(Op.GlobalAvgPool, pool.Op);
        Assert.Equal((Op.Conv, 4, Act.Swish, 96L * 4), (reduce.Op, reduce.Filters, reduce.Act, reduce.MultiplyAdds));
        Assert.Equal((Op.Conv, 96, Act.Sigmoid, 4L * 96), (expand.Op, expand.Filters, expand.Act, expand.MultiplyAdds));
        Assert.Equal(Op.Scale, scale.Op);
        Assert.Equal(new[] { pool.Inputs[0], expand.Id }, scale.Inputs);
        Assert.Equal(0L, scale.MultiplyAdds);
        Assert.Contains(EfficientNetB0.Tensors, t => t.Name == "mbconv2.1.se.reduce.weight" && t.Shape.SequenceEqual(new[] { 4, 96, 1, 1 }));
        Assert.Contains(EfficientNetB0.Tensors, t => t.Name == "mbconv2.1.se.expand.bias" && t.Shape.SequenceEqual(new[] { 96 }));
    }

    [Fact]
    public void Residual_adds_only_where_stride_is_1_and_channels_match()
    {
        var adds = EfficientNetB0.Graph.Where(n => n.Op == Op.Add).Select(n => n.Name).ToArray();
        // Stages of n blocks contribute n - 1 adds (the first changes channels or stride); MBConv1 16 (32 -> 16) none.
        Assert.Equal(new[] { "mbconv2.2.add", "mbconv3.2.add", "mbconv4.2.add", "mbconv4.3.add", "mbconv5.2.add", "mbconv5.3.add",
            "mbconv6.2.add", "mbconv6.3.add", "mbconv6.4.add" }, adds);
        Assert.DoesNotContain(EfficientNetB0.Graph, n => n.Name == "mbconv1.expand"); // expansion 1: no expand conv
    }
}
