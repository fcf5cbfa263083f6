using System.Numerics.Tensors;

namespace CnnDsl.Training;

/// <summary>Elementwise sum of the inputs; backward gives each input the whole gradient.</summary>
internal sealed class AddKernel(KernelSetup setup) : OperationKernel(setup)
{
    public override void Forward() => Parallel(0, Batch);

    public override void Backward() => Parallel(1, Batch);

    public override bool CanOverwriteInputGradient(int k) => true;

    protected override void Execute(int phase, int n)
    {
        int length = Info.Output.Length;
        var y = Image(phase == 0 ? Node.Core : Node.OutputGradient!, n, length);
        for (int k = 0; k < Node.Inputs.Length; k++)
        {
            if (phase == 0)
            {
                if (k == 0) Image(Input(0), n, length).CopyTo(y);
                else TensorPrimitives.Add(y, Image(Input(k), n, length), y);
            }
            else if (InputGradient(k) is { } gradient)
            {
                var dx = Image(gradient, n, length);
                if (Overwrites(k)) y.CopyTo(dx);
                else TensorPrimitives.Add(dx, y, dx);
            }
        }
    }
}
