using System;

namespace CnnDsl.Training;

/// <summary>Step decay (torch.optim.lr_scheduler.StepLR): factor gamma^floor(step / StepSize).</summary>
/// <param name="StepSize">Steps between decays.</param>
/// <param name="Gamma">Multiplier at each decay.</param>
public sealed record StepDecay(long StepSize, double Gamma) : LearningRateSchedule
{
    /// <inheritdoc />
    public override double Factor(long step)
    {
        if (StepSize < 1) throw new ArgumentOutOfRangeException(nameof(StepSize), StepSize, "The step size must be at least 1.");
        return Math.Pow(Gamma, step / StepSize);
    }
}
