using System.Globalization;

namespace CnnDsl;

/// <summary>One image's tensor shape in NHWC order without the batch: height x width x channels.</summary>
/// <param name="Height">Rows.</param>
/// <param name="Width">Columns.</param>
/// <param name="Channels">Channels (innermost in memory).</param>
public readonly record struct TensorShape(int Height, int Width, int Channels)
{
    /// <summary>Values per image.</summary>
    public int Length => Height * Width * Channels;

    /// <summary>"HxWxC", as attributes write it.</summary>
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"{Height}x{Width}x{Channels}");
}
