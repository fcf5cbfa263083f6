using System.Collections.Generic;

namespace CnnDsl;

/// <summary>
/// A named parameter tensor of a network and its shape in the canonical interchange layout (as ONNX and PyTorch
/// store it): convolution weights OIHW, dense weights [units, inFeatures], biases and batch-norm vectors [channels].
/// </summary>
/// <param name="Name">e.g. <c>conv1.weight</c>, <c>conv1.bias</c>, <c>conv1.bn.running_var</c>.</param>
/// <param name="Shape">Dimensions, outermost first.</param>
/// <param name="Node">The id of the graph node it belongs to.</param>
public sealed record TensorInfo(string Name, IReadOnlyList<int> Shape, int Node)
{
    /// <summary>Number of values.</summary>
    public int Length
    {
        get
        {
            int length = 1;
            foreach (int d in Shape) length *= d;
            return length;
        }
    }

    /// <summary>The shape as written in messages: [32, 3, 3, 3].</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
