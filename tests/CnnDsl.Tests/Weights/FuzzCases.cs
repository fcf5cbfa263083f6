using System;
using System.Globalization;

namespace CnnDsl.Tests.Weights;

/// <summary>
/// How many mutated files each fuzz test tries: 5,000 by default (seconds, in ./test.sh); more by hand with
/// <c>CNNDSL_FUZZ_CASES=200000 dotnet test tests/CnnDsl.Tests -c Release --filter "FullyQualifiedName~Fuzz"</c>.
/// The seed is fixed, so a case number reproduces a failure.
/// </summary>
internal static class FuzzCases
{
    public const string Variable = "CNNDSL_FUZZ_CASES";

    public static int Count => int.TryParse(Environment.GetEnvironmentVariable(Variable), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : 5_000;

    /// <summary>A copy of every tensor's values, to prove a rejected load changed nothing.</summary>
    public static float[][] Snapshot(NetworkWeights weights)
    {
        var copy = new float[weights.Tensors.Count][];
        for (int i = 0; i < copy.Length; i++) copy[i] = (float[])weights[weights.Tensors[i].Name].Clone();
        return copy;
    }

    /// <summary>Whether the weights still hold <paramref name="snapshot"/> exactly (bitwise, so NaN compares too).</summary>
    public static bool Unchanged(NetworkWeights weights, float[][] snapshot)
    {
        for (int i = 0; i < snapshot.Length; i++)
        {
            if (!weights[weights.Tensors[i].Name].AsSpan().SequenceEqual(snapshot[i])) return false;
        }
        return true;
    }

    /// <summary>Every value distinct and nonzero-ish, from <paramref name="seed"/>.</summary>
    public static void FillDistinct(NetworkWeights weights, int seed)
    {
        var random = new Random(seed);
        foreach (var t in weights.Tensors)
        {
            var data = weights[t.Name];
            for (int i = 0; i < data.Length; i++) data[i] = (float)(random.NextDouble() * 2 - 1);
        }
    }
}
