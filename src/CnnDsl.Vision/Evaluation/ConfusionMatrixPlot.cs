using System;
using System.Globalization;
using System.IO;
using SkiaSharp;

namespace CnnDsl.Vision;

/// <summary>
/// Draws a <see cref="ConfusionMatrix"/> as a PNG heat map with ScottPlot: rows actual, columns predicted, each cell shaded
/// by its share of the row (the class's recall on the diagonal), white (0) to dark blue (1), with its count. Class
/// names and counts are drawn with the first font found among common system fonts (DejaVu, Liberation, Noto,
/// Arial); without one the cells are still drawn.
/// </summary>
public static class ConfusionMatrixPlot
{
    /// <summary>The colour of a cell holding <paramref name="share"/> (0..1) of its row.</summary>
    public static SKColor CellColor(double share)
    {
        double t = Math.Clamp(double.IsNaN(share) ? 0 : share, 0, 1);
        return new SKColor((byte)Math.Round(255 - t * (255 - 8)), (byte)Math.Round(255 - t * (255 - 48)), (byte)Math.Round(255 - t * (255 - 107)));
    }

    /// <summary>Writes the PNG to <paramref name="path"/>; <paramref name="cell"/> is a cell's side in pixels.</summary>
    public static void SavePng(ConfusionMatrix matrix, string path, int cell = 48)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = File.Create(path);
        WritePng(matrix, file, cell);
    }

    /// <summary>Writes the PNG to <paramref name="stream"/>.</summary>
    public static void WritePng(ConfusionMatrix matrix, Stream stream, int cell = 48)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(stream);
        if (cell < 8) throw new ArgumentOutOfRangeException(nameof(cell), $"A cell needs at least 8 pixels; got {cell}.");
        int n = matrix.Classes;
        var (margin, fontName, fontSize) = Layout(matrix, cell);
        int width = margin + n * cell + cell / 2, height = margin + n * cell + cell;

        // ScottPlot draws it: a fixed data area of n x n cells (so a cell's pixels are known, see CellOrigin), one
        // rectangle and one count per cell, class names as the ticks of the left (actual) and bottom (predicted) axes.
        var plot = new ScottPlot.Plot();
        plot.Layout.Fixed(new ScottPlot.PixelPadding(margin, cell / 2, margin, cell));
        plot.Axes.SetLimits(0, n, n, 0); // row 0 at the top
        var grid = ScottPlot.Color.FromARGB(0xFFC8C8C8);
        for (int a = 0; a < n; a++)
        {
            long support = matrix.Support(a);
            for (int p = 0; p < n; p++)
            {
                double share = support == 0 ? 0 : matrix[a, p] / (double)support;
                var color = CellColor(share);
                var rectangle = plot.Add.Rectangle(p, p + 1, a + 1, a);
                rectangle.FillStyle.Color = new ScottPlot.Color(color.Red, color.Green, color.Blue);
                rectangle.LineStyle.Color = grid;
                rectangle.LineStyle.Width = 1;
                rectangle.LineStyle.AntiAlias = false;
                if (fontName is null) continue;
                var count = plot.Add.Text(matrix[a, p].ToString(CultureInfo.InvariantCulture), p + 0.5, a + 0.5);
                count.LabelAlignment = ScottPlot.Alignment.MiddleCenter;
                count.LabelFontName = fontName;
                count.LabelFontSize = fontSize;
                count.LabelFontColor = share > 0.5 ? ScottPlot.Colors.White : ScottPlot.Colors.Black;
            }
        }
        double[] centres = new double[n];
        for (int c = 0; c < n; c++) centres[c] = c + 0.5;
        string[] names = new string[n];
        for (int c = 0; c < n; c++) names[c] = matrix.ClassNames[c];
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(centres, names);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(centres, names);
        plot.Axes.Bottom.TickLabelStyle.Rotation = 90;
        plot.Axes.Bottom.TickLabelStyle.Alignment = ScottPlot.Alignment.MiddleLeft;
        plot.Axes.Top.TickGenerator = new ScottPlot.TickGenerators.NumericManual([], []);
        plot.Axes.Right.TickGenerator = new ScottPlot.TickGenerators.NumericManual([], []);
        plot.Title("rows: actual class, columns: predicted class");
        plot.Grid.IsVisible = false;
        if (fontName is not null)
        {
            plot.Font.Set(fontName);
            foreach (var axis in new ScottPlot.IAxis[] { plot.Axes.Left, plot.Axes.Bottom })
            {
                axis.TickLabelStyle.FontSize = fontSize;
            }
            plot.Axes.Title.Label.FontSize = fontSize;
        }
        byte[] png = plot.GetImageBytes(width, height, ScottPlot.ImageFormat.Png);
        stream.Write(png);
    }

    /// <summary>The margin left of and below the cells, and the font (null when no font file was found).</summary>
    private static (int Margin, string? FontName, float FontSize) Layout(ConfusionMatrix matrix, int cell)
    {
        using var typeface = PlotFont.File is { } file ? SKTypeface.FromFile(file) : null;
        if (typeface is null) return (cell / 2, null, 0);
        using var font = new SKFont(typeface, cell * 0.28f);
        int margin = (int)Math.Ceiling(Math.Max(cell * 1.5, MaxNameWidth(matrix, font) + cell * 0.6));
        return (margin, PlotFont.Name, font.Size);
    }

    /// <summary>Where a cell's top-left corner is in the PNG written with <paramref name="cell"/> pixels per cell.</summary>
    public static (int X, int Y) CellOrigin(ConfusionMatrix matrix, int actual, int predicted, int cell = 48)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int margin = Layout(matrix, cell).Margin;
        return (margin + predicted * cell, cell + actual * cell);
    }

    private static float MaxNameWidth(ConfusionMatrix matrix, SKFont font)
    {
        float widest = 0;
        foreach (string name in matrix.ClassNames) widest = Math.Max(widest, font.MeasureText(name));
        return widest;
    }
}
