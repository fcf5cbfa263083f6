namespace CnnDsl.Training;

/// <summary>
/// The seeded dropout mask: value j of image n is kept (and scaled by 1 / (1 - rate)) when
/// u(seed, step, node, n * imageLength + j) &gt;= rate, u being the top 24 bits of a SplitMix64 chain over
/// (seed, step, node id, index) times 2^-24. A pure function of its arguments, so the mask does not depend on
/// the thread that computes it, and backward recomputes it instead of storing it.
/// </summary>
internal static class DropoutMask
{
    public static ulong StepKey(int seed, long step, int nodeId) => Mix(Mix(Mix((uint)seed) ^ (ulong)step) ^ (ulong)nodeId);

    /// <summary>The multiplier of element <paramref name="index"/>: 0 or 1 / (1 - rate).</summary>
    public static float Factor(ulong stepKey, long index, float rate, float keptScale)
    {
        ulong key = Mix(stepKey ^ (ulong)index);
        float u = (key >> 40) * (1f / 16777216f);
        return u >= rate ? keptScale : 0f;
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
