using System.Collections.Generic;
using System.Linq;

namespace CnnDsl.Model;

/// <summary>
/// Greedy-by-size offset assignment in one arena (as TensorFlow Lite Micro plans): largest buffers first, each at
/// the lowest aligned offset that does not overlap a buffer alive at the same time.
/// </summary>
internal static class ArenaPlanner
{
    /// <summary>Sets every buffer's <see cref="ArenaBuffer.Offset"/>; returns the arena length.</summary>
    public static int Assign(IReadOnlyList<ArenaBuffer> buffers)
    {
        var placed = new List<ArenaBuffer>();
        int arena = 0;
        foreach (var buffer in buffers.OrderByDescending(b => b.Length).ThenBy(b => b.FirstUse).ThenBy(b => b.Id))
        {
            int offset = 0;
            foreach (var other in placed.Where(p => p.OverlapsInTime(buffer)).OrderBy(p => p.Offset))
            {
                if (offset + buffer.Length <= other.Offset) break;
                offset = System.Math.Max(offset, Align(other.Offset + other.Length));
            }
            buffer.Offset = offset;
            placed.Add(buffer);
            arena = System.Math.Max(arena, offset + buffer.Length);
        }
        return Align(arena);
    }

    /// <summary><paramref name="offset"/> rounded up to <see cref="InferencePlan.Alignment"/>.</summary>
    internal static int Align(int offset) => (offset + InferencePlan.Alignment - 1) / InferencePlan.Alignment * InferencePlan.Alignment;
}
