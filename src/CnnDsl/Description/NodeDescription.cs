using CnnDsl.Text;

namespace CnnDsl;

/// <summary>
/// A node's text in summaries ("3x3/1 conv, Relu") from its <see cref="NodeInfo"/> fields, by the rule the generator's
/// operations describe themselves with (<see cref="NodeText"/>).
/// </summary>
internal static class NodeDescription
{
    public static string Of(NodeInfo node) => node.Op switch
    {
        Op.Conv => NodeText.Convolution(Window(node), node.Groups, node.BatchNorm, node.Act),
        Op.DepthwiseConv => NodeText.Depthwise(Window(node), node.BatchNorm, node.Act),
        Op.MaxPool or Op.AvgPool => NodeText.Pool(Window(node), node.Op == Op.MaxPool, node.CountIncludePad),
        Op.Add => NodeText.Merge("add", node.Act),
        Op.Concat => NodeText.Merge("concat", node.Act),
        Op.Activation => node.Act.ToString(),
        _ => node.Op.ToString(),
    };

    private static string Window(NodeInfo node) => NodeText.Window(node.KernelH, node.KernelW, node.StrideH, node.StrideW, node.DilationH, node.DilationW);
}
