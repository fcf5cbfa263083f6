using System;
using System.Runtime.CompilerServices;

namespace CnnDsl.Oracles;

/// <summary>Depthwise convolution: each channel c convolved with its own kernel w[c, 0, ky, kx]; same indexing and zero padding as a convolution.</summary>
internal static class ReferenceDepthwiseConvolution
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once with long loops: skip the unoptimized first tier
    public static double[] Forward(NodeInfo node, double[] x, double[] w, double[]? bias, int batch)
    {
        var (inH, inW, channels) = (node.Input.Height, node.Input.Width, node.Input.Channels);
        var (outH, outW) = (node.Output.Height, node.Output.Width);
        if (node.Output.Channels != channels) throw new ArgumentException($"Depthwise node '{node.Name}' must keep its {channels} channels, but its output has {node.Output.Channels}.");
        var y = new double[batch * outH * outW * channels];
        for (int n = 0; n < batch; n++)
        for (int oy = 0; oy < outH; oy++)
        for (int ox = 0; ox < outW; ox++)
        for (int c = 0; c < channels; c++)
        {
            double sum = bias is null ? 0 : bias[c];
            for (int ky = 0; ky < node.KernelH; ky++)
            for (int kx = 0; kx < node.KernelW; kx++)
            {
                int iy = oy * node.StrideH - node.PadTop + ky * node.DilationH;
                int ix = ox * node.StrideW - node.PadLeft + kx * node.DilationW;
                if (iy < 0 || iy >= inH || ix < 0 || ix >= inW) continue;
                sum += x[((n * inH + iy) * inW + ix) * channels + c] * w[(c * node.KernelH + ky) * node.KernelW + kx];
            }
            y[((n * outH + oy) * outW + ox) * channels + c] = sum;
        }
        return y;
    }

    /// <summary>Each term x * w sends dy * w to the input value and dy * x to the weight; adds into the optional gradients.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(NodeInfo node, double[] x, double[] w, double[] dy, int batch, double[]? dx, double[]? dw, double[]? dbias)
    {
        var (inH, inW, channels) = (node.Input.Height, node.Input.Width, node.Input.Channels);
        var (outH, outW) = (node.Output.Height, node.Output.Width);
        for (int n = 0; n < batch; n++)
        for (int oy = 0; oy < outH; oy++)
        for (int ox = 0; ox < outW; ox++)
        for (int c = 0; c < channels; c++)
        {
            double g = dy[((n * outH + oy) * outW + ox) * channels + c];
            if (dbias is not null) dbias[c] += g;
            for (int ky = 0; ky < node.KernelH; ky++)
            for (int kx = 0; kx < node.KernelW; kx++)
            {
                int iy = oy * node.StrideH - node.PadTop + ky * node.DilationH;
                int ix = ox * node.StrideW - node.PadLeft + kx * node.DilationW;
                if (iy < 0 || iy >= inH || ix < 0 || ix >= inW) continue;
                int at = ((n * inH + iy) * inW + ix) * channels + c;
                int tap = (c * node.KernelH + ky) * node.KernelW + kx;
                if (dx is not null) dx[at] += g * w[tap];
                if (dw is not null) dw[tap] += g * x[at];
            }
        }
    }
}
