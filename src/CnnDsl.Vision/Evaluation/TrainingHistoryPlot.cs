using System;
using System.Collections.Generic;
using System.Linq;

namespace CnnDsl.Vision;

/// <summary>
/// What Keras users plot from <c>fit</c>'s history: the training loss and the validation accuracy of one or more runs
/// of a <see cref="TrainingLoop"/>, per epoch, one line per run, as two PNG charts (ScottPlot).
/// </summary>
public static class TrainingHistoryPlot
{
    /// <summary>Writes the loss chart to <paramref name="lossPath"/> and the accuracy chart to <paramref name="accuracyPath"/>.</summary>
    /// <param name="runs">Each run's name (the legend) and its epochs (<see cref="TrainingLoop.History"/>).</param>
    /// <param name="lossPath">Where the training-loss chart goes.</param>
    /// <param name="accuracyPath">Where the validation-accuracy chart goes.</param>
    /// <param name="width">Width of each chart in pixels.</param>
    /// <param name="height">Height of each chart in pixels.</param>
    public static void SavePng(IReadOnlyList<(string Name, IReadOnlyList<EpochResult> History)> runs, string lossPath, string accuracyPath, int width = 700, int height = 420)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(lossPath);
        ArgumentNullException.ThrowIfNull(accuracyPath);
        Chart(runs, e => e.Loss, "Training loss per epoch", "cross-entropy").SavePng(lossPath, width, height);
        Chart(runs, e => 100 * e.ValidationAccuracy, "Validation accuracy per epoch", "top-1 %").SavePng(accuracyPath, width, height);
    }

    private static ScottPlot.Plot Chart(IReadOnlyList<(string Name, IReadOnlyList<EpochResult> History)> runs, Func<EpochResult, double> value, string title, string axis)
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
        PlotFont.Apply(plot);
        plot.ShowLegend();
        return plot;
    }
}
