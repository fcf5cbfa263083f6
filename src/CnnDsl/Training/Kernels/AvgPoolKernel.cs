using System;

namespace CnnDsl.Training;

/// <summary>
/// Average pooling over the window's positions inside the image, divided by their number, or with count_include_pad by
/// the whole window's area (padded positions adding zeros). Backward gives each of those positions dy / divisor.
/// </summary>
internal sealed class AvgPoolKernel(KernelSetup setup) : OperationKernel(setup)
{
    private readonly TrainingLayer? _layer = setup.Layer;

    public override void Forward() => Parallel(0, Batch);

    public override void Backward()
    {
        if (InputGradient(0) is not null) Parallel(1, Batch);
    }

    protected override void Execute(int phase, int n)
    {
        // A generated network's layer for this geometry (PoolTraining) where it has one.
        if (_layer is { } layer)
        {
            if (phase == 0) layer.Forward(Input(0), Node.Core, n);
            else layer.InputGradient(Node.OutputGradient!, InputGradient(0)!, n, Overwrites(0));
            return;
        }
        var (inH, inW, channels) = (Info.Input.Height, Info.Input.Width, Info.Input.Channels);
        var (outH, outW) = (Info.Output.Height, Info.Output.Width);
        float[] x = phase == 0 ? Input(0) : InputGradient(0)!;
        for (int oy = 0; oy < outH; oy++)
        for (int ox = 0; ox < outW; ox++)
        {
            int y0 = Math.Max(0, oy * Info.StrideH - Info.PadTop), y1 = Math.Min(inH, oy * Info.StrideH - Info.PadTop + Info.KernelH);
            int x0 = Math.Max(0, ox * Info.StrideW - Info.PadLeft), x1 = Math.Min(inW, ox * Info.StrideW - Info.PadLeft + Info.KernelW);
            int inside = (y1 - y0) * (x1 - x0);
            int count = Info.CountIncludePad ? Info.KernelH * Info.KernelW : inside;
            if (inside <= 0) throw new InvalidOperationException($"Pooling node '{Info.Name}': the window of output ({oy}, {ox}) lies entirely in the padding.");
            var outRow = (phase == 0 ? Node.Core : Node.OutputGradient!).AsSpan(((n * outH + oy) * outW + ox) * channels, channels);
            if (phase == 0) outRow.Clear();
            for (int iy = y0; iy < y1; iy++)
            for (int ix = x0; ix < x1; ix++)
            {
                var inRow = x.AsSpan(((n * inH + iy) * inW + ix) * channels, channels);
                if (phase == 0) System.Numerics.Tensors.TensorPrimitives.Add(outRow, inRow, outRow);
                else System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(outRow, 1f / count, inRow, inRow);
            }
            if (phase == 0) System.Numerics.Tensors.TensorPrimitives.Multiply(outRow, 1f / count, outRow);
        }
    }
}
