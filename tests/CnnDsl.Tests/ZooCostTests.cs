using System.Linq;
using CnnDsl.Zoo;

namespace CnnDsl.Tests;

/// <summary>The compile-time constants of the zoo networks against the papers' published totals.</summary>
public class ZooCostTests
{
    [Fact]
    public void Course_example_matches_the_lecture()
    {
        Assert.Equal(120_422_400L, CourseExample.MultiplyAdds);
        Assert.Equal(12_443_648L, CourseExampleBottleneck.MultiplyAdds);
        Assert.Equal(2_408_448L, CourseExampleBottleneck.Layers[0].MultiplyAdds);
        Assert.Equal(10_035_200L, CourseExampleBottleneck.Layers[1].MultiplyAdds);
    }

    [Theory]
    // GoogLeNet Table 1 "ops" column (5a prints 54M but its own columns recompute to 51.1M).
    [InlineData("inception3a", 128e6, 0.01)]
    [InlineData("inception3b", 304e6, 0.01)]
    [InlineData("inception4a", 73e6, 0.01)]
    [InlineData("inception4b", 88e6, 0.01)]
    [InlineData("inception4c", 100e6, 0.01)]
    [InlineData("inception4d", 119e6, 0.01)]
    [InlineData("inception4e", 170e6, 0.01)]
    [InlineData("inception5a", 51.1e6, 0.01)]
    [InlineData("inception5b", 71e6, 0.01)]
    public void GoogLeNet_inception_rows_match_table_1(string layer, double paperOps, double tolerance)
    {
        var row = Assert.Single(GoogLeNet.Layers, l => l.Name == layer);
        Assert.InRange(row.MultiplyAdds, paperOps * (1 - tolerance), paperOps * (1 + tolerance));
    }

    [Fact]
    public void GoogLeNet_total_matches_the_recomputed_paper_figure()
    {
        // 1.58G recomputed from Table 1; MobileNet V1's Table 8 quotes 1550M.
        Assert.InRange(GoogLeNet.MultiplyAdds, 1.57e9, 1.59e9);
        Assert.Equal("224x224x3", GoogLeNet.InputShape);
        Assert.Equal(1000, GoogLeNet.OutputLength);
    }

    [Fact]
    public void MobileNetV1_matches_the_paper()
    {
        Assert.InRange(MobileNetV1.MultiplyAdds, 568.5e6, 569.5e6); // 569M
        Assert.InRange(MobileNetV1.Parameters, 4.15e6, 4.25e6);     // 4.2M
    }

    [Fact]
    public void MobileNetV2_matches_the_paper()
    {
        Assert.InRange(MobileNetV2.MultiplyAdds, 299.5e6, 301e6);   // 300M (300.8M with the classifier)
        Assert.InRange(MobileNetV2.Parameters, 3.35e6, 3.55e6);     // 3.4M weights (3.47M) plus biases
    }

    [Fact]
    public void ResNet50_matches_the_published_totals()
    {
        // torchvision's resnet50 (stride on the 3x3): 4.09 GFLOPS as multiply-adds, 25,557,032 parameters (conv
        // weights, batch norm scale and shift, classifier). The paper's 3.8G strides the first 1x1 instead.
        Assert.InRange(ResNet50.MultiplyAdds, 4.085e9, 4.095e9);
        Assert.Equal(25_557_032L, ResNet50.Parameters + ResNet50.BatchNormParameters);
        Assert.Equal("224x224x3", ResNet50.InputShape);
        Assert.Equal(1000, ResNet50.OutputLength);
        Assert.Equal(16, ResNet50.Graph.Count(n => n.Op == Op.Add)); // one residual add per bottleneck block, 3+4+6+3
    }

    [Fact]
    public void InceptionV3_matches_the_published_figures()
    {
        // torchvision lists 5.71 G multiply-adds for inception_v3 (the same graph; pools and batch norms cost none).
        Assert.InRange(InceptionV3.MultiplyAdds, 5.70e9, 5.72e9);
        // Keras InceptionV3 reports 23,851,784 parameters: convolution and dense weights and biases (CnnDsl's
        // Parameters), plus per batch-norm channel its beta (Keras's conv2d_bn has no gamma) and the two running
        // statistics. CnnDsl counts a batch norm's scale and shift apart (BatchNormParameters, 2 per channel) and the
        // running statistics not at all, so Keras = Parameters + 3/2 x BatchNormParameters over the 17,216 channels.
        Assert.Equal(23_800_136L, InceptionV3.Parameters);
        Assert.Equal(2L * 17_216, InceptionV3.BatchNormParameters);
        Assert.Equal(23_851_784L, InceptionV3.Parameters + InceptionV3.BatchNormParameters / 2 * 3);
        Assert.Equal("299x299x3", InceptionV3.InputShape);
        Assert.Equal(1000, InceptionV3.OutputLength);
    }

    [Theory]
    // The grid sizes of Table 1 (as Keras builds them): 35x35x288 after the figure-5 modules, 17x17x768 after the
    // figure-6 ones, 8x8x2048 after figure 7.
    [InlineData("mixed2", "35x35x288")]
    [InlineData("mixed3", "17x17x768")]
    [InlineData("mixed7", "17x17x768")]
    [InlineData("mixed8", "8x8x1280")]
    [InlineData("mixed10", "8x8x2048")]
    public void InceptionV3_grids_match_table_1(string layer, string output)
    {
        var row = Assert.Single(InceptionV3.Layers, l => l.Name == layer);
        Assert.Equal(output, row.Output.ToString());
    }

    [Fact]
    public void Summary_lists_every_layer_with_its_share()
    {
        string summary = MobileNetV2.Summary();
        Assert.Contains("300,774,272", summary);
        foreach (var layer in MobileNetV2.Layers) Assert.Contains(layer.Name + " (", summary);
    }
}
