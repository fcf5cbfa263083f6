using System;
using System.Diagnostics;

namespace CnnDsl.Benchmarks;

/// <summary>
/// Median and best of many timed single calls after a warm-up. Contenders are timed interleaved, one call each in
/// turn, so that a noisy neighbour on the machine slows them alike and their ratio stays fair.
/// </summary>
internal static class Timing
{
    /// <summary>Enough calls for .NET's tiered JIT to have promoted the code to its final optimized tier.</summary>
    private const int TierUpCalls = 40;

    /// <summary>A measurement in seconds per call.</summary>
    public readonly record struct Result(double Median, double Best, int Runs);

    /// <summary>
    /// Warms each action up for at least <paramref name="warmup"/> and, within 4 x <paramref name="warmup"/>, for 40
    /// calls; then times them in turn until <paramref name="budget"/> per action is spent (at least <paramref name="minRuns"/> calls each).
    /// </summary>
    public static Result[] Interleaved(TimeSpan warmup, TimeSpan budget, int minRuns, params Action[] actions)
    {
        const int MaxRuns = 2000;
        var clock = Stopwatch.StartNew();
        int warmupRuns = 0;
        while (warmupRuns < 2 || clock.Elapsed < warmup * actions.Length
            || (warmupRuns < TierUpCalls && clock.Elapsed < 4 * warmup * actions.Length))
        {
            foreach (var action in actions) action();
            warmupRuns++;
        }
        var samples = new double[actions.Length][];
        for (int a = 0; a < actions.Length; a++) samples[a] = new double[MaxRuns];
        int runs = 0;
        clock.Restart();
        while (runs < MaxRuns && (runs < minRuns || clock.Elapsed < budget * actions.Length))
        {
            for (int a = 0; a < actions.Length; a++)
            {
                long start = Stopwatch.GetTimestamp();
                actions[a]();
                samples[a][runs] = Stopwatch.GetElapsedTime(start).TotalSeconds;
            }
            runs++;
        }
        var results = new Result[actions.Length];
        for (int a = 0; a < actions.Length; a++)
        {
            Array.Sort(samples[a], 0, runs);
            double median = runs % 2 == 1 ? samples[a][runs / 2] : (samples[a][runs / 2 - 1] + samples[a][runs / 2]) / 2;
            results[a] = new Result(median, samples[a][0], runs);
        }
        return results;
    }
}
