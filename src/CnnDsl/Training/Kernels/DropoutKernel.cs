namespace CnnDsl.Training;

/// <summary>
/// Dropout: in training each value is zeroed with probability rate, the others scaled by 1 / (1 - rate), with the
/// seeded mask of <see cref="DropoutMask"/> (recomputed in backward, not stored); the identity at inference.
/// </summary>
internal sealed class DropoutKernel : OperationKernel
{
    private readonly float _rate;
    private ulong _key;

    public DropoutKernel(KernelSetup setup) : base(setup)
    {
        if (!(setup.DropoutRate >= 0 && setup.DropoutRate < 1))
            throw new System.ArgumentOutOfRangeException(nameof(setup), setup.DropoutRate, $"Dropout node '{setup.Node.Info.Name}' needs a rate in [0, 1).");
        _rate = setup.DropoutRate;
    }

    private bool Masked => Run.Training && _rate > 0;

    public override void Forward()
    {
        _key = DropoutMask.StepKey(Run.Seed, Run.Step, Info.Id);
        Parallel(0, Batch);
    }

    public override void Backward()
    {
        if (InputGradient(0) is not null) Parallel(1, Batch);
    }

    protected override void Execute(int phase, int image)
    {
        int length = Info.Output.Length;
        float kept = 1 / (1 - _rate);
        var x = Image(phase == 0 ? Input(0) : Node.OutputGradient!, image, length);
        var y = Image(phase == 0 ? Node.Core : InputGradient(0)!, image, length);
        for (int j = 0; j < length; j++)
        {
            float factor = Masked ? DropoutMask.Factor(_key, (long)image * length + j, _rate, kept) : 1;
            if (phase == 0) y[j] = x[j] * factor;
            else y[j] += x[j] * factor;
        }
    }
}
