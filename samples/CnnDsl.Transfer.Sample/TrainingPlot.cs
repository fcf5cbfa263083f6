using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CnnDsl.Vision;

namespace CnnDsl.Transfer.Sample;

/// <summary>Training loss and held-out accuracy per epoch of each run, as two PNG charts (ScottPlot).</summary>
internal static class TrainingPlot
{
    private const string Font = "DejaVu Sans";
    private const string DejaVu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    /// <summary>Writes <c>{prefix}-loss.png</c> and <c>{prefix}-accuracy.png</c> and returns their paths.</summary>
    public static (string Loss, string Accuracy) Save(IReadOnlyList<(string Name, IReadOnlyList<EpochResult> History)> runs, string prefix)
    {
        // Skia without fontconfig finds no default font; register a common one when the machine has it.
        bool font = File.Exists(DejaVu);
        if (font) ScottPlot.Fonts.AddFontFile(Font, DejaVu);
        string loss = Chart(runs, e => e.Loss, "Training loss per epoch", "cross-entropy", prefix + "-loss.png", font);
        string accuracy = Chart(runs, e => 100 * e.ValidationAccuracy, "Validation accuracy per epoch", "top-1 %", prefix + "-accuracy.png", font);
        return (loss, accuracy);
    }

    private static string Chart(IReadOnlyList<(string Name, IReadOnlyList<EpochResult> History)> runs, Func<EpochResult, double> value, string title, string axis, string path, bool font)
    {
        var plot = new ScottPlot.Plot();
        foreach (var (name, history) in runs)
        {
            var line = plot.Add.Scatter(history.Select(e => (double)(e.Epoch + 1)).ToArray(), history.Select(value).ToArray());
            line.LegendText = name;
        }
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel(axis);
        if (font) plot.Font.Set(Font);
        plot.ShowLegend();
        plot.SavePng(path, 700, 420);
        return path;
    }
}
