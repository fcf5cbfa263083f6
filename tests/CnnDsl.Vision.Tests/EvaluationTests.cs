using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using SkiaSharp;

namespace CnnDsl.Vision.Tests;

public class EvaluationTests
{
    private static readonly string[] Names = ["ant", "bee", "cow", "dog", "eel", "fox", "gnu"];

    [Fact]
    public void Top1_top5_precision_and_recall_match_a_direct_count()
    {
        var random = new Random(1);
        var metrics = new ClassificationMetrics(Names);
        int n = 500, classes = Names.Length;
        var labels = new int[n];
        var scores = new float[n][];
        for (int i = 0; i < n; i++)
        {
            labels[i] = random.Next(classes);
            scores[i] = [.. Enumerable.Range(0, classes).Select(c => (float)(random.NextDouble() + (c == labels[i] ? 0.4 : 0)))];
            metrics.Add(scores[i], labels[i]);
        }
        int[] predicted = [.. scores.Select(s => Array.IndexOf(s, s.Max()))];
        Assert.Equal(Enumerable.Range(0, n).Count(i => predicted[i] == labels[i]) / (double)n, metrics.Top1, 12);
        int Rank(int i) => scores[i].Count(v => v > scores[i][labels[i]]);
        Assert.Equal(Enumerable.Range(0, n).Count(i => Rank(i) < 5) / (double)n, metrics.TopK, 12);
        for (int c = 0; c < classes; c++)
        {
            int tp = Enumerable.Range(0, n).Count(i => predicted[i] == c && labels[i] == c);
            Assert.Equal(tp / (double)predicted.Count(p => p == c), metrics.Confusion.Precision(c), 12);
            Assert.Equal(tp / (double)labels.Count(l => l == c), metrics.Confusion.Recall(c), 12);
            for (int p = 0; p < classes; p++)
                Assert.Equal(Enumerable.Range(0, n).Count(i => labels[i] == c && predicted[i] == p), metrics.Confusion[c, p]);
        }
        Assert.Contains("accuracy", metrics.Confusion.ToString());
        Assert.True(double.IsNaN(new ConfusionMatrix(Names).Precision(0)));
    }

    [Fact]
    public void Confusion_png_shades_each_cell_by_its_row_share()
    {
        var matrix = new ConfusionMatrix(Names[..3]);
        int[,] counts = { { 10, 0, 0 }, { 3, 6, 1 }, { 0, 5, 5 } };
        for (int a = 0; a < 3; a++) for (int p = 0; p < 3; p++) for (int k = 0; k < counts[a, p]; k++) matrix.Add(a, p);
        using var folder = new TestImages.TempFolder();
        string path = folder.File("confusion.png");
        ConfusionMatrixPlot.SavePng(matrix, path, cell: 40);
        using var bitmap = SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        for (int a = 0; a < 3; a++)
            for (int p = 0; p < 3; p++)
            {
                var (x, y) = ConfusionMatrixPlot.CellOrigin(matrix, a, p, cell: 40);
                var pixel = bitmap.GetPixel(x + 3, y + 3); // inside the cell, away from the grid line and the count
                double share = counts[a, p] / 10.0;
                byte expectedRed = (byte)Math.Round(255 - share * (255 - 8));
                Assert.InRange(pixel.Red, expectedRed - 1, expectedRed + 1);
            }
    }

    [Fact]
    public void Training_history_charts_draw_one_line_per_run_in_its_own_colour()
    {
        static EpochResult Epoch(int e, double loss, double accuracy) => new(e, 10, loss, 0.5, loss, accuracy, TimeSpan.FromSeconds(1), false);
        IReadOnlyList<EpochResult> first = [Epoch(0, 2.0, 0.3), Epoch(1, 1.0, 0.6), Epoch(2, 0.5, 0.8)];
        IReadOnlyList<EpochResult> second = [Epoch(0, 1.5, 0.5), Epoch(1, 1.2, 0.55)];
        using var folder = new TestImages.TempFolder();
        string loss = folder.File("loss.png"), accuracy = folder.File("accuracy.png");
        TrainingHistoryPlot.SavePng([("a", first), ("b", second)], loss, accuracy, 400, 300);
        foreach (string path in new[] { loss, accuracy })
        {
            using var bitmap = SKBitmap.Decode(path);
            Assert.Equal((400, 300), (bitmap.Width, bitmap.Height));
            // Two runs give two distinct saturated line colours (ScottPlot's palette); axes and text are grey or black.
            var colours = new System.Collections.Generic.HashSet<SKColor>();
            for (int y = 0; y < bitmap.Height; y++)
                for (int x = 0; x < bitmap.Width; x++)
                {
                    var c = bitmap.GetPixel(x, y);
                    if (Math.Max(c.Red, Math.Max(c.Green, c.Blue)) - Math.Min(c.Red, Math.Min(c.Green, c.Blue)) > 100) colours.Add(new SKColor((byte)(c.Red / 32 * 32), (byte)(c.Green / 32 * 32), (byte)(c.Blue / 32 * 32)));
                }
            Assert.True(colours.Count >= 2, $"{path}: {colours.Count} saturated colour(s)");
        }
    }

    [Fact]
    public void Mermaid_diagram_has_a_box_per_node_and_an_arrow_per_input()
    {
        var graph = TinyLogits.Graph;
        string text = MermaidDiagram.FromGraph(graph, "TinyLogits");
        Assert.StartsWith("---\ntitle: TinyLogits\n---\nflowchart TD\n", text);
        var boxes = Regex.Matches(text, @"^  n(\d+)\[""(.*)""\]$", RegexOptions.Multiline);
        Assert.Equal(graph.Count, boxes.Count);
        foreach (Match box in boxes)
        {
            var node = graph[int.Parse(box.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)];
            Assert.Contains(node.Name, box.Groups[2].Value);
            Assert.Contains(node.Output.ToString(), box.Groups[2].Value);
        }
        var arrows = Regex.Matches(text, @"^  n(\d+) --> n(\d+)$", RegexOptions.Multiline)
            .Select(m => (int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))).ToHashSet();
        Assert.Equal(graph.SelectMany(n => n.Inputs.Select(i => (i, n.Id))).ToHashSet(), arrows);
        var conv = graph.Single(n => n.Op == Op.Conv);
        Assert.Contains($"Conv 3x3/1, 8 + Relu<br/>{conv.Output}<br/>{conv.MultiplyAdds / 1e3:0.##}K MACs", text);
    }
}
