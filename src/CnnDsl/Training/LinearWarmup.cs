using System;

namespace CnnDsl.Training;

/// <summary>
/// Linear warm-up: factor (step + 1) / WarmupSteps for the first WarmupSteps steps, then <see cref="Then"/> counted from
/// the end of the warm-up (constant when null).
/// </summary>
/// <param name="WarmupSteps">Steps of the ramp.</param>
/// <param name="Then">The schedule after it.</param>
public sealed record LinearWarmup(long WarmupSteps, LearningRateSchedule? Then = null) : LearningRateSchedule
{
    /// <inheritdoc />
    public override double Factor(long step)
    {
        if (WarmupSteps < 0) throw new ArgumentOutOfRangeException(nameof(WarmupSteps), WarmupSteps, "Warm-up steps cannot be negative.");
        if (step < WarmupSteps) return (step + 1) / (double)WarmupSteps;
        return Then?.Factor(step - WarmupSteps) ?? 1;
    }
}
