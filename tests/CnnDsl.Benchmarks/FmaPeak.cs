using System;
using System.Diagnostics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CnnDsl.Benchmarks;

/// <summary>
/// This core's float32 FMA peak, measured rather than looked up: the runtime's own loop of independent vector FMAs over
/// enough accumulators to hide the FMA latency (<see cref="CnnDsl.Kernels.FmaRate"/>, which times the same loops to
/// tell whether 512-bit FMAs run at half rate).
/// </summary>
internal static class FmaPeak
{
    // Short runs (about a millisecond), many of them, best kept: a run that the scheduler interrupts does not count.
    private const int Iterations = 100_000;

    /// <summary>GFLOP/s (2 per lane per FMA) of the best of <paramref name="repeats"/> runs, or 0 when the width has no FMA.</summary>
    public static double Vector512Gflops(int repeats) => Avx512F.IsSupported ? Best(repeats, () => CnnDsl.Kernels.FmaRate.Run512(Iterations), Vector512<float>.Count) : 0;

    /// <inheritdoc cref="Vector512Gflops"/>
    public static double Vector256Gflops(int repeats) => Fma.IsSupported ? Best(repeats, () => CnnDsl.Kernels.FmaRate.Run256(Iterations), Vector256<float>.Count) : 0;

    private static double Best(int repeats, Func<float> run, int lanes)
    {
        double best = double.MaxValue;
        for (int r = 0; r < repeats; r++)
        {
            long start = Stopwatch.GetTimestamp();
            float sink = run();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
            if (float.IsNaN(sink)) Console.WriteLine("(sink)"); // keeps the result alive
        }
        return 2.0 * lanes * CnnDsl.Kernels.FmaRate.Chains * Iterations / best / 1e9;
    }
}
