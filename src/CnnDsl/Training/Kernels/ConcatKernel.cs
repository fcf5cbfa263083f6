using System;

namespace CnnDsl.Training;

/// <summary>Channel concatenation of the inputs in order; backward gives each input its own channels' slice of the gradient.</summary>
internal sealed class ConcatKernel(KernelSetup setup) : OperationKernel(setup)
{
    public override void Forward() => Parallel(0, Batch);

    public override void Backward() => Parallel(1, Batch);

    protected override void Execute(int phase, int n)
    {
        int positions = Info.Output.Height * Info.Output.Width, outC = Info.Output.Channels;
        int offset = 0;
        for (int k = 0; k < Node.Inputs.Length; k++)
        {
            int c = Node.Inputs[k].Info.Output.Channels;
            float[]? dx = InputGradient(k);
            for (int p = 0; p < positions && (phase == 0 || dx is not null); p++)
            {
                var whole = (phase == 0 ? Node.Core : Node.OutputGradient!).AsSpan((n * positions + p) * outC + offset, c);
                if (phase == 0) Input(k).AsSpan((n * positions + p) * c, c).CopyTo(whole);
                else
                {
                    var part = dx.AsSpan((n * positions + p) * c, c);
                    System.Numerics.Tensors.TensorPrimitives.Add(part, whole, part);
                }
            }
            offset += c;
        }
    }
}
