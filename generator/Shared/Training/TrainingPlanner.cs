using System.Collections.Generic;
using System.Linq;

namespace CnnDsl.Training;

/// <summary>
/// Assigns the buffers of <see cref="TrainingLifetimes"/> to slots: largest first, each into the first slot whose
/// buffers are all dead while it lives, else a new slot (so a slot is as long as its first, largest buffer). A slot is
/// one array per batch in the trainer, so its buffers start at its beginning; buffers whose lifetimes do not overlap
/// share it. Deterministic: the same graph and training assumptions give the same plan at compile time and at run time.
/// </summary>
internal static class TrainingPlanner
{
    public static TrainingPlan Plan(IReadOnlyList<PlanStep> steps, bool inputGradient)
    {
        var lifetimes = new TrainingLifetimes(steps, inputGradient);
        var buffers = lifetimes.Buffers;
        var slotOf = new int[buffers.Count];
        var slots = new List<List<int>>();
        var lengths = new List<int>();
        var order = Enumerable.Range(0, buffers.Count).OrderByDescending(b => buffers[b].Length).ThenBy(b => buffers[b].First).ThenBy(b => b);
        foreach (int b in order)
        {
            int slot = slots.FindIndex(s => s.TrueForAll(other => !buffers[other].Overlaps(buffers[b])));
            if (slot < 0)
            {
                slot = slots.Count;
                slots.Add(new List<int>());
                lengths.Add(buffers[b].Length);
            }
            slots[slot].Add(b);
            slotOf[b] = slot;
        }
        var nodes = new TrainingBuffers[steps.Count];
        for (int j = 0; j < nodes.Length; j++)
        {
            int gradient = lifetimes.Gradient[j];
            nodes[j] = new TrainingBuffers(slotOf[lifetimes.Core[j]], slotOf[lifetimes.Normalized[j]], slotOf[lifetimes.Output[j]],
                gradient < 0 ? -1 : slotOf[gradient], lifetimes.Kept(j), steps[j].Trains);
        }
        return new TrainingPlan(nodes, lengths.ToArray(), inputGradient);
    }
}
