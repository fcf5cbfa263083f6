using System;
using System.IO;
using CnnDsl.Tests.Onnx;
using CnnDsl.Zoo;

namespace CnnDsl.Tests;

/// <summary>
/// <c>Summary()</c> is laid out at run time from <c>Layers</c>, <c>Graph</c> and the arguments the generator writes:
/// the table must read exactly as the text the generator used to write whole (Summaries/MobileNetV2.txt is that text,
/// from the golden file of then).
/// </summary>
public class SummaryLayoutTests
{
    [Fact]
    public void MobileNetV2_reads_as_the_text_the_generator_wrote()
    {
        string expected = File.ReadAllText(TestAssets.RepoFile("tests", "CnnDsl.Tests", "Summaries", "MobileNetV2.txt")).Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Equal(expected, MobileNetV2.Summary());
    }

    [Fact]
    public void Columns_take_their_widest_cell_numbers_align_right_and_lines_have_no_trailing_spaces()
    {
        string table = SummaryLayout.Table("T", "end\n",
            "a (Conv)", "3x3", "8x8x4", "1,000", "12", "50.0%",
            "  inner", "", "8x8x4", "7", "123,456", "");
        string[] lines = table.Split('\n');
        Assert.Equal("T", lines[0]);
        Assert.Equal("Layer (type)  Arguments  Output shape  Params     MACs  Share", lines[2]);
        Assert.Equal("a (Conv)      3x3        8x8x4          1,000       12  50.0%", lines[4]);
        Assert.Equal("  inner                  8x8x4              7  123,456", lines[5]);
        Assert.Equal(new string('=', lines[2].Length), lines[1]);
        Assert.Equal(new string('-', lines[2].Length), lines[3]);
        Assert.Equal(lines[1], lines[6]);
        Assert.Equal("end", lines[7]);
        Assert.Equal("", lines[8]);
    }

    [Fact]
    public void Node_ranges_or_arguments_that_do_not_match_the_layers_are_refused()
    {
        // MobileNetV2's first layer is conv1 (node 1 alone), its second invres1 (nodes 2 and 3).
        var layers = new[] { MobileNetV2.Layers[0], MobileNetV2.Layers[1] };
        var error = Assert.Throws<ArgumentException>(() => SummaryLayout.Table("T", "", 1, layers, MobileNetV2.Graph, new[] { 1, 1 }, "a", "b"));
        Assert.Equal("layerNodes", error.ParamName);
        error = Assert.Throws<ArgumentException>(() => SummaryLayout.Table("T", "", 1, layers, MobileNetV2.Graph, new[] { 1, 1, 2, 2 }, "a"));
        Assert.Equal("nodeArguments", error.ParamName);
        error = Assert.Throws<ArgumentException>(() => SummaryLayout.Table("T", "", 1, layers, MobileNetV2.Graph, new[] { 1, 1, 2, 2 }, "a", "b", "c"));
        Assert.Equal("nodeArguments", error.ParamName);
        Assert.Contains("  dw", SummaryLayout.Table("T", "", 1, layers, MobileNetV2.Graph, new[] { 1, 1, 2, 2 }, "a", "b"), StringComparison.Ordinal);
    }

    [Fact]
    public void Cells_that_do_not_fill_whole_rows_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => SummaryLayout.Table("T", "", "a", "b", "c"));
        Assert.Equal("cells", error.ParamName);
        Assert.Contains("6 a row", error.Message, StringComparison.Ordinal);
    }
}
