using System;
using System.Numerics.Tensors;

namespace CnnDsl.Training;

/// <summary>
/// Squeeze-and-excitation's channel scale: y[n, p, c] = x[n, p, c] * gate[n, c]. Backward: dx = dy * gate,
/// dgate[n, c] = sum over positions of dy * x (both per image).
/// </summary>
internal sealed class ScaleKernel(KernelSetup setup) : OperationKernel(setup)
{
    public override void Forward() => Parallel(0, Batch);

    public override void Backward() => Parallel(1, Batch);

    protected override void Execute(int phase, int n)
    {
        int positions = Info.Output.Height * Info.Output.Width, channels = Info.Output.Channels;
        var gate = Image(Input(1), n, channels);
        float[]? dx = phase == 0 ? null : InputGradient(0);
        var dgate = phase == 0 || InputGradient(1) is null ? default : Image(InputGradient(1)!, n, channels);
        for (int p = 0; p < positions; p++)
        {
            int at = (n * positions + p) * channels;
            var x = Input(0).AsSpan(at, channels);
            if (phase == 0)
            {
                TensorPrimitives.Multiply(x, gate, Node.Core.AsSpan(at, channels));
                continue;
            }
            var dy = Node.OutputGradient.AsSpan(at, channels);
            if (dx is not null)
            {
                var dxRow = dx.AsSpan(at, channels);
                TensorPrimitives.MultiplyAdd(dy, gate, dxRow, dxRow);
            }
            if (!dgate.IsEmpty) TensorPrimitives.MultiplyAdd(dy, x, dgate, dgate);
        }
    }
}
