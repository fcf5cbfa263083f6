using System.Globalization;

namespace CnnDsl.Model;

/// <summary>One image's activation shape, NHWC without the batch: height x width x channels.</summary>
internal readonly record struct Shape(int Height, int Width, int Channels)
{
    /// <summary>Number of values, in 64-bit so that absurd definitions cannot overflow.</summary>
    public long Elements => (long)Height * Width * Channels;

    public override string ToString()
        => string.Format(CultureInfo.InvariantCulture, "{0}x{1}x{2}", Height, Width, Channels);

    /// <summary>Parses "HxWxC" (whitespace around the parts allowed, 'x' or 'X'); every part a positive int.</summary>
    public static bool TryParse(string? text, out Shape shape)
    {
        shape = default;
        if (text is null) return false;
        var parts = text.Split('x', 'X');
        if (parts.Length != 3) return false;
        var values = new int[3];
        for (int i = 0; i < 3; i++)
        {
            if (!int.TryParse(parts[i].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out values[i]) || values[i] <= 0)
                return false;
        }
        shape = new Shape(values[0], values[1], values[2]);
        return true;
    }
}
