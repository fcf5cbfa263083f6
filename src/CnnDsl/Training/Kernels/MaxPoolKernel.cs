using System;

namespace CnnDsl.Training;

/// <summary>
/// Max pooling over the window's positions inside the image (padding never wins). Backward sends each output's
/// gradient to the window's largest input (the first one in row-major window order, on a tie), found again from the
/// kept input rather than stored.
/// </summary>
internal sealed class MaxPoolKernel(KernelSetup setup) : OperationKernel(setup)
{
    public override void Forward() => Parallel(0, Batch);

    public override void Backward()
    {
        if (InputGradient(0) is not null) Parallel(1, Batch);
    }

    protected override void Execute(int phase, int n)
    {
        var (inH, inW, channels) = (Info.Input.Height, Info.Input.Width, Info.Input.Channels);
        var (outH, outW) = (Info.Output.Height, Info.Output.Width);
        float[] x = Input(0);
        for (int oy = 0; oy < outH; oy++)
        for (int ox = 0; ox < outW; ox++)
        for (int c = 0; c < channels; c++)
        {
            int best = -1;
            for (int ky = 0; ky < Info.KernelH; ky++)
            {
                int iy = oy * Info.StrideH - Info.PadTop + ky;
                if (iy < 0 || iy >= inH) continue;
                for (int kx = 0; kx < Info.KernelW; kx++)
                {
                    int ix = ox * Info.StrideW - Info.PadLeft + kx;
                    if (ix < 0 || ix >= inW) continue;
                    int at = ((n * inH + iy) * inW + ix) * channels + c;
                    if (best < 0 || x[at] > x[best]) best = at;
                }
            }
            if (best < 0) throw new InvalidOperationException($"Pooling node '{Info.Name}': the window of output ({oy}, {ox}) lies entirely in the padding.");
            int outAt = ((n * outH + oy) * outW + ox) * channels + c;
            if (phase == 0) Node.Core[outAt] = x[best];
            else InputGradient(0)![best] += Node.OutputGradient![outAt];
        }
    }
}
