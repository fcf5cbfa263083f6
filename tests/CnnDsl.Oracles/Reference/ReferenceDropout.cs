namespace CnnDsl.Oracles;

/// <summary>
/// Dropout in training: value j of image n of the batch is kept, and multiplied by 1 / (1 - rate), when
/// u(seed, step, node, n * imageLength + j) &gt;= rate, else zeroed; u is uniform on [0, 1): the top 24 bits of a
/// SplitMix64 chain over (seed, step, node id, index), times 2^-24. The identity at inference. Written here from that
/// definition (the training engine's copy is the code under test).
/// </summary>
internal static class ReferenceDropout
{
    public static double[] Mask(int seed, long step, int nodeId, double rate, int length)
    {
        var mask = new double[length];
        for (int i = 0; i < length; i++)
        {
            ulong key = Mix((uint)seed);
            key = Mix(key ^ (ulong)step);
            key = Mix(key ^ (ulong)nodeId);
            key = Mix(key ^ (ulong)i);
            double u = (key >> 40) / 16777216.0;
            mask[i] = u >= rate ? 1 / (1 - rate) : 0;
        }
        return mask;
    }

    /// <summary>SplitMix64's output function (Steele, Lea and Flood 2014).</summary>
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
