using System.Collections.Generic;
using CnnDsl.Operations;

namespace CnnDsl.Model;

/// <summary>
/// Which inverted-residual blocks run in bands of rows (the runtime's <c>Kernels.RowStream</c>): a 1x1
/// expansion whose only reader is a depthwise layer, the expanded tensor at least <see cref="MinExpandedFloats"/>, with
/// the 1x1 projection after it when it alone reads the depthwise output and no gate scales its weights. Layer by layer,
/// such a tensor (MobileNet V2's 112x112x96, 4.8 MB) is written whole and read back after it left L2; in bands, each
/// band's expanded rows are read while still there. Measured alone on a Zen 5 EPYC (1 MB L2), blocks of MobileNet V2 in
/// bands of 4 rows against layer by layer: 0.97-1.06x with every tensor left in the caches between calls, 1.19-1.32x
/// with the caches flushed (in a network the blocks' tensors come from the layers before, between the two). A block
/// with squeeze-and-excitation (EfficientNet) streams its expansion into its depthwise layer alone: the gate pools the
/// whole depthwise output before the projection can run (EfficientNet-B0's such blocks 3-10% less time each, Zen 4
/// EPYC, 2 MB L2, under load). Every tensor keeps its own buffer and layout, so the plan only makes the block's buffers
/// live together from the expansion to its last layer. Two threads take a block in <see cref="Parts"/> parts of its
/// rows. The price is memory: MobileNet V2's scratch 1.51M -> 1.78M floats.
/// </summary>
internal static class RowStreams
{
    /// <summary>The smallest expanded tensor streamed (128K floats, 512 KB, half the L2 of the machine measured).</summary>
    public const long MinExpandedFloats = 128 * 1024;

    /// <summary>
    /// The most input channels a streamed expansion has (the runtime's <c>ConvKernel.TapsPerPart</c>): a 1x1 layer of
    /// more runs in parts of its input channels and stores the sums of the first parts in its output, where the other
    /// part of a block on two threads may read the rows both parts expand.
    /// </summary>
    public const int MaxExpansionInputs = 256;

    /// <summary>
    /// Parts of a streamed block's rows on two threads (<see cref="NodePlan.Parts"/> of its expansion): each part expands
    /// the input rows its first output row reads, which the part before it expanded too (one or two rows of a 3x3
    /// kernel), so more parts would redo more; with two, a helper that starts late leaves the caller both.
    /// </summary>
    public const int Parts = 2;

    /// <summary>Marks every block that streams: the expansion's <see cref="NodePlan.StreamEnd"/>, the others' <see cref="NodePlan.StreamedBy"/>.</summary>
    public static void Mark(IReadOnlyList<Node> nodes, IReadOnlyList<NodePlan> plans, IReadOnlyList<List<int>> consumers)
    {
        foreach (var depthwise in nodes)
        {
            if (depthwise.Operation is not DepthwiseConvOperation || !Computes(plans[depthwise.Id])) continue;
            int expand = Source(depthwise.Inputs[0], plans);
            if (SoleReader(expand, plans, consumers) != depthwise.Id || !Pointwise(nodes[expand], plans[expand])) continue;
            if (nodes[expand].Output.Elements < MinExpandedFloats || nodes[expand].Input.Channels > MaxExpansionInputs || !Dense(nodes[expand].Inputs[0], nodes, plans)) continue;
            if (!OnlyFoldedBetween(expand, depthwise.Id, plans) || plans[expand].SliceOf >= 0 || plans[expand].Residual >= 0 || plans[depthwise.Id].SliceOf >= 0) continue;
            if (!InRegisters(plans[expand].Act) || !InRegisters(plans[depthwise.Id].Act)) continue;
            int project = SoleReader(depthwise.Id, plans, consumers);
            // The projection joins the bands where it alone reads the depthwise output, row by row; one whose weights a
            // gate scales (squeeze-and-excitation) waits for the gate, which pools the whole depthwise output.
            bool joins = project >= 0 && Pointwise(nodes[project], plans[project]) && OnlyFoldedBetween(depthwise.Id, project, plans)
                && plans[project].GatedBy < 0 && plans[project].SliceOf < 0 && InRegisters(plans[project].Act)
                && (plans[project].Residual < 0 || (InRegisters(plans[project].ResidualAct) && Dense(plans[project].Residual, nodes, plans)));
            int end = joins ? project : depthwise.Id;
            plans[expand].StreamEnd = end;
            plans[depthwise.Id].StreamedBy = expand;
            plans[end].StreamedBy = expand;
        }
    }

    /// <summary>
    /// The block's input (and residual), expanded tensor, depthwise output and result all live from the expansion to the
    /// block's last layer: a band writes rows of each while later bands still read the input, so none may share memory.
    /// </summary>
    public static void ExtendLifetimes(IReadOnlyList<Node> nodes, IReadOnlyList<NodePlan> plans, IReadOnlyList<ArenaBuffer> buffers)
    {
        foreach (var plan in plans)
        {
            if (plan.StreamEnd < 0) continue;
            int first = plan.NodeId, last = plan.StreamEnd;
            var block = new List<int> { plans[nodes[first].Inputs[0]].Buffer };
            foreach (var member in Members(nodes, plans, plan)) block.Add(member.Buffer);
            if (plans[last].Residual >= 0) block.Add(plans[plans[last].Residual].Buffer);
            foreach (int id in block)
            {
                buffers[id].FirstUse = System.Math.Min(buffers[id].FirstUse, first);
                buffers[id].LastUse = System.Math.Max(buffers[id].LastUse, last);
            }
        }
    }

