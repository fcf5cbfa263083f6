using System;
using System.Runtime.CompilerServices;

namespace CnnDsl.Oracles;

/// <summary>
/// Standard convolution from its definition: out[n, oy, ox, o] = bias[o] + sum over i, ky, kx of
/// in[n, oy*sH - padTop + ky, ox*sW - padLeft + kx, i] * w[o, i, ky, kx]; outside the image counts as zero.
/// </summary>
internal static class ReferenceConvolution
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once with long loops: skip the unoptimized first tier
    public static double[] Forward(NodeInfo node, double[] x, double[] w, double[]? bias, int batch)
    {
        var (inH, inW, inC) = (node.Input.Height, node.Input.Width, node.Input.Channels);
        var (outH, outW, outC) = (node.Output.Height, node.Output.Width, node.Output.Channels);
        var (kernelH, kernelW, kernelArea) = (node.KernelH, node.KernelW, node.KernelH * node.KernelW);
        // Groups (ONNX group): output channel o reads only the inC / groups input channels of its group.
        int groupIn = inC / node.Groups, groupOut = outC / node.Groups;
        var y = new double[batch * outH * outW * outC];
        for (int n = 0; n < batch; n++)
        for (int oy = 0; oy < outH; oy++)
        for (int ox = 0; ox < outW; ox++)
        for (int o = 0; o < outC; o++)
        {
            double sum = bias is null ? 0 : bias[o];
            for (int ky = 0; ky < kernelH; ky++)
            for (int kx = 0; kx < kernelW; kx++)
            {
                // Dilation (ONNX dilations): tap (ky, kx) reads the input DilationH rows and DilationW columns apart.
                int iy = oy * node.StrideH - node.PadTop + ky * node.DilationH;
                int ix = ox * node.StrideW - node.PadLeft + kx * node.DilationW;
                if (iy < 0 || iy >= inH || ix < 0 || ix >= inW) continue;
                // x[n, iy, ix, first + i] and w[o, i, ky, kx] as i runs over the group: consecutive channels, and one weight every kernel area.
                int pixel = ((n * inH + iy) * inW + ix) * inC + o / groupOut * groupIn;
                int tap = (o * groupIn * kernelH + ky) * kernelW + kx;
                for (int i = 0; i < groupIn; i++) sum += x[pixel + i] * w[tap + i * kernelArea];
            }
            y[((n * outH + oy) * outW + ox) * outC + o] = sum;
        }
        return y;
    }

    /// <summary>
    /// The chain rule on the same sum: each term x * w sends dy * w to that input value and dy * x to that weight;
    /// the bias receives dy. Adds into <paramref name="dx"/>, <paramref name="dw"/> and <paramref name="dbias"/> (each optional).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(NodeInfo node, double[] x, double[] w, double[] dy, int batch, double[]? dx, double[]? dw, double[]? dbias)
    {
        var (inH, inW, inC) = (node.Input.Height, node.Input.Width, node.Input.Channels);
        var (outH, outW, outC) = (node.Output.Height, node.Output.Width, node.Output.Channels);
        var (kernelH, kernelW, kernelArea) = (node.KernelH, node.KernelW, node.KernelH * node.KernelW);
        // Groups (ONNX group): output channel o reads only the inC / groups input channels of its group.
        int groupIn = inC / node.Groups, groupOut = outC / node.Groups;
        for (int n = 0; n < batch; n++)
        for (int oy = 0; oy < outH; oy++)
        for (int ox = 0; ox < outW; ox++)
        for (int o = 0; o < outC; o++)
        {
            double g = dy[((n * outH + oy) * outW + ox) * outC + o];
            if (dbias is not null) dbias[o] += g;
            for (int ky = 0; ky < kernelH; ky++)
            for (int kx = 0; kx < kernelW; kx++)
            {
                // Dilation (ONNX dilations): tap (ky, kx) reads the input DilationH rows and DilationW columns apart.
                int iy = oy * node.StrideH - node.PadTop + ky * node.DilationH;
                int ix = ox * node.StrideW - node.PadLeft + kx * node.DilationW;
                if (iy < 0 || iy >= inH || ix < 0 || ix >= inW) continue;
                int pixel = ((n * inH + iy) * inW + ix) * inC + o / groupOut * groupIn;
                int tap = (o * groupIn * kernelH + ky) * kernelW + kx;
                for (int i = 0; i < groupIn; i++)
                {
                    if (dx is not null) dx[pixel + i] += g * w[tap + i * kernelArea];
                    if (dw is not null) dw[tap + i * kernelArea] += g * x[pixel + i];
                }
            }
        }
    }
}
