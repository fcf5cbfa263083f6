namespace CnnDsl.Training;

/// <summary>The network input: the trainer copies the images into its buffer; its gradient, when asked for, is what reaches it.</summary>
internal sealed class InputKernel(KernelSetup setup) : OperationKernel(setup)
{
    public override void Forward() { }

    public override void Backward() { }

    protected override void Execute(int phase, int item) { }
}
