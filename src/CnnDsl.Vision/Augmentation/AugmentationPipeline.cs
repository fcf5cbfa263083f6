using System;
using System.Collections.Generic;

namespace CnnDsl.Vision;

/// <summary>Augmentations applied in order, e.g. random-resized crop, mirror, colour jitter, PCA colour.</summary>
public sealed class AugmentationPipeline : IAugmentation
{
    private readonly IAugmentation[] _steps;

    /// <summary>A pipeline of <paramref name="steps"/>, applied first to last.</summary>
    public AugmentationPipeline(params IAugmentation[] steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        for (int i = 0; i < steps.Length; i++)
        {
            if (steps[i] is null) throw new ArgumentNullException(nameof(steps), $"Augmentation step {i} is null.");
        }
        _steps = (IAugmentation[])steps.Clone();
    }

    /// <summary>The steps, in order.</summary>
    public IReadOnlyList<IAugmentation> Steps => _steps;

    /// <inheritdoc/>
    public void Apply(ImageData image, Random random)
    {
        foreach (var step in _steps) step.Apply(image, random);
    }
}
