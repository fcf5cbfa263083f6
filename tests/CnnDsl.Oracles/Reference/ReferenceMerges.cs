using System;

namespace CnnDsl.Oracles;

/// <summary>The operations that combine nodes: elementwise sum, channel concatenation, squeeze-and-excitation's channel scale.</summary>
internal static class ReferenceMerges
{
    /// <summary>Elementwise sum of every input.</summary>
    public static double[] AddForward(NodeInfo node, double[][] inputs)
    {
        var y = new double[inputs[0].Length];
        foreach (var x in inputs)
        {
            if (x.Length != y.Length) throw new ArgumentException($"Add node '{node.Name}' has inputs of different sizes ({x.Length} and {y.Length}).");
            for (int i = 0; i < y.Length; i++) y[i] += x[i];
        }
        return y;
    }

    /// <summary>Each input of a sum receives the whole gradient.</summary>
    public static void AddBackward(double[] dy, double[][] dx)
    {
        foreach (var d in dx)
            for (int i = 0; i < dy.Length; i++) d[i] += dy[i];
    }

    /// <summary>Each position's channels: all of the first input's, then all of the second's, and so on.</summary>
    public static double[] ConcatForward(NodeInfo node, double[][] inputs, int batch)
    {
        int positions = node.Output.Height * node.Output.Width;
        int outC = node.Output.Channels;
        var y = new double[batch * positions * outC];
        int offset = 0;
        foreach (var x in inputs)
        {
            int c = x.Length / (batch * positions);
            if (c * batch * positions != x.Length) throw new ArgumentException($"Concat node '{node.Name}' has an input whose size {x.Length} is not a whole number of {positions} positions.");
            for (int n = 0; n < batch; n++)
            for (int p = 0; p < positions; p++)
            for (int k = 0; k < c; k++)
                y[(n * positions + p) * outC + offset + k] = x[(n * positions + p) * c + k];
            offset += c;
        }
        if (offset != outC) throw new ArgumentException($"Concat node '{node.Name}' received {offset} channels but its output has {outC}.");
        return y;
    }

    /// <summary>Each input receives its own channels' slice of the gradient.</summary>
    public static void ConcatBackward(NodeInfo node, double[] dy, double[][] dx, int batch)
    {
        int positions = node.Output.Height * node.Output.Width;
        int outC = node.Output.Channels;
        int offset = 0;
        foreach (var d in dx)
        {
            int c = d.Length / (batch * positions);
            for (int n = 0; n < batch; n++)
            for (int p = 0; p < positions; p++)
            for (int k = 0; k < c; k++)
                d[(n * positions + p) * c + k] += dy[(n * positions + p) * outC + offset + k];
            offset += c;
        }
    }

    /// <summary>y[n, h, w, c] = x[n, h, w, c] * gate[n, 0, 0, c]: squeeze-and-excitation's per-image, per-channel gate.</summary>
    public static double[] ScaleForward(NodeInfo node, double[] x, double[] gate, int batch)
    {
        int positions = node.Output.Height * node.Output.Width;
        int channels = node.Output.Channels;
        if (x.Length != batch * positions * channels || gate.Length != batch * channels)
            throw new ArgumentException($"Scale node '{node.Name}' needs {node.Output} values and a 1x1x{channels} gate per image, but got {x.Length} and {gate.Length} values for {batch} image(s).");
        var y = new double[x.Length];
        for (int n = 0; n < batch; n++)
        for (int p = 0; p < positions; p++)
        for (int c = 0; c < channels; c++)
            y[(n * positions + p) * channels + c] = x[(n * positions + p) * channels + c] * gate[n * channels + c];
        return y;
    }

    /// <summary>dx = dy * gate; dgate[n, c] = sum over positions of dy * x.</summary>
    public static void ScaleBackward(NodeInfo node, double[] x, double[] gate, double[] dy, int batch, double[] dx, double[] dgate)
    {
        int positions = node.Output.Height * node.Output.Width;
        int channels = node.Output.Channels;
        for (int n = 0; n < batch; n++)
        for (int p = 0; p < positions; p++)
        for (int c = 0; c < channels; c++)
        {
            int at = (n * positions + p) * channels + c;
            dx[at] += dy[at] * gate[n * channels + c];
            dgate[n * channels + c] += dy[at] * x[at];
        }
    }
}
