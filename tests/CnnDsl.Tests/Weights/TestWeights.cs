using System.Collections.Generic;

namespace CnnDsl.Tests.Weights;

/// <summary>A weights container for any network's <c>Graph</c>/<c>Tensors</c>, independent of generated weights types.</summary>
internal sealed class TestWeights : NetworkWeights
{
    public TestWeights(IReadOnlyList<NodeInfo> graph, IReadOnlyList<TensorInfo> tensors) : base(graph, tensors)
    {
    }
}
