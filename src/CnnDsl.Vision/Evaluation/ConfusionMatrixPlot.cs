using System;
using System.Globalization;
using System.IO;
using SkiaSharp;

namespace CnnDsl.Vision;

/// <summary>
/// Draws a <see cref="ConfusionMatrix"/> as a PNG heat map with Skia: rows actual, columns predicted, each cell shaded
/// by its share of the row (the class's recall on the diagonal), white (0) to dark blue (1), with its count. Class
/// names and counts are drawn with the first font found among common system fonts (DejaVu, Liberation, Noto,
/// Arial); without one the cells are still drawn.
/// </summary>
public static class ConfusionMatrixPlot
{
    private static readonly string[] FontFiles =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/Library/Fonts/Arial.ttf",
        "/System/Library/Fonts/Supplemental/Arial.ttf",
        "C:\\Windows\\Fonts\\arial.ttf",
    ];

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
        using var typeface = LoadTypeface();
        using var font = typeface is null ? null : new SKFont(typeface, cell * 0.28f);
        int margin = typeface is null ? cell / 2 : (int)Math.Ceiling(Math.Max(cell * 1.5, MaxNameWidth(matrix, font!) + cell * 0.6));
        int width = margin + n * cell + cell / 2, height = margin + n * cell + cell / 2;

        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var fill = new SKPaint { IsAntialias = false, Style = SKPaintStyle.Fill };
        using var ink = new SKPaint { IsAntialias = true, Color = SKColors.Black };
        using var grid = new SKPaint { IsAntialias = false, Style = SKPaintStyle.Stroke, Color = new SKColor(200, 200, 200), StrokeWidth = 1 };
        for (int a = 0; a < n; a++)
        {
            long support = matrix.Support(a);
            for (int p = 0; p < n; p++)
            {
                double share = support == 0 ? 0 : matrix[a, p] / (double)support;
                var rect = SKRect.Create(margin + p * cell, margin + a * cell, cell, cell);
                fill.Color = CellColor(share);
                canvas.DrawRect(rect, fill);
                canvas.DrawRect(rect, grid);
                if (font is null) continue;
                ink.Color = share > 0.5 ? SKColors.White : SKColors.Black;
                canvas.DrawText(matrix[a, p].ToString(CultureInfo.InvariantCulture), rect.MidX, rect.MidY + font.Size * 0.35f, SKTextAlign.Center, font, ink);
            }
        }
        if (font is not null)
        {
            ink.Color = SKColors.Black;
            for (int c = 0; c < n; c++)
            {
                canvas.DrawText(matrix.ClassNames[c], margin - cell * 0.2f, margin + c * cell + cell / 2f + font.Size * 0.35f, SKTextAlign.Right, font, ink);
                canvas.Save();
                canvas.Translate(margin + c * cell + cell / 2f + font.Size * 0.35f, margin - cell * 0.2f);
                canvas.RotateDegrees(-90);
                canvas.DrawText(matrix.ClassNames[c], 0, 0, SKTextAlign.Left, font, ink);
                canvas.Restore();
            }
            canvas.DrawText("predicted", margin + n * cell / 2f, font.Size * 1.2f, SKTextAlign.Center, font, ink);
            canvas.Save();
            canvas.Translate(font.Size * 1.2f, margin + n * cell / 2f);
            canvas.RotateDegrees(-90);
            canvas.DrawText("actual", 0, 0, SKTextAlign.Center, font, ink);
            canvas.Restore();
        }
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        png.SaveTo(stream);
    }

    /// <summary>Where a cell's top-left corner is in the PNG written with <paramref name="cell"/> pixels per cell.</summary>
    public static (int X, int Y) CellOrigin(ConfusionMatrix matrix, int actual, int predicted, int cell = 48)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        using var typeface = LoadTypeface();
        using var font = typeface is null ? null : new SKFont(typeface, cell * 0.28f);
        int margin = typeface is null ? cell / 2 : (int)Math.Ceiling(Math.Max(cell * 1.5, MaxNameWidth(matrix, font!) + cell * 0.6));
        return (margin + predicted * cell, margin + actual * cell);
    }

    private static float MaxNameWidth(ConfusionMatrix matrix, SKFont font)
    {
        float widest = 0;
        foreach (string name in matrix.ClassNames) widest = Math.Max(widest, font.MeasureText(name));
        return widest;
    }

    private static SKTypeface? LoadTypeface()
    {
        foreach (string path in FontFiles)
        {
            if (!File.Exists(path)) continue;
            var typeface = SKTypeface.FromFile(path);
            if (typeface is not null) return typeface;
        }
        return null;
    }
}
