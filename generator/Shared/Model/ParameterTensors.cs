using System.Collections.Generic;

namespace CnnDsl.Model;

/// <summary>
/// The canonical parameter tensors of a node, named and shaped as ONNX and PyTorch store them: convolution
/// weights OIHW (depthwise [C, 1, kH, kW]), dense weights [units, inFeatures], then bias, then a fused batch
/// norm's weight, bias, running_mean and running_var. One definition for the generated weights type, import and export.
/// </summary>
internal static class ParameterTensors
{
    public static IEnumerable<(string Name, int[] Shape)> For(Node node)
    {
        switch (node.Op)
        {
            case OpKind.Conv:
                yield return (node.Name + ".weight", new[] { node.Filters, node.Input.Channels, node.KernelH, node.KernelW });
                break;
            case OpKind.DepthwiseConv:
                yield return (node.Name + ".weight", new[] { node.Filters, 1, node.KernelH, node.KernelW });
                break;
            case OpKind.Dense:
                yield return (node.Name + ".weight", new[] { node.Filters, (int)node.Input.Elements });
                break;
            case OpKind.BatchNorm:
                foreach (var stat in BatchNormStats) yield return (node.Name + "." + stat, new[] { node.Output.Channels });
                yield break;
            default:
                yield break;
        }
        if (node.Bias) yield return (node.Name + ".bias", new[] { node.Filters });
        if (node.BatchNorm)
        {
            foreach (var stat in BatchNormStats) yield return (node.Name + ".bn." + stat, new[] { node.Filters });
        }
    }

    public static readonly string[] BatchNormStats = { "weight", "bias", "running_mean", "running_var" };
}