    /// <summary>
    /// Unmarks the blocks the final plan runs otherwise: a node that two threads do not take in parts, one reading or
    /// writing the caller's span, or a block from where a batch runs layer by layer (<see cref="LayerMajor"/>).
    /// </summary>
    public static void Drop(IReadOnlyList<Node> nodes, IReadOnlyList<NodePlan> plans, LayerMajor? layerMajor)
    {
        foreach (var plan in plans)
        {
            if (plan.StreamEnd < 0) continue;
            var block = Members(nodes, plans, plan);
            bool keep = layerMajor is null || plan.StreamEnd < layerMajor.Cut;
            foreach (var member in block)
                keep &= member.Split != ThreadSplit.FirstThread && member.PaddedBuffer < 0 && !member.InputFromCaller && !member.OutputToCaller && !member.ResidualFromCaller;
            if (keep)
            {
                plan.Parts = Parts;
                continue;
            }
            plan.StreamEnd = -1;
            foreach (var member in block) member.StreamedBy = -1;
        }
    }

    /// <summary>The depthwise layer of the block <paramref name="expand"/> starts (<see cref="NodePlan.StreamEnd"/> set).</summary>
    public static int Depthwise(IReadOnlyList<Node> nodes, IReadOnlyList<NodePlan> plans, NodePlan expand)
        => HasProjection(nodes, expand) ? Source(nodes[expand.StreamEnd].Inputs[0], plans) : expand.StreamEnd;

    /// <summary>Whether the block <paramref name="expand"/> starts ends with its projection (else with its depthwise layer).</summary>
    public static bool HasProjection(IReadOnlyList<Node> nodes, NodePlan expand) => nodes[expand.StreamEnd].Operation is not DepthwiseConvOperation;

    /// <summary>The block's layers in order: the expansion, the depthwise layer, and the projection where it streams too.</summary>
    private static List<NodePlan> Members(IReadOnlyList<Node> nodes, IReadOnlyList<NodePlan> plans, NodePlan expand)
    {
        var members = new List<NodePlan> { expand, plans[Depthwise(nodes, plans, expand)] };
        if (HasProjection(nodes, expand)) members.Add(plans[expand.StreamEnd]);
        return members;
    }

    /// <summary>Whether nothing runs between <paramref name="first"/> and <paramref name="last"/> but nodes folded into them (the stream replaces their calls in order).</summary>
    private static bool OnlyFoldedBetween(int first, int last, IReadOnlyList<NodePlan> plans)
    {
        for (int id = first + 1; id < last; id++)
        {
            if (plans[id].Role != NodeRole.Alias) return false;
        }
        return true;
    }

    private static bool Computes(NodePlan plan) => plan.Role == NodeRole.Compute;

    /// <summary>The node computing <paramref name="id"/>'s values (through folded batch norms and fused activations).</summary>
    private static int Source(int id, IReadOnlyList<NodePlan> plans)
    {
        while (plans[id].Role == NodeRole.Alias) id = plans[id].AliasOf;
        return id;
    }

    /// <summary>A 1x1, stride-1, unpadded, ungrouped convolution that computes (the kernel's flat walk over positions).</summary>
    private static bool Pointwise(Node node, NodePlan plan)
        => Computes(plan) && node.Operation is ConvOperation { Pointwise: true, Groups: 1 } && plan.GatesWeightsOf < 0;

    /// <summary>
    /// The computing node that alone reads <paramref name="id"/>'s values, through nodes folded into it that each have
    /// that one reader too; -1 otherwise.
    /// </summary>
    private static int SoleReader(int id, IReadOnlyList<NodePlan> plans, IReadOnlyList<List<int>> consumers)
    {
        if (!Computes(plans[id])) return -1;
        while (true)
        {
            if (consumers[id].Count != 1) return -1;
            id = consumers[id][0];
            if (plans[id].Role != NodeRole.Alias) return Computes(plans[id]) ? id : -1;
        }
    }

    /// <summary>Whether the tensor of node <paramref name="id"/> is a whole buffer of its own channels (not a slice of a concatenation).</summary>
    private static bool Dense(int id, IReadOnlyList<Node> nodes, IReadOnlyList<NodePlan> plans)
        => plans[id].PixelStride == nodes[id].Output.Channels && plans[id].ChannelOffset == 0;

    /// <summary>The activations the kernels apply in registers (the emitter's <c>InlineAct</c>), so no pass over a whole stored tensor follows a layer.</summary>
    private static bool InRegisters(Act act) => act is Act.None or Act.Relu or Act.Relu6 or Act.HardSwish or Act.Sigmoid or Act.Swish;
}
