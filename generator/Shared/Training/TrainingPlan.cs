using System;
using System.Collections.Generic;
using System.Linq;

namespace CnnDsl.Training;

/// <summary>
/// Where a training step keeps its activations and gradients: per node, the slots of its values and gradient and
/// what it keeps for backward (<see cref="TrainingBuffers"/>); per slot, its floats per image. An activation is kept
/// only when a backward reads it (ReLU its output, a trained convolution its input, a trained batch norm its input,
/// additions and concatenations nothing), a frozen prefix keeps nothing, and buffers whose lifetimes do not overlap
/// share a slot. A generated network's <c>Training</c> type carries the plan made at compile time for its definition
/// (<c>MemoryPlan</c>); a trainer whose options freeze more or ask for the input gradient plans again when built.
/// </summary>
#if CNNDSL_ROSLYN
internal
#else
public
#endif
sealed class TrainingPlan
{
    /// <summary>Ints per node in <see cref="FromTable"/>'s table.</summary>
    private const int Stride = 5;

    internal TrainingPlan(IReadOnlyList<TrainingBuffers> nodes, int[] slotLengths, bool inputGradient)
    {
        Nodes = nodes;
        SlotLengths = slotLengths;
        InputGradient = inputGradient;
    }

    /// <summary>Per graph node, its buffers.</summary>
    public IReadOnlyList<TrainingBuffers> Nodes { get; }

    /// <summary>Per slot, floats per image.</summary>
    public IReadOnlyList<int> SlotLengths { get; }

    /// <summary>Whether the plan keeps dloss/dinput after the step.</summary>
    public bool InputGradient { get; }

    /// <summary>Bytes of activations and gradients per image of batch: every slot's floats, four bytes each.</summary>
    public long BytesPerImage => SlotLengths.Sum(length => (long)length) * sizeof(float);

    /// <summary>
    /// The plan from the table a generated <c>Training</c> type holds: per node, core, normalized, output and gradient
    /// slots, then the kept values plus 8 times the trained parts.
    /// </summary>
    /// <exception cref="ArgumentException">The table is not a whole number of nodes, or names a slot that does not exist.</exception>
    public static TrainingPlan FromTable(int[] slotLengths, int[] nodes, bool inputGradient)
    {
        if (slotLengths is null) throw new ArgumentNullException(nameof(slotLengths));
        if (nodes is null) throw new ArgumentNullException(nameof(nodes));
        if (nodes.Length % Stride != 0) throw new ArgumentException($"A training plan table holds {Stride} values per node, but this one holds {nodes.Length}.", nameof(nodes));
        var list = new TrainingBuffers[nodes.Length / Stride];
        for (int j = 0; j < list.Length; j++)
        {
            int at = j * Stride;
            for (int k = 0; k < 4; k++)
            {
                int slot = nodes[at + k];
                if (slot < (k == 3 ? -1 : 0) || slot >= slotLengths.Length)
                    throw new ArgumentException($"Node {j} of the training plan names slot {slot}, but the plan has slots 0 to {slotLengths.Length - 1}.", nameof(nodes));
            }
            list[j] = new TrainingBuffers(nodes[at], nodes[at + 1], nodes[at + 2], nodes[at + 3], (KeptValues)(nodes[at + 4] & 7), (TrainedParts)(nodes[at + 4] >> 3));
        }
        return new TrainingPlan(list, (int[])slotLengths.Clone(), inputGradient);
    }

    /// <summary>The per-node table of <see cref="FromTable"/>.</summary>
    internal int[] NodeTable()
    {
        var table = new int[Nodes.Count * Stride];
        for (int j = 0; j < Nodes.Count; j++)
        {
            var b = Nodes[j];
            table[j * Stride] = b.Core;
            table[j * Stride + 1] = b.Normalized;
            table[j * Stride + 2] = b.Output;
            table[j * Stride + 3] = b.Gradient;
            table[j * Stride + 4] = (int)b.Kept | (int)b.Trains << 3;
        }
        return table;
    }

    /// <summary>Why the plan cannot hold the buffers of <paramref name="lifetimes"/> safely, or null when it can.</summary>
    internal string? Check(TrainingLifetimes lifetimes)
    {
        if (Nodes.Count != lifetimes.Steps) return $"the plan has {Nodes.Count} nodes but the graph {lifetimes.Steps}";
        var slotOf = new int[lifetimes.Buffers.Count];
        for (int j = 0; j < Nodes.Count; j++)
        {
            var b = Nodes[j];
            bool sameCore = lifetimes.Normalized[j] == lifetimes.Core[j], sameOutput = lifetimes.Output[j] == lifetimes.Normalized[j];
            if (sameCore != (b.Normalized == b.Core) || sameOutput != (b.Output == b.Normalized) || (lifetimes.Output[j] == lifetimes.Core[j]) != (b.Output == b.Core))
                return $"node {j}'s stages run in place differently than its training needs";
            if (lifetimes.Gradient[j] >= 0 != b.Gradient >= 0) return $"node {j} {(b.Gradient >= 0 ? "has" : "lacks")} a gradient buffer it {(b.Gradient >= 0 ? "does not need" : "needs")}";
            slotOf[lifetimes.Core[j]] = b.Core;
            slotOf[lifetimes.Normalized[j]] = b.Normalized;
            slotOf[lifetimes.Output[j]] = b.Output;
            if (b.Gradient >= 0) slotOf[lifetimes.Gradient[j]] = b.Gradient;
        }
        var buffers = lifetimes.Buffers;
        for (int i = 0; i < buffers.Count; i++)
        {
            if (SlotLengths[slotOf[i]] < buffers[i].Length)
                return $"slot {slotOf[i]} holds {SlotLengths[slotOf[i]]} floats per image but node {buffers[i].Node} puts {buffers[i].Length} in it";
        }
        foreach (var slot in Enumerable.Range(0, buffers.Count).GroupBy(i => slotOf[i]))
        {
            TrainingLifetimes.Lifetime? latest = null; // the buffer so far that lives longest
            foreach (int i in slot.OrderBy(i => buffers[i].First))
            {
                var b = buffers[i];
                if (latest is not null && b.First <= latest.Last)
                    return $"slot {slot.Key} holds a buffer of node {latest.Node} until step {latest.Last} and one of node {b.Node} from step {b.First}";
                if (latest is null || b.Last > latest.Last) latest = b;
            }
        }
        return null;
    }
}
