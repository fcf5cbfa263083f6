using System;

namespace CnnDsl.Vision;

/// <summary>
/// Colour shifting: brightness, contrast and saturation jitter (torchvision's <c>ColorJitter</c> definitions, in
/// this fixed order) and per-channel offsets, each factor drawn uniformly per image. On 0..255 RGB values, clamped
/// to 0..255 after each step:
/// brightness <c>x * b</c>; contrast <c>m + c (x - m)</c> with m the image's mean gray level; saturation
/// <c>g + s (x - g)</c> with g the pixel's gray level (ITU-R 601: 0.299 R + 0.587 G + 0.114 B); offsets
/// <c>x + o_ch</c>. Factors b, c, s are uniform in [1 - jitter, 1 + jitter]; offsets uniform in [-shift, shift].
/// </summary>
public sealed class ColorJitter : IAugmentation
{
    /// <summary>Jitter amounts; zero turns a part off.</summary>
    public ColorJitter(double brightness = 0, double contrast = 0, double saturation = 0, double channelShift = 0)
    {
        if (brightness < 0 || brightness > 1 || contrast < 0 || contrast > 1 || saturation < 0 || saturation > 1)
            throw new ArgumentOutOfRangeException(nameof(brightness), $"Brightness, contrast and saturation jitter are in [0, 1]; got {brightness}, {contrast}, {saturation}.");
        if (channelShift < 0) throw new ArgumentOutOfRangeException(nameof(channelShift), $"The channel shift cannot be negative; got {channelShift}.");
        (Brightness, Contrast, Saturation, ChannelShift) = (brightness, contrast, saturation, channelShift);
    }

    /// <summary>Brightness factor range: 1 ± this.</summary>
    public double Brightness { get; }
    /// <summary>Contrast factor range: 1 ± this.</summary>
    public double Contrast { get; }
    /// <summary>Saturation factor range: 1 ± this.</summary>
    public double Saturation { get; }
    /// <summary>Per-channel offset range: ± this (0..255 units).</summary>
    public double ChannelShift { get; }

    /// <summary>The factors for one image, drawn as <see cref="Apply(ImageData, Random)"/> draws them.</summary>
    public ColorJitterFactors Draw(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        float Factor(double jitter) => (float)(1 + jitter * (2 * random.NextDouble() - 1));
        float Offset() => (float)(ChannelShift * (2 * random.NextDouble() - 1));
        float b = Factor(Brightness), c = Factor(Contrast), s = Factor(Saturation);
        float r = Offset(), g = Offset(), bl = Offset();
        return new ColorJitterFactors(b, c, s, r, g, bl);
    }

    /// <inheritdoc/>
    public void Apply(ImageData image, Random random) => Apply(image, Draw(random));

    /// <summary>Applies given factors (RGB images).</summary>
    public static void Apply(ImageData image, ColorJitterFactors f)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Channels != 3) throw new ArgumentException($"Colour jitter needs an RGB image; this one has {image.Channels} channels.", nameof(image));
        Span<float> p = image.Pixels;
        double graySum = 0;
        for (int i = 0; i < p.Length; i += 3)
        {
            for (int c = 0; c < 3; c++) p[i + c] = Clamp(p[i + c] * f.Brightness);
            graySum += Gray(p[i], p[i + 1], p[i + 2]);
        }
        float mean = (float)(graySum / (p.Length / 3));
        for (int i = 0; i < p.Length; i += 3)
        {
            for (int c = 0; c < 3; c++) p[i + c] = Clamp(mean + f.Contrast * (p[i + c] - mean));
            float gray = Gray(p[i], p[i + 1], p[i + 2]);
            for (int c = 0; c < 3; c++) p[i + c] = Clamp(gray + f.Saturation * (p[i + c] - gray));
            p[i] = Clamp(p[i] + f.OffsetR);
            p[i + 1] = Clamp(p[i + 1] + f.OffsetG);
            p[i + 2] = Clamp(p[i + 2] + f.OffsetB);
        }
    }

    private static float Gray(float r, float g, float b) => 0.299f * r + 0.587f * g + 0.114f * b;

    private static float Clamp(float v) => Math.Clamp(v, 0f, 255f);
}

/// <summary>One image's colour jitter: multiplicative brightness, contrast, saturation; additive channel offsets.</summary>
public readonly record struct ColorJitterFactors(float Brightness, float Contrast, float Saturation, float OffsetR, float OffsetG, float OffsetB);
