using System;
using System.Diagnostics;

namespace CnnDsl.Benchmarks;

/// <summary>Median and best of many timed runs after a warm-up (which also lets the JIT reach its optimized tier).</summary>
internal static class Timing
{
    /// <summary>A measurement in seconds per call.</summary>
    public readonly record struct Result(double Median, double Best, int Runs);

    /// <summary>
    /// Warms up for at least <paramref name="warmup"/> and, within 4 x <paramref name="warmup"/>, for 40 calls (enough
    /// for .NET's tiered JIT to have promoted the code to its final optimized tier), then times single calls until
    /// <paramref name="budget"/> is spent (at least <paramref name="minRuns"/> of them).
    /// </summary>
    public static Result Measure(Action action, TimeSpan warmup, TimeSpan budget, int minRuns, int maxRuns = 2000)
    {
        const int TierUpCalls = 40;
        var clock = Stopwatch.StartNew();
        int warmupRuns = 0;
        while (warmupRuns < 2 || clock.Elapsed < warmup || (warmupRuns < TierUpCalls && clock.Elapsed < 4 * warmup))
        {
            action();
            warmupRuns++;
        }
        var samples = new double[maxRuns];
        int runs = 0;
        clock.Restart();
        while (runs < maxRuns && (runs < minRuns || clock.Elapsed < budget))
        {
            long start = Stopwatch.GetTimestamp();
            action();
            samples[runs++] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        Array.Sort(samples, 0, runs);
        double median = runs % 2 == 1 ? samples[runs / 2] : (samples[runs / 2 - 1] + samples[runs / 2]) / 2;
        return new Result(median, samples[0], runs);
    }
}
