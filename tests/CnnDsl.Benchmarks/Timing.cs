using System;
using System.Diagnostics;
using System.Runtime;

namespace CnnDsl.Benchmarks;

/// <summary>
/// Median and best of many timed single calls after a warm-up. Contenders are timed interleaved, one call each in
/// turn, so that a noisy neighbour on the machine slows them alike and their ratio stays fair.
/// </summary>
internal static class Timing
{
    /// <summary>Enough calls for .NET's tiered JIT to have promoted the code to its final optimized tier.</summary>
    private const int TierUpCalls = 40;

    /// <summary>
    /// The longest warm-up, in units of <c>warmup</c> per action, spent waiting for the tiered JIT to settle: its
    /// background compiles run on a thread of their own and take a core from whatever two-thread call is timed meanwhile.
    /// </summary>
    private const int JitSettleCap = 16;

    /// <summary>
    /// A measurement in seconds per call: wall-clock median and best, and the median CPU time of the calling thread
    /// (the whole cost of a single-threaded call, whether or not the machine's other work descheduled it); and the
    /// milliseconds the JIT spent compiling while the calls were timed (little once the warm-up has let it settle).
    /// </summary>
    public readonly record struct Result(double Median, double Best, int Runs, double CpuMedian, double JitMilliseconds = 0);

    /// <summary>
    /// Warms each action up for at least <paramref name="warmup"/> and, within 4 x <paramref name="warmup"/>, for 40
    /// calls, and on until two rounds in a row keep the JIT busy for less than a millisecond (within 16 x
    /// <paramref name="warmup"/>); then times them in turn until <paramref name="budget"/> per action is spent (at
    /// least <paramref name="minRuns"/> calls each).
    /// </summary>
    public static Result[] Interleaved(TimeSpan warmup, TimeSpan budget, int minRuns, params Action[] actions)
    {
        const int MaxRuns = 2000;
        var clock = Stopwatch.StartNew();
        int warmupRuns = 0;
        int jitQuietRounds = 0; // rounds in a row with next to no compiling (one can fall between call counting and its compiles)
        while (warmupRuns < 2 || clock.Elapsed < warmup * actions.Length
            || (warmupRuns < TierUpCalls && clock.Elapsed < 4 * warmup * actions.Length)
            || (jitQuietRounds < 2 && clock.Elapsed < JitSettleCap * warmup * actions.Length))
        {
            var compiling = JitInfo.GetCompilationTime();
            foreach (var action in actions) action();
            warmupRuns++;
            jitQuietRounds = (JitInfo.GetCompilationTime() - compiling).TotalMilliseconds < 1 ? jitQuietRounds + 1 : 0;
        }
        var jitBefore = JitInfo.GetCompilationTime();
        var samples = new double[actions.Length][];
        var cpuSamples = new double[actions.Length][];
        for (int a = 0; a < actions.Length; a++) (samples[a], cpuSamples[a]) = (new double[MaxRuns], new double[MaxRuns]);
        int runs = 0;
        clock.Restart();
        while (runs < MaxRuns && (runs < minRuns || clock.Elapsed < budget * actions.Length))
        {
            for (int a = 0; a < actions.Length; a++)
            {
                double cpuStart = ThreadCpuClock.Seconds();
                long start = Stopwatch.GetTimestamp();
                actions[a]();
                samples[a][runs] = Stopwatch.GetElapsedTime(start).TotalSeconds;
                cpuSamples[a][runs] = ThreadCpuClock.Seconds() - cpuStart;
            }
            runs++;
        }
        double jitMilliseconds = (JitInfo.GetCompilationTime() - jitBefore).TotalMilliseconds;
        var results = new Result[actions.Length];
        for (int a = 0; a < actions.Length; a++)
        {
            Array.Sort(samples[a], 0, runs);
            Array.Sort(cpuSamples[a], 0, runs);
            results[a] = new Result(Median(samples[a], runs), samples[a][0], runs, Median(cpuSamples[a], runs), jitMilliseconds);
        }
        return results;
    }

    private static double Median(double[] sorted, int count)
        => count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
}
