using System.Collections.Generic;

namespace CnnDsl.Model;

/// <summary>
/// Where a batch switches from image by image to layer by layer (the generated <c>ForwardLayerMajor</c>): image by
/// image every image reads every layer's weights again, and late layers' weights (ResNet-50's stage 4: 2-9 MB a layer,
/// 100 MB in all) no longer stay in any cache between two images once a network's weights exceed the L3
/// (<see cref="MinWeights"/>), so each image streams them from memory. Layer by
/// layer, the images of a chunk run one layer after another, reading its weights while they are still cached, at the
/// price of reading and writing each image's activations from a larger working set. So the cut is where the layers
/// after it read more weights than activations: of the compute nodes before the dense layers a batch gathers
/// (<see cref="DenseTail"/>), the suffix whose weights minus activations (input, output and residual floats, summed) is
/// largest and positive. Each image of a chunk keeps its own copy of the arena's first <see cref="Extent"/> floats, every
/// buffer alive from the cut on; the buffers alive across the cut (<see cref="Copies"/>) are copied there after the
/// image's head ran in the instance's arena.
/// </summary>
internal sealed class LayerMajor
{
    /// <summary>
    /// Images a chunk takes: the runtime's <c>Kernels.DenseBatch.Images</c> (the gathered dense layers after the cut
    /// take a chunk at once), which the generated code names.
    /// </summary>
    public const int Images = 8;

    /// <summary>
    /// Weights (floats) from which a network's layers no longer stay cached between two images: 32 MB, the L3 of the
    /// machine measured. Below, image by image finds them in L3 anyway, and layer by layer measured no gain (MobileNet V2,
    /// EfficientNet-B0, GoogLeNet, ResNet-50 stage 4's 1x1 pair alone: within the noise).
    /// </summary>
    public const long MinWeights = 8L << 20;

    /// <summary>The most floats one image's copy of the arena may take (2 MB; 16 MB for a chunk, half the L3, beside a layer's weights).</summary>
    public const int MaxExtent = 1 << 19;

    private LayerMajor(int cut, int end, int extent, IReadOnlyList<(int Offset, int Length)> copies)
    {
        Cut = cut;
        End = end;
        Extent = extent;
        Copies = copies;
    }

    /// <summary>The first node run layer by layer (<c>Run</c> stops before it).</summary>
    public int Cut { get; }
    /// <summary>The node after the last one run layer by layer: the gathered dense chain's first, or the node count.</summary>
    public int End { get; }
    /// <summary>Floats of one image's copy of the arena (every buffer alive from the cut on ends inside it), 64-byte aligned.</summary>
    public int Extent { get; }
    /// <summary>The arena regions alive across the cut, copied from the instance's arena to the image's after its head.</summary>
    public IReadOnlyList<(int Offset, int Length)> Copies { get; }

    /// <summary>The cut of a network, or null when no suffix reads more weights than activations.</summary>
    public static LayerMajor? Of(IReadOnlyList<Node> nodes, IReadOnlyList<NodePlan> plans, IReadOnlyList<ArenaBuffer> buffers, IReadOnlyList<int> denseTail, bool inputFromCaller)
    {
        long weights = 0;
        foreach (var node in nodes) weights += plans[node.Id].Role == NodeRole.Compute ? node.Parameters : 0;
        if (weights < MinWeights) return null;
        int end = denseTail.Count > 0 ? denseTail[0] : nodes.Count;
        long gain = 0, best = 0;
        int cut = -1;
        for (int id = end - 1; id > 0; id--)
        {
            var plan = plans[id];
            if (plan.Role != NodeRole.Compute) continue;
            var node = nodes[id];
            long activations = node.Input.Elements + node.Output.Elements + (plan.Residual >= 0 ? nodes[plan.Residual].Output.Elements : 0);
            gain += node.Parameters - activations;
            if (gain > best && ExtentFrom(id, buffers) <= MaxExtent)
            {
                best = gain;
                cut = id;
            }
        }
        if (cut < 0) return null;
        var copies = new List<(int, int)>();
        foreach (var buffer in buffers)
        {
            // The network's input read in the caller's span is not in the arena: the layers after the cut read it there too.
            if (buffer.FirstUse < cut && buffer.LastUse >= cut && !(inputFromCaller && buffer.Id == plans[0].Buffer)) copies.Add((buffer.Offset, buffer.Length));
        }
        return new LayerMajor(cut, end, ExtentFrom(cut, buffers), copies);
    }

    /// <summary>Where the last buffer alive from node <paramref name="cut"/> on ends, rounded up to 64 bytes.</summary>
    private static int ExtentFrom(int cut, IReadOnlyList<ArenaBuffer> buffers)
    {
        // Every buffer ends inside the arena, whose length is an aligned int.
        int end = 0;
        foreach (var buffer in buffers)
        {
            if (buffer.LastUse >= cut) end = System.Math.Max(end, buffer.Offset + buffer.Length);
        }
        return ArenaPlanner.Align(end);
    }
}
