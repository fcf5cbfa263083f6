using System.Collections.Generic;

namespace CnnDsl.Operations;

/// <summary>
/// The canonical parameter tensors of the operations that have them, from plain numbers: the generator's operations
/// list their tensors here, and the runtime derives a graph's <c>Tensors</c> (and each node's parameters) from its
/// <c>NodeInfo</c> fields here, so the rule is written once. Linked into the runtime (src/CnnDsl).
/// </summary>
internal static class ParameterLayout
{
    /// <summary>Suffixes of a batch normalization's tensors, in the order PyTorch and ONNX list them.</summary>
    public static readonly string[] BatchNormStatistics = { "weight", "bias", "running_mean", "running_var" };

    /// <summary>
    /// A convolution's weights OIHW <c>[filters, groupInChannels, kH, kW]</c> (a depthwise one: groupInChannels 1),
    /// its bias <c>[filters]</c>, then a folded batch normalization's tensors under <c>{name}.bn.</c>.
    /// </summary>
    public static IEnumerable<ParameterTensor> Convolution(string name, int filters, int groupInChannels, int kernelH, int kernelW, bool bias, bool batchNorm)
    {
        yield return new ParameterTensor(name + ".weight", new[] { filters, groupInChannels, kernelH, kernelW });
        if (bias) yield return new ParameterTensor(name + ".bias", new[] { filters });
        if (batchNorm) foreach (var t in BatchNorm(name + ".bn.", filters)) yield return t;
    }

    /// <summary>A dense layer's weights <c>[units, inFeatures]</c> and bias <c>[units]</c>.</summary>
    public static IEnumerable<ParameterTensor> Dense(string name, int units, int inFeatures, bool bias)
    {
        yield return new ParameterTensor(name + ".weight", new[] { units, inFeatures });
        if (bias) yield return new ParameterTensor(name + ".bias", new[] { units });
    }

    /// <summary>The four tensors of a batch normalization named <paramref name="prefix"/> over <paramref name="channels"/>.</summary>
    public static IEnumerable<ParameterTensor> BatchNorm(string prefix, int channels)
    {
        foreach (var stat in BatchNormStatistics) yield return new ParameterTensor(prefix + stat, new[] { channels });
    }
}
