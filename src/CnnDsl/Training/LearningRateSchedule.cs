namespace CnnDsl.Training;

/// <summary>A factor on the optimizer's learning rate as a function of the step (0 for the first step).</summary>
public abstract record LearningRateSchedule
{
    /// <summary>The factor at <paramref name="step"/>.</summary>
    public abstract double Factor(long step);

    /// <summary>Factor 1 throughout.</summary>
    public static LearningRateSchedule Constant { get; } = new ConstantSchedule();

    private sealed record ConstantSchedule : LearningRateSchedule
    {
        public override double Factor(long step) => 1;
    }
}
