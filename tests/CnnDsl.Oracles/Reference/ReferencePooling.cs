using System;
using System.Collections.Generic;
using System.Globalization;

namespace CnnDsl.Oracles;

/// <summary>
/// Max and average pooling over each window's positions inside the image: padding never wins a max and is not
/// counted in an average.
/// </summary>
internal static class ReferencePooling
{
    /// <summary>The largest value among the window's positions inside the image.</summary>
    public static double[] MaxForward(NodeInfo node, double[] x, int batch)
        => Forward(node, x, batch, (window, _) =>
        {
            double max = double.NegativeInfinity;
            foreach (int at in window) max = Math.Max(max, x[at]);
            return max;
        });

    /// <summary>The mean of the window's positions inside the image.</summary>
    public static double[] AvgForward(NodeInfo node, double[] x, int batch)
        => Forward(node, x, batch, (window, _) =>
        {
            double sum = 0;
            foreach (int at in window) sum += x[at];
            // count_include_pad: the whole window's area, padded positions adding zeros; else only positions inside.
            return sum / (node.CountIncludePad ? node.KernelH * node.KernelW : window.Count);
        });

    /// <summary>The whole gradient goes to the window's largest value (the first one, on a tie).</summary>
    public static void MaxBackward(NodeInfo node, double[] x, double[] dy, int batch, double[] dx)
        => Forward(node, x, batch, (window, outAt) =>
        {
            int best = window[0];
            foreach (int at in window) if (x[at] > x[best]) best = at;
            dx[best] += dy[outAt];
            return 0;
        });

    /// <summary>Each position in the window receives dy divided by the number of positions inside the image.</summary>
    public static void AvgBackward(NodeInfo node, double[] dy, int batch, double[] dx)
        => Forward(node, dx, batch, (window, outAt) =>
        {
            foreach (int at in window) dx[at] += dy[outAt] / (node.CountIncludePad ? node.KernelH * node.KernelW : window.Count);
            return 0;
        });

    /// <summary>Calls <paramref name="reduce"/> with the input indices of each output's window (inside the image) and the output's index.</summary>
    private static double[] Forward(NodeInfo node, double[] x, int batch, Func<List<int>, int, double> reduce)
    {
        var (inH, inW, channels) = (node.Input.Height, node.Input.Width, node.Input.Channels);
        var (outH, outW) = (node.Output.Height, node.Output.Width);
        if (x.Length != batch * inH * inW * channels) throw new ArgumentException($"Pooling node '{node.Name}' needs {batch} x {node.Input} values but got {x.Length}.");
        var y = new double[batch * outH * outW * channels];
        var window = new List<int>();
        for (int n = 0; n < batch; n++)
        for (int oy = 0; oy < outH; oy++)
        for (int ox = 0; ox < outW; ox++)
        for (int c = 0; c < channels; c++)
        {
            window.Clear();
            for (int ky = 0; ky < node.KernelH; ky++)
            for (int kx = 0; kx < node.KernelW; kx++)
            {
                int iy = oy * node.StrideH - node.PadTop + ky;
                int ix = ox * node.StrideW - node.PadLeft + kx;
                if (iy < 0 || iy >= inH || ix < 0 || ix >= inW) continue;
                window.Add(((n * inH + iy) * inW + ix) * channels + c);
            }
            if (window.Count == 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Pooling node '{node.Name}': the window of output ({oy}, {ox}) lies entirely in the padding."));
            }
            int outAt = ((n * outH + oy) * outW + ox) * channels + c;
            y[outAt] = reduce(window, outAt);
        }
        return y;
    }
}
