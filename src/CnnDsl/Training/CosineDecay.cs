using System;

namespace CnnDsl.Training;

/// <summary>
/// Cosine annealing (torch.optim.lr_scheduler.CosineAnnealingLR without restarts): factor
/// min + (1 - min) (1 + cos(pi t / TotalSteps)) / 2, held at min after TotalSteps.
/// </summary>
/// <param name="TotalSteps">Steps from the full rate to the minimum.</param>
/// <param name="MinimumFactor">The factor reached at the end.</param>
public sealed record CosineDecay(long TotalSteps, double MinimumFactor = 0) : LearningRateSchedule
{
    /// <inheritdoc />
    public override double Factor(long step)
    {
        if (TotalSteps < 1) throw new ArgumentOutOfRangeException(nameof(TotalSteps), TotalSteps, "The cosine schedule needs at least 1 step.");
        double t = Math.Min(step, TotalSteps);
        return MinimumFactor + (1 - MinimumFactor) * (1 + Math.Cos(Math.PI * t / TotalSteps)) / 2;
    }
}
