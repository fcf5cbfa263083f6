using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace CnnDsl.Oracles;

/// <summary>
/// The yardstick: executes a lowered graph straight from the definitions of its operations, with plain loops,
/// double accumulation and no cleverness, so that a reader can check each line against the maths. Slow on purpose.
/// Tensors are NHWC float32 between nodes (as a float32 network stores them); every sum inside a node is in double.
/// </summary>
public static class ReferenceExecutor
{
    /// <summary>Runs <paramref name="graph"/> on <paramref name="batch"/> NHWC images and returns the last node's NHWC output.</summary>
    /// <param name="graph">The lowered graph (a network's generated <c>Graph</c>); node 0 is the input.</param>
    /// <param name="weights">The parameter tensors in canonical layout.</param>
    /// <param name="input">batch x H x W x C values.</param>
    /// <param name="batch">Number of images.</param>
    public static float[] Run(IReadOnlyList<NodeInfo> graph, NetworkWeights weights, ReadOnlySpan<float> input, int batch)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(weights);
        if (graph.Count == 0 || graph[0].Op != Op.Input) throw new ArgumentException("The graph must start with its input node.", nameof(graph));
        if (batch < 1) throw new ArgumentOutOfRangeException(nameof(batch), batch, "The batch must hold at least one image.");
        var inputShape = graph[0].Output;
        if (input.Length != (long)batch * inputShape.Length)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The input must hold {batch} x {inputShape} = {(long)batch * inputShape.Length} values, but it holds {input.Length}."), nameof(input));
        }

        var outputs = new float[graph.Count][];
        outputs[0] = input.ToArray();
        for (int id = 1; id < graph.Count; id++)
        {
            var node = graph[id];
            if (node.Id != id) throw new ArgumentException($"Node '{node.Name}' has id {node.Id} but stands at position {id}.", nameof(graph));
            var inputs = new float[node.Inputs.Count][];
            for (int k = 0; k < inputs.Length; k++)
            {
                int from = node.Inputs[k];
                if (from < 0 || from >= id) throw new ArgumentException($"Node '{node.Name}' reads node {from}, which does not come before it.", nameof(graph));
                inputs[k] = outputs[from];
            }
            outputs[id] = Execute(node, inputs, weights, batch);
            if (outputs[id].Length != (long)batch * node.Output.Length)
            {
                throw new InvalidOperationException($"Node '{node.Name}' produced {outputs[id].Length} values but its output shape {node.Output} needs {batch * node.Output.Length}.");
            }
        }
        return outputs[^1];
    }

    private static float[] Execute(NodeInfo node, float[][] inputs, NetworkWeights weights, int batch)
    {
        double[] result = node.Op switch
        {
            Op.Conv => Convolution(node, inputs[0], weights, batch),
            Op.DepthwiseConv => DepthwiseConvolution(node, inputs[0], weights, batch),
            Op.Dense => Dense(node, inputs[0], weights, batch),
            Op.MaxPool => MaxPool(node, inputs[0], batch),
            Op.AvgPool => AvgPool(node, inputs[0], batch),
            Op.GlobalAvgPool => GlobalAvgPool(node, inputs[0], batch),
            Op.BatchNorm => StandaloneBatchNorm(node, inputs[0], weights),
            Op.Flatten or Op.Dropout or Op.Activation => ToDouble(inputs[0]),
            Op.Add => Sum(node, inputs),
            Op.Concat => Concatenate(node, inputs, batch),
            Op.Scale => ChannelScale(node, inputs[0], inputs[1], batch),
            _ => throw new NotSupportedException($"Node '{node.Name}': the reference executor does not know operation {node.Op}."),
        };
        if (node.BatchNorm) ApplyBatchNorm(result, node.Output.Channels, weights, node.Name + ".bn.", node.Epsilon);
        ApplyActivation(result, node.Act, node.Output.Channels);
        var output = new float[result.Length];
        for (int i = 0; i < result.Length; i++) output[i] = (float)result[i];
        return output;
    }

    /// <summary>out[n, oy, ox, o] = bias[o] + sum over i, ky, kx of in[n, oy*sH - padTop + ky, ox*sW - padLeft + kx, i] * w[o, i, ky, kx]; outside the image counts as zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once with long loops: skip the unoptimized first tier
    private static double[] Convolution(NodeInfo node, float[] x, NetworkWeights weights, int batch)
    {
        var (inH, inW, inC) = (node.Input.Height, node.Input.Width, node.Input.Channels);
        var (outH, outW, outC) = (node.Output.Height, node.Output.Width, node.Output.Channels);
        var (kernelH, kernelW, kernelArea) = (node.KernelH, node.KernelW, node.KernelH * node.KernelW);
        // Groups (ONNX group): output channel o reads only the inC / groups input channels of its group.
        int groupIn = inC / node.Groups, groupOut = outC / node.Groups;
        float[] w = Tensor(weights, node.Name + ".weight", outC * groupIn * kernelArea);
        float[]? bias = node.Bias ? Tensor(weights, node.Name + ".bias", outC) : null;
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
                for (int i = 0; i < groupIn; i++) sum += (double)x[pixel + i] * w[tap + i * kernelArea];
            }
            y[((n * outH + oy) * outW + ox) * outC + o] = sum;
        }
        return y;
    }

    /// <summary>Each channel c convolved with its own kernel w[c, 0, ky, kx]; same indexing and zero padding as a convolution.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once with long loops: skip the unoptimized first tier
    private static double[] DepthwiseConvolution(NodeInfo node, float[] x, NetworkWeights weights, int batch)
    {
        var (inH, inW, channels) = (node.Input.Height, node.Input.Width, node.Input.Channels);
        var (outH, outW) = (node.Output.Height, node.Output.Width);
        if (node.Output.Channels != channels) throw new ArgumentException($"Depthwise node '{node.Name}' must keep its {channels} channels, but its output has {node.Output.Channels}.");
        float[] w = Tensor(weights, node.Name + ".weight", channels * node.KernelH * node.KernelW);
        float[]? bias = node.Bias ? Tensor(weights, node.Name + ".bias", channels) : null;
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
                sum += (double)x[((n * inH + iy) * inW + ix) * channels + c] * w[(c * node.KernelH + ky) * node.KernelW + kx];
            }
            y[((n * outH + oy) * outW + ox) * channels + c] = sum;
        }
        return y;
    }

    /// <summary>out[n, u] = bias[u] + sum over f of in[n, f] * w[u, f], with f running over the image in NHWC order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once with long loops: skip the unoptimized first tier
    private static double[] Dense(NodeInfo node, float[] x, NetworkWeights weights, int batch)
    {
        int features = node.Input.Length;
        int units = node.Output.Length;
        float[] w = Tensor(weights, node.Name + ".weight", units * features);
        float[]? bias = node.Bias ? Tensor(weights, node.Name + ".bias", units) : null;
        var y = new double[batch * units];
        for (int n = 0; n < batch; n++)
        for (int u = 0; u < units; u++)
        {
            double sum = bias is null ? 0 : bias[u];
            for (int f = 0; f < features; f++) sum += (double)x[n * features + f] * w[u * features + f];
            y[n * units + u] = sum;
        }
        return y;
    }

    /// <summary>The largest value among the window's positions inside the image; padding never wins.</summary>
    private static double[] MaxPool(NodeInfo node, float[] x, int batch)
        => Pool(node, x, batch, window =>
        {
            double max = double.NegativeInfinity;
            foreach (double v in window) max = Math.Max(max, v);
            return max;
        });

    /// <summary>
    /// The mean of the window's positions inside the image (padding not counted), or with CountIncludePad (ONNX
    /// count_include_pad = 1) the sum over the window's whole area, the padded positions adding zeros.
    /// </summary>
    private static double[] AvgPool(NodeInfo node, float[] x, int batch)
        => Pool(node, x, batch, window =>
        {
            double sum = 0;
            foreach (double v in window) sum += v;
            return sum / (node.CountIncludePad ? node.KernelH * node.KernelW : window.Count);
        });

    private static double[] Pool(NodeInfo node, float[] x, int batch, Func<List<double>, double> reduce)
    {
        var (inH, inW, channels) = (node.Input.Height, node.Input.Width, node.Input.Channels);
        var (outH, outW) = (node.Output.Height, node.Output.Width);
        var y = new double[batch * outH * outW * channels];
        var window = new List<double>();
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
                window.Add(x[((n * inH + iy) * inW + ix) * channels + c]);
            }
            if (window.Count == 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Pooling node '{node.Name}': the window of output ({oy}, {ox}) lies entirely in the padding."));
            }
            y[((n * outH + oy) * outW + ox) * channels + c] = reduce(window);
        }
        return y;
    }

    /// <summary>out[n, c] = mean over every (y, x) of in[n, y, x, c].</summary>
    private static double[] GlobalAvgPool(NodeInfo node, float[] x, int batch)
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

    private static double[] StandaloneBatchNorm(NodeInfo node, float[] x, NetworkWeights weights)
    {
        var y = ToDouble(x);
        ApplyBatchNorm(y, node.Output.Channels, weights, node.Name + ".", node.Epsilon);
        return y;
    }

    /// <summary>Elementwise sum of every input.</summary>
    private static double[] Sum(NodeInfo node, float[][] inputs)
    {
        var y = new double[inputs[0].Length];
        foreach (var x in inputs)
        {
            if (x.Length != y.Length) throw new ArgumentException($"Add node '{node.Name}' has inputs of different sizes ({x.Length} and {y.Length}).");
            for (int i = 0; i < y.Length; i++) y[i] += x[i];
        }
        return y;
    }

    /// <summary>Each position's channels: all of the first input's, then all of the second's, and so on.</summary>
    private static double[] Concatenate(NodeInfo node, float[][] inputs, int batch)
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

    /// <summary>y[n, h, w, c] = x[n, h, w, c] * gate[n, 0, 0, c]: squeeze-and-excitation's per-image, per-channel gate.</summary>
    private static double[] ChannelScale(NodeInfo node, float[] x, float[] gate, int batch)
    {
        int positions = node.Output.Height * node.Output.Width;
        int channels = node.Output.Channels;
        if (x.Length != batch * positions * channels || gate.Length != batch * channels)
            throw new ArgumentException($"Scale node '{node.Name}' needs {node.Output} values and a 1x1x{channels} gate per image, but got {x.Length} and {gate.Length} values for {batch} image(s).");
        var y = new double[x.Length];
        for (int n = 0; n < batch; n++)
        for (int p = 0; p < positions; p++)
        for (int c = 0; c < channels; c++)
            y[(n * positions + p) * channels + c] = (double)x[(n * positions + p) * channels + c] * gate[n * channels + c];
        return y;
    }

    /// <summary>y = (x - mean) / sqrt(var + eps) * weight + bias, per channel (the channel is the innermost index).</summary>
    private static void ApplyBatchNorm(double[] y, int channels, NetworkWeights weights, string prefix, float epsilon)
    {
        float[] scale = Tensor(weights, prefix + "weight", channels);
        float[] shift = Tensor(weights, prefix + "bias", channels);
        float[] mean = Tensor(weights, prefix + "running_mean", channels);
        float[] variance = Tensor(weights, prefix + "running_var", channels);
        for (int i = 0; i < y.Length; i++)
        {
            int c = i % channels;
            y[i] = (y[i] - mean[c]) / Math.Sqrt(variance[c] + (double)epsilon) * scale[c] + shift[c];
        }
    }

    private static void ApplyActivation(double[] y, Act act, int channels)
    {
        switch (act)
        {
            case Act.None:
                return;
            case Act.Softmax:
                Softmax(y, channels);
                return;
        }
        for (int i = 0; i < y.Length; i++)
        {
            double x = y[i];
            y[i] = act switch
            {
                Act.Relu => Math.Max(0, x),
                Act.Relu6 => Math.Min(Math.Max(0, x), 6),
                Act.Sigmoid => 1 / (1 + Math.Exp(-x)),
                Act.Swish => x / (1 + Math.Exp(-x)),
                Act.HardSwish => x * Math.Min(Math.Max(0, x + 3), 6) / 6,
                _ => throw new NotSupportedException($"The reference executor does not know activation {act}."),
            };
        }
    }

    /// <summary>exp(x_c - max) / sum over the position's channels of exp(x_k - max); subtracting the max changes nothing but overflow.</summary>
    private static void Softmax(double[] y, int channels)
    {
        for (int start = 0; start < y.Length; start += channels)
        {
            double max = double.NegativeInfinity;
            for (int c = 0; c < channels; c++) max = Math.Max(max, y[start + c]);
            double sum = 0;
            for (int c = 0; c < channels; c++) sum += Math.Exp(y[start + c] - max);
            for (int c = 0; c < channels; c++) y[start + c] = Math.Exp(y[start + c] - max) / sum;
        }
    }

    private static float[] Tensor(NetworkWeights weights, string name, int expectedLength)
    {
        float[] values = weights[name];
        if (values.Length != expectedLength)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Tensor '{name}' (shape {weights.Info(name).ShapeText}) holds {values.Length} values but its node needs {expectedLength}."));
        }
        return values;
    }

    private static double[] ToDouble(float[] x)
    {
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i++) y[i] = x[i];
        return y;
    }
}
