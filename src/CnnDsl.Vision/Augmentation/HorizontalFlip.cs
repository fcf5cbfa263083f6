using System;

namespace CnnDsl.Vision;

/// <summary>Mirrors the image left-right with probability <see cref="Probability"/> (AlexNet's horizontal reflections).</summary>
public sealed class HorizontalFlip : IAugmentation
{
    /// <summary>A flip applied with probability <paramref name="probability"/>.</summary>
    public HorizontalFlip(double probability = 0.5)
    {
        if (!(probability >= 0 && probability <= 1)) throw new ArgumentOutOfRangeException(nameof(probability), $"A probability is in [0, 1]; got {probability}.");
        Probability = probability;
    }

    /// <summary>The chance of a flip.</summary>
    public double Probability { get; }

    /// <inheritdoc/>
    public void Apply(ImageData image, Random random)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(random);
        if (random.NextDouble() < Probability) Crop.MirrorInPlace(image.Pixels, image.Width, image.Height, image.Channels);
    }
}
