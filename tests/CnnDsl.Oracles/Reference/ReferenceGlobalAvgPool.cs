namespace CnnDsl.Oracles;

/// <summary>Global average pooling: out[n, c] = mean over every (y, x) of in[n, y, x, c].</summary>
internal static class ReferenceGlobalAvgPool
{
    public static double[] Forward(NodeInfo node, double[] x, int batch)
    {
        int positions = node.Input.Height * node.Input.Width;
        int channels = node.Input.Channels;
        var y = new double[batch * channels];
        for (int n = 0; n < batch; n++)
        for (int c = 0; c < channels; c++)
        {
            double sum = 0;
            for (int p = 0; p < positions; p++) sum += x[(n * positions + p) * channels + c];
            y[n * channels + c] = sum / positions;
        }
        return y;
    }

    /// <summary>Every position of channel c receives dy[n, c] / positions.</summary>
    public static void Backward(NodeInfo node, double[] dy, int batch, double[] dx)
    {
        int positions = node.Input.Height * node.Input.Width;
        int channels = node.Input.Channels;
        for (int n = 0; n < batch; n++)
        for (int p = 0; p < positions; p++)
        for (int c = 0; c < channels; c++)
            dx[(n * positions + p) * channels + c] += dy[n * channels + c] / positions;
    }
}
