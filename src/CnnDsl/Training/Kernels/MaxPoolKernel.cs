using System;
using System.Numerics;

namespace CnnDsl.Training;

/// <summary>
/// Max pooling over the window's positions inside the image (padding never wins), vectorized over channels. Backward
/// sends each output's gradient to the window's largest input (the first one in row-major window order, on a tie:
/// a later position replaces the best only when strictly larger), found again from the kept input rather than stored.
/// </summary>
internal sealed class MaxPoolKernel(KernelSetup setup) : OperationKernel(setup)
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
        float[] x = Input(0);
        Span<int> window = stackalloc int[Info.KernelH * Info.KernelW];
        int width = Vector<float>.Count;
        for (int oy = 0; oy < outH; oy++)
        for (int ox = 0; ox < outW; ox++)
        {
            int count = 0;
            for (int ky = 0; ky < Info.KernelH; ky++)
            {
                int iy = oy * Info.StrideH - Info.PadTop + ky;
                if (iy < 0 || iy >= inH) continue;
                for (int kx = 0; kx < Info.KernelW; kx++)
                {
                    int ix = ox * Info.StrideW - Info.PadLeft + kx;
                    if (ix >= 0 && ix < inW) window[count++] = ((n * inH + iy) * inW + ix) * channels;
                }
            }
            if (count == 0) throw new InvalidOperationException($"Pooling node '{Info.Name}': the window of output ({oy}, {ox}) lies entirely in the padding.");
            int outAt = ((n * outH + oy) * outW + ox) * channels;
            int c = 0;
            float[]? dx = phase == 0 ? null : InputGradient(0);
            for (; c + width <= channels; c += width)
            {
                var best = new Vector<float>(x, window[0] + c);
                var bestK = Vector<int>.Zero;
                for (int k = 1; k < count; k++)
                {
                    var v = new Vector<float>(x, window[k] + c);
                    var larger = Vector.GreaterThan(v, best);
                    best = Vector.ConditionalSelect(larger, v, best);
                    bestK = Vector.ConditionalSelect(larger, new Vector<int>(k), bestK);
                }
                if (dx is null) best.CopyTo(Node.Core, outAt + c);
                else for (int j = 0; j < width; j++) dx[window[bestK[j]] + c + j] += Node.OutputGradient![outAt + c + j];
            }
            for (; c < channels; c++)
            {
                int bestAt = window[0] + c;
                for (int k = 1; k < count; k++)
                    if (x[window[k] + c] > x[bestAt]) bestAt = window[k] + c;
                if (dx is null) Node.Core[outAt + c] = x[bestAt];
                else dx[bestAt] += Node.OutputGradient![outAt + c];
            }
        }
    }
}
