using System.Collections.Generic;
using CnnDsl.Operations;

namespace CnnDsl.Model;

/// <summary>
/// The dense layers a batch runs on several images at once (the runtime's <c>Kernels.DenseBatch</c>): the chain of
/// dense layers that ends the network, each reading the one before it, when every computing node after the chain's
/// first is in it. Image by image a dense layer reads all its weights for one position; on a batch the generated
/// <c>Forward</c> stops each image before the chain, gathers the chain's input for up to <c>DenseBatch.Images</c>
/// images, and runs each dense layer once on all of them.
/// </summary>
internal static class DenseTail
{
    /// <summary>The chain's node ids in order, or none.</summary>
    public static IReadOnlyList<int> Of(IReadOnlyList<Node> nodes, IReadOnlyList<NodePlan> plans, int output)
    {
        var tail = new List<int>();
        for (int at = Resolve(plans, output); at > 0; at = Resolve(plans, nodes[at].Inputs[0]))
        {
            var plan = plans[at];
            if (plan.Role != NodeRole.Compute || nodes[at].Operation is not DenseOperation dense
                || plan.Residual >= 0 || plan.SliceOf >= 0 || plan.PixelStride != dense.Units) break;
            tail.Insert(0, at);
        }
        // Run stops before the chain's first node: nothing after it may be left out of the chain.
        for (int id = tail.Count == 0 ? nodes.Count : tail[0]; id < nodes.Count; id++)
        {
            if (plans[id].Role == NodeRole.Compute && !tail.Contains(id)) return System.Array.Empty<int>();
        }
        return tail;
    }

    private static int Resolve(IReadOnlyList<NodePlan> plans, int id)
    {
        while (plans[id].Role == NodeRole.Alias) id = plans[id].AliasOf;
        return id;
    }
}
