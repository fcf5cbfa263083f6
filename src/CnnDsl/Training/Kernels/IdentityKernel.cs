namespace CnnDsl.Training;

/// <summary>
/// Flatten (no data movement in NHWC), and the identity before a standalone batch norm or activation (whose stages do
/// the work): copies forward, passes the gradient straight back.
/// </summary>
internal sealed class IdentityKernel(KernelSetup setup) : OperationKernel(setup)
{
    public override void Forward() => Parallel(0, Batch);

    public override void Backward()
    {
        if (InputGradient(0) is not null) Parallel(1, Batch);
    }

    protected override void Execute(int phase, int image)
    {
        int length = Info.Output.Length;
        if (phase == 0)
        {
            Image(Input(0), image, length).CopyTo(Image(Node.Core, image, length));
            return;
        }
        var dx = Image(InputGradient(0)!, image, length);
        System.Numerics.Tensors.TensorPrimitives.Add(dx, Image(Node.OutputGradient!, image, length), dx);
    }
}
