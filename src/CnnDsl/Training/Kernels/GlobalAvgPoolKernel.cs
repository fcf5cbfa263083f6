using System;
using System.Numerics.Tensors;

namespace CnnDsl.Training;

/// <summary>Global average pooling: y[n, c] = mean over positions of x[n, p, c]; backward gives every position dy[n, c] / positions.</summary>
internal sealed class GlobalAvgPoolKernel(KernelSetup setup) : OperationKernel(setup)
{
    public override void Forward() => Parallel(0, Batch);

    public override void Backward()
    {
        if (InputGradient(0) is not null) Parallel(1, Batch);
    }

    protected override void Execute(int phase, int n)
    {
        int positions = Info.Input.Height * Info.Input.Width, channels = Info.Input.Channels;
        float scale = 1f / positions;
        if (phase == 0)
        {
            var y = Image(Node.Core, n, channels);
            y.Clear();
            for (int p = 0; p < positions; p++) TensorPrimitives.Add(y, Input(0).AsSpan((n * positions + p) * channels, channels), y);
            TensorPrimitives.Multiply(y, scale, y);
            return;
        }
        var dy = Image(Node.OutputGradient!, n, channels);
        for (int p = 0; p < positions; p++)
        {
            var dx = InputGradient(0)!.AsSpan((n * positions + p) * channels, channels);
            TensorPrimitives.MultiplyAdd(dy, scale, dx, dx);
        }
    }
}
