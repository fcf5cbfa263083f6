using System;
using System.Diagnostics;

namespace CnnDsl.Benchmarks;

/// <summary>
/// How the training rows time a call, CnnDsl's and PyTorch's alike (the PyTorch peer links this file): untimed warm-up
/// calls, then the medians of the timed calls' wall-clock and CPU seconds.
/// </summary>
internal static class StepTiming
{
    public static (double Wall, double Cpu) Median(int warmup, int runs, Action action, Func<double> cpuClock)
    {
        for (int w = 0; w < warmup; w++) action();
        var times = new double[runs];
        var cpu = new double[runs];
        for (int r = 0; r < runs; r++)
        {
            double cpuStart = cpuClock();
            long start = Stopwatch.GetTimestamp();
            action();
            times[r] = Stopwatch.GetElapsedTime(start).TotalSeconds;
            cpu[r] = cpuClock() - cpuStart;
        }
        Array.Sort(times);
        Array.Sort(cpu);
        return (times[runs / 2], cpu[runs / 2]);
    }

    /// <summary>The process's CPU seconds so far, all threads.</summary>
    public static double ProcessCpuSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
}
