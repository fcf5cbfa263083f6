using System;
using System.IO;
using SkiaSharp;

namespace CnnDsl.Vision;

/// <summary>
/// The font the charts draw text with: the first of some common system fonts found, registered with ScottPlot once
/// (Skia without fontconfig has no default font, so without one the charts are drawn without text).
/// </summary>
internal static class PlotFont
{
    public const string Name = "CnnDsl Plot Font";

    private static readonly string[] Files =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/Library/Fonts/Arial.ttf",
        "/System/Library/Fonts/Supplemental/Arial.ttf",
        "C:\\Windows\\Fonts\\arial.ttf",
    ];

    private static readonly Lazy<string?> Registered = new(Register);

    /// <summary>The font file registered under <see cref="Name"/>, or null when none was found.</summary>
    public static string? File => Registered.Value;

    /// <summary>Draws <paramref name="plot"/>'s text with the font, when there is one.</summary>
    public static void Apply(ScottPlot.Plot plot)
    {
        if (File is not null) plot.Font.Set(Name);
    }

    private static string? Register()
    {
        foreach (string file in Files)
        {
            if (!System.IO.File.Exists(file)) continue;
            using var typeface = SKTypeface.FromFile(file);
            if (typeface is null) continue;
            ScottPlot.Fonts.AddFontFile(Name, file);
            return file;
        }
        return null;
    }
}
