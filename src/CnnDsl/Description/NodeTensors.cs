using System.Collections.Generic;
using CnnDsl.Operations;

namespace CnnDsl;

/// <summary>
/// A node's canonical parameter tensors from its <see cref="NodeInfo"/> fields, by the rule the generator's operations
/// use (<see cref="ParameterLayout"/>): what the generated <c>Tensors</c> lists and <see cref="NodeInfo.Parameters"/> counts.
/// </summary>
internal static class NodeTensors
{
    /// <summary>Its tensors; without <paramref name="batchNorm"/>, only the weights and biases (the parameters).</summary>
    public static IEnumerable<ParameterTensor> Of(NodeInfo node, bool batchNorm) => node.Op switch
    {
        Op.Conv => ParameterLayout.Convolution(node.Name, node.Filters, node.Input.Channels / node.Groups, node.KernelH, node.KernelW, node.Bias, batchNorm && node.BatchNorm),
        Op.DepthwiseConv => ParameterLayout.Convolution(node.Name, node.Filters, 1, node.KernelH, node.KernelW, node.Bias, batchNorm && node.BatchNorm),
        Op.Dense => ParameterLayout.Dense(node.Name, node.Filters, node.Input.Length, node.Bias),
        Op.BatchNorm when batchNorm => ParameterLayout.BatchNorm(node.Name + ".", node.Input.Channels),
        _ => [],
    };
}
