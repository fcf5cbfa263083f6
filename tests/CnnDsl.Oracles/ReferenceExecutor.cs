using System;
using System.Collections.Generic;
using System.Globalization;

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
        var x = new double[inputs.Length][];
        for (int k = 0; k < x.Length; k++) x[k] = ToDouble(inputs[k]);
        ReferenceCore.TensorLookup tensor = (name, length) => ToDouble(Tensor(weights, name, length));
        double[] result = ReferenceCore.Forward(node, x, tensor, batch, dropoutMask: null);
        int channels = node.Output.Channels;
        string? prefix = node.BatchNorm ? node.Name + ".bn." : node.Op == Op.BatchNorm ? node.Name + "." : null;
        if (prefix is not null)
        {
            ReferenceBatchNorm.Inference(result, channels, tensor(prefix + "weight", channels), tensor(prefix + "bias", channels),
                tensor(prefix + "running_mean", channels), tensor(prefix + "running_var", channels), node.Epsilon);
        }
        ReferenceActivation.Forward(result, node.Act, channels);
        var output = new float[result.Length];
        for (int i = 0; i < result.Length; i++) output[i] = (float)result[i];
        return output;
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

    internal static double[] ToDouble(float[] x)
    {
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i++) y[i] = x[i];
        return y;
    }
}
