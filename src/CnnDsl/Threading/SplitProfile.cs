using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading;

namespace CnnDsl.Threading;

/// <summary>
/// A diagnostic of one image on two threads: per meeting (the run's start, then each layer's end), how long each
/// thread worked since the previous meeting, how long it waited at this one, and how many parts it took. Off unless
/// <see cref="Enabled"/> is set (the benchmark's <c>--split-profile</c>); one profiled network at a time. It tells
/// where two threads lose against one: waits (uneven parts, a helper waking late, the meeting itself) or work that
/// grows when split (data in the other core's cache).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SplitProfile
{
    private const int MaxMeetings = 1024;
    private static volatile bool s_enabled;
    private static readonly long[,] s_work = new long[2, MaxMeetings];
    private static readonly long[,] s_wait = new long[2, MaxMeetings];
    private static readonly long[,] s_parts = new long[2, MaxMeetings];
    private static readonly long[,] s_blocks = new long[2, MaxMeetings];
    /// <summary>Wall-clock ticks from the caller's leaving a run's start to the helper's, one per run (the helper's wake-up).</summary>
    private static readonly long[] s_startDelay = new long[4096];
    private static readonly long[] s_startLeave = new long[2];
    private static int s_startLeft, s_startDelays;
    private static readonly long[] s_lastLeave = new long[2];
    private static readonly int[] s_meeting = new int[2];
    private static readonly int[] s_meetings = new int[2];
    private static long s_runs;
    private static readonly long[] s_lap = new long[MaxMeetings];
    private static int s_laps, s_lapCount;
    private static long s_lastLap, s_lapRuns;
    private static Func<long> s_clock = Stopwatch.GetTimestamp;
    private static double s_ticksPerSecond = Stopwatch.Frequency;

    /// <summary>
    /// The clock the meetings are timed by and its ticks per second (by default the wall clock; on a loaded machine
    /// the benchmark passes the calling thread's CPU time, which leaves out the time a thread was descheduled).
    /// </summary>
    public static void UseClock(Func<long> clock, double ticksPerSecond)
    {
        ArgumentNullException.ThrowIfNull(clock);
        (s_clock, s_ticksPerSecond) = (clock, ticksPerSecond);
    }

    internal static long Now() => s_clock();

    /// <summary>Whether meetings are recorded (set it while no two-thread network runs).</summary>
    public static bool Enabled { get => s_enabled; set => s_enabled = value; }

    /// <summary>Forgets what was recorded.</summary>
    public static void Reset()
    {
        Array.Clear(s_work);
        Array.Clear(s_wait);
        Array.Clear(s_parts);
        Array.Clear(s_blocks);
        s_startLeft = s_startDelays = 0;
        Array.Clear(s_meeting);
        Array.Clear(s_meetings);
        Array.Clear(s_lap);
        s_runs = s_lapRuns = 0;
        s_laps = s_lapCount = 0;
    }

    /// <summary>The one-thread laps recorded so far (to set beside a two-thread profile after a <see cref="Reset"/>).</summary>
    public static object SaveLaps() => ((long[])s_lap.Clone(), Math.Max(s_lapCount, s_laps), s_lapRuns);

    /// <summary>
    /// The one-thread laps recorded since <see cref="Reset"/>, in microseconds per run: element k-1 is the time from
    /// meeting k-1 to meeting k (a layer, or a bordered layer's border copy).
    /// </summary>
    public static double[] OneThreadLaps()
    {
        int count = Math.Max(s_lapCount, s_laps);
        double scale = 1e6 / s_ticksPerSecond / Math.Max(1, s_lapRuns);
        var laps = new double[Math.Max(0, count - 1)];
        for (int k = 1; k < count; k++) laps[k - 1] = s_lap[k] * scale;
        return laps;
    }

    /// <summary>Sets laps saved by <see cref="SaveLaps"/> back.</summary>
    public static void RestoreLaps(object saved)
    {
        var (laps, count, runs) = ((long[], int, long))saved;
        Array.Copy(laps, s_lap, MaxMeetings);
        (s_lapCount, s_laps, s_lapRuns) = (count, 0, runs);
    }

    /// <summary>One thread (no worker): the run starts; its layers' ends are <see cref="Lap"/>s, numbered as two threads' meetings.</summary>
    internal static void LapStart()
    {
        s_lapCount = Math.Max(s_lapCount, s_laps);
        s_laps = 1;
        s_lapRuns++;
        s_lastLap = Now();
    }

    /// <summary>One thread: a layer that two threads would end with a meeting has ended.</summary>
    internal static void Lap()
    {
        long now = Now();
        if (s_laps < MaxMeetings) s_lap[s_laps++] += now - s_lastLap;
        s_lastLap = now;
    }

    internal static void Meeting(int thread, bool runStart, long arrived, long left, bool blocked)
    {
        if (runStart)
        {
            // The second thread to leave the start records how much later the helper left than the caller (wall clock).
            s_startLeave[thread] = Stopwatch.GetTimestamp();
            if ((Interlocked.Increment(ref s_startLeft) & 1) == 0 && s_startDelays < s_startDelay.Length)
                s_startDelay[s_startDelays++] = s_startLeave[1] - s_startLeave[0];
            s_meetings[thread] = Math.Max(s_meetings[thread], s_meeting[thread]);
            s_meeting[thread] = 0;
            if (thread == 0) Interlocked.Increment(ref s_runs);
        }
        int k = s_meeting[thread];
        if (k >= MaxMeetings) return;
        if (!runStart) s_work[thread, k] += arrived - s_lastLeave[thread];
        if (blocked) s_blocks[thread, k]++;
        s_wait[thread, k] += left - arrived;
        s_lastLeave[thread] = left;
        s_meeting[thread] = k + 1;
    }

    internal static void Claimed(int thread)
    {
        int k = s_meeting[thread];
        if (k < MaxMeetings) s_parts[thread, k]++;
    }

    /// <summary>A table of the recorded runs, microseconds per run: meeting, each thread's work, wait and parts.</summary>
    public static string Report() => Report(Array.Empty<string>());

    /// <summary><see cref="Report()"/> with element k of <paramref name="names"/> (the layer ending there) beside meeting k.</summary>
    public static string Report(System.Collections.Generic.IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var text = new StringBuilder();
        long runs = Math.Max(1, s_runs);
        int meetings = Math.Max(Math.Max(s_meetings[0], s_meetings[1]), Math.Max(s_meeting[0], s_meeting[1]));
        double us = 1e6 / s_ticksPerSecond / runs, lapUs = 1e6 / s_ticksPerSecond / Math.Max(1, s_lapRuns);
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(string.Format(inv, "{0} runs; us per run; meeting 0 is the run's start (the caller does not wait there; the helper's wait: for the caller's release); blocks = share of runs in which the thread blocked there after its spin", s_runs));
        var delays = new double[s_startDelays];
        for (int i = 0; i < delays.Length; i++) delays[i] = s_startDelay[i] * 1e6 / Stopwatch.Frequency;
        Array.Sort(delays);
        if (delays.Length > 0)
            text.AppendLine(string.Format(inv, "helper leaves the run's start after the caller (wall clock, us): median {0:F1}, 90th percentile {1:F1}, least {2:F1}", delays[delays.Length / 2], delays[delays.Length * 9 / 10], delays[0]));
        text.AppendLine(string.Format(inv, "{0,4} {1,9} {2,9} {3,8} {4,8} {5,6} {6,6} {7,6} {8,6} {9,9} {10,6}", "k", "work 0", "work 1", "wait 0", "wait 1", "parts0", "parts1", "block0", "block1", "1 thread", "w0+w1/1T") + (names.Count > 0 ? "  layer" : ""));
        double[] sum = new double[5];
        for (int k = 0; k < meetings; k++)
        {
            double w0 = s_work[0, k] * us, w1 = s_work[1, k] * us, q0 = s_wait[0, k] * us, q1 = s_wait[1, k] * us;
            (sum[0], sum[1], sum[2], sum[3]) = (sum[0] + w0, sum[1] + w1, sum[2] + q0, sum[3] + q1);
            double one = s_lap[k] * lapUs;
            sum[4] += one;
            text.AppendLine(string.Format(inv, "{0,4} {1,9:F1} {2,9:F1} {3,8:F1} {4,8:F1} {5,6:F2} {6,6:F2} {7,6:F2} {8,6:F2} {9,9:F1} {10,6:F2}", k, w0, w1, q0, q1, (double)s_parts[0, k] / runs, (double)s_parts[1, k] / runs, (double)s_blocks[0, k] / runs, (double)s_blocks[1, k] / runs, one, one > 0 ? (w0 + w1) / one : 0) + (k < names.Count ? "  " + names[k] : ""));
        }
        text.AppendLine(string.Format(inv, "{0,4} {1,9:F1} {2,9:F1} {3,8:F1} {4,8:F1} {5,6} {6,6} {7,6} {8,6} {9,9:F1} {10,6:F2}", "sum", sum[0], sum[1], sum[2], sum[3], "", "", "", "", sum[4], sum[4] > 0 ? (sum[0] + sum[1]) / sum[4] : 0));
        return text.ToString();
    }
}
