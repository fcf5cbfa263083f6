using System;
using System.Runtime.CompilerServices;

namespace CnnDsl.Oracles;

/// <summary>Fully connected: out[n, u] = bias[u] + sum over f of in[n, f] * w[u, f], with f running over the image in NHWC order.</summary>
internal static class ReferenceDense
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once with long loops: skip the unoptimized first tier
    public static double[] Forward(NodeInfo node, double[] x, double[] w, double[]? bias, int batch)
    {
        int features = node.Input.Length;
        int units = node.Output.Length;
        var y = new double[batch * units];
        for (int n = 0; n < batch; n++)
        for (int u = 0; u < units; u++)
        {
            double sum = bias is null ? 0 : bias[u];
            for (int f = 0; f < features; f++) sum += x[n * features + f] * w[u * features + f];
            y[n * units + u] = sum;
        }
        return y;
    }

    /// <summary>dx[n, f] += sum over u of dy[n, u] * w[u, f]; dw[u, f] += sum over n of dy[n, u] * x[n, f]; dbias[u] += sum over n of dy[n, u].</summary>
    public static void Backward(NodeInfo node, double[] x, double[] w, double[] dy, int batch, double[]? dx, double[]? dw, double[]? dbias)
    {
        int features = node.Input.Length;
        int units = node.Output.Length;
        for (int n = 0; n < batch; n++)
        for (int u = 0; u < units; u++)
        {
            double g = dy[n * units + u];
            if (dbias is not null) dbias[u] += g;
            for (int f = 0; f < features; f++)
            {
                if (dx is not null) dx[n * features + f] += g * w[u * features + f];
                if (dw is not null) dw[u * features + f] += g * x[n * features + f];
            }
        }
    }
}
