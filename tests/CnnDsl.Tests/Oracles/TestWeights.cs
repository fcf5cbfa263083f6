using System.Collections.Generic;

namespace CnnDsl.Tests.Oracles;

/// <summary>A weights object for any test network, built from its generated Graph and Tensors (independent of a generated Weights class).</summary>
internal sealed class TestWeights(IReadOnlyList<NodeInfo> graph, IReadOnlyList<TensorInfo> tensors) : NetworkWeights(graph, tensors)
{
}
