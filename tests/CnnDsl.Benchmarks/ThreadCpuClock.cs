using System;
using System.Runtime.InteropServices;

namespace CnnDsl.Benchmarks;

/// <summary>
/// The calling thread's CPU time (Linux CLOCK_THREAD_CPUTIME_ID). On a machine shared with other work, a
/// single-threaded call's CPU time leaves out the time it spent descheduled, which its wall-clock time does not.
/// </summary>
internal static class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    /// <summary>Whether the clock is available (elsewhere <see cref="Seconds"/> returns NaN).</summary>
    public static bool IsAvailable { get; } = OperatingSystem.IsLinux();

    /// <summary>CPU seconds the calling thread has used.</summary>
    public static double Seconds()
    {
        if (!IsAvailable || ClockGetTime(ClockThreadCpuTimeId, out var time) != 0) return double.NaN;
        return time.Seconds + time.Nanoseconds * 1e-9;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out Timespec time);
}
