using System;
using System.Collections.Generic;
using System.Globalization;

namespace CnnDsl.Oracles;

/// <summary>The outcome of a reference training pass.</summary>
/// <param name="Loss">The batch's mean loss.</param>
/// <param name="Output">The network's output.</param>
/// <param name="Gradients">dloss/dparameter for every trainable parameter tensor, by name (running statistics excluded).</param>
/// <param name="InputGradient">dloss/dinput.</param>
/// <param name="RunningStatistics">The batch norms' running means and variances after the pass (updated in training mode unless frozen).</param>
public sealed record ReferencePass(double Loss, double[] Output, IReadOnlyDictionary<string, double[]> Gradients, double[] InputGradient,
    IReadOnlyDictionary<string, double[]> RunningStatistics);

/// <summary>
/// Training from the definitions, in double precision throughout (no rounding between nodes): each node's operation,
/// then its batch norm (fused or standalone), then its activation; the loss; then the chain rule back through the
/// same stages in reverse (see the Reference*.cs files, one per operation). Slow and plain on purpose.
/// </summary>
public static class ReferenceTraining
{
    /// <summary>Copies every tensor of <paramref name="weights"/> into double arrays, by name.</summary>
    public static Dictionary<string, double[]> Parameters(NetworkWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var result = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var tensor in weights.Tensors) result[tensor.Name] = ReferenceExecutor.ToDouble(weights[tensor.Name]);
        return result;
    }

    /// <summary>Forward, loss and backward on <paramref name="batch"/> NHWC images.</summary>
    /// <param name="graph">The lowered graph.</param>
    /// <param name="parameters">Every tensor by name (not modified).</param>
    /// <param name="input">batch x H x W x C values.</param>
    /// <param name="batch">Number of images.</param>
    /// <param name="labels">Class per image (cross-entropy).</param>
    /// <param name="targets">Target outputs (mean squared error).</param>
    /// <param name="options">Loss, mode, frozen tensors.</param>
    public static ReferencePass Run(IReadOnlyList<NodeInfo> graph, IReadOnlyDictionary<string, double[]> parameters, double[] input, int batch,
        int[]? labels, double[]? targets, ReferenceTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        var running = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var (name, values) in parameters)
            if (name.EndsWith("running_mean", StringComparison.Ordinal) || name.EndsWith("running_var", StringComparison.Ordinal)) running[name] = (double[])values.Clone();

        ReferenceCore.TensorLookup tensor = (name, length) =>
        {
            if (!parameters.TryGetValue(name, out var values)) throw new ArgumentException($"The parameters have no tensor named '{name}'.");
            if (values.Length != length) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Tensor '{name}' holds {values.Length} values but its node needs {length}."));
            return values;
        };

        int count = graph.Count;
        var outputs = new double[count][];
        var preActivation = new double[count][];
        var normalized = new (double[] Xhat, double[] InverseStd)?[count];
        var masks = new double[]?[count];
        outputs[0] = (double[])input.Clone();
        for (int id = 1; id < count; id++)
        {
            var node = graph[id];
            var inputs = Inputs(node, outputs);
            if (node.Op == Op.Dropout && options.Training)
            {
                double rate = options.DropoutRates is not null && options.DropoutRates.TryGetValue(node.Name, out double r) ? r : node.Rate;
                masks[id] = ReferenceDropout.Mask(options.DropoutSeed, options.Step, id, rate, batch * node.Output.Length);
            }
            double[] y = ReferenceCore.Forward(node, inputs, tensor, batch, masks[id]);
            if (BatchNormPrefix(node) is { } prefix)
            {
                int channels = node.Output.Channels;
                if (options.Training && !Frozen(options, prefix))
                {
                    normalized[id] = ReferenceBatchNorm.Training(y, channels, tensor(prefix + "weight", channels), tensor(prefix + "bias", channels), node.Epsilon,
                        options.Momentum, running[prefix + "running_mean"], running[prefix + "running_var"]);
                }
                else
                {
                    ReferenceBatchNorm.Inference(y, channels, tensor(prefix + "weight", channels), tensor(prefix + "bias", channels),
                        tensor(prefix + "running_mean", channels), tensor(prefix + "running_var", channels), node.Epsilon);
                }
            }
            preActivation[id] = (double[])y.Clone();
            ReferenceActivation.Forward(y, node.Act, node.Output.Channels);
            outputs[id] = y;
        }

        var last = graph[^1];
        var (loss, dOutput) = options.Loss == ReferenceLossKind.SoftmaxCrossEntropy
            ? ReferenceLoss.SoftmaxCrossEntropy(outputs[^1], labels ?? throw new ArgumentNullException(nameof(labels)), last.Output.Length, options.LabelSmoothing, last.Act == Act.Softmax)
            : ReferenceLoss.MeanSquaredError(outputs[^1], targets ?? throw new ArgumentNullException(nameof(targets)));

        var gradients = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var (name, values) in parameters)
            if (!running.ContainsKey(name) && !options.IsFrozen(name)) gradients[name] = new double[values.Length];
        var dOutputs = new double[count][];
        for (int id = 0; id < count; id++) dOutputs[id] = new double[outputs[id].Length];
        Array.Copy(dOutput, dOutputs[^1], dOutput.Length);
        for (int id = count - 1; id >= 1; id--)
        {
            var node = graph[id];
            double[] dy = dOutputs[id];
            ReferenceActivation.Backward(dy, preActivation[id], outputs[id], node.Act, node.Output.Channels);
            if (BatchNormPrefix(node) is { } prefix)
            {
                int channels = node.Output.Channels;
                var scale = tensor(prefix + "weight", channels);
                if (normalized[id] is { } stats)
                    ReferenceBatchNorm.TrainingBackward(dy, stats.Xhat, stats.InverseStd, scale, channels, Gradient(gradients, prefix + "weight"), Gradient(gradients, prefix + "bias"));
                else
                    ReferenceBatchNorm.InferenceBackward(dy, scale, tensor(prefix + "running_var", channels), node.Epsilon, channels);
            }
            var dInputs = new double[]?[node.Inputs.Count];
            for (int k = 0; k < dInputs.Length; k++) dInputs[k] = dOutputs[node.Inputs[k]];
            ReferenceCore.Backward(node, Inputs(node, outputs), tensor, dy, batch, masks[id], dInputs, name => Gradient(gradients, name));
        }
        return new ReferencePass(loss, outputs[^1], gradients, dOutputs[0], running);
    }

    /// <summary>The loss alone (for finite differences).</summary>
    public static double Loss(IReadOnlyList<NodeInfo> graph, IReadOnlyDictionary<string, double[]> parameters, double[] input, int batch,
        int[]? labels, double[]? targets, ReferenceTrainingOptions options)
        => Run(graph, parameters, input, batch, labels, targets, options).Loss;

    private static double[][] Inputs(NodeInfo node, double[][] outputs)
    {
        var inputs = new double[node.Inputs.Count][];
        for (int k = 0; k < inputs.Length; k++) inputs[k] = outputs[node.Inputs[k]];
        return inputs;
    }

    private static string? BatchNormPrefix(NodeInfo node) => node.BatchNorm ? node.Name + ".bn." : node.Op == Op.BatchNorm ? node.Name + "." : null;

    private static bool Frozen(ReferenceTrainingOptions options, string prefix) => options.IsFrozen(prefix + "weight") && options.IsFrozen(prefix + "bias");

    private static double[]? Gradient(Dictionary<string, double[]> gradients, string name) => gradients.TryGetValue(name, out var g) ? g : null;
}
