using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using CnnDsl.Threading;
using static System.FormattableString;

namespace CnnDsl.Benchmarks;

/// <summary>
/// <c>--split-profile [workload ...]</c>: where one image on two threads loses against one thread, meeting by meeting
/// (<see cref="SplitProfile"/>): each workload's one-thread time, then its two-thread instance called with a pause
/// between calls (its helper blocked at each start, as in the benchmark's rotation) and in a stream (helper awake).
/// </summary>
internal static class SplitProfileRun
{
    private const int Calls = 200;

    public static int Run(IReadOnlyList<Workload> workloads)
    {
        foreach (var work in workloads)
        {
            var (weights, input, output) = ProfileInputs.For(work);
            var one = work.NewGenerated(weights, 1);
            var two = work.NewGenerated(weights, 2);
            // Meeting k ends one-thread lap k - 1: the same calls to NextPart and Meet in the same generated Run.
            var names = new List<string> { "(run start)" };
            names.AddRange(LapNames.Of(two.GetType(), work.Graph)?.Select(lap => string.Join(" + ", lap)) ?? []);
            using var owner = (IDisposable)two;
            for (int i = 0; i < 50; i++) { one.Forward(input, output); two.Forward(input, output); }
            // CPU time per thread: on a loaded machine the wall clock would bill a descheduled thread's absence as work.
            SplitProfile.UseClock(static () => (long)(ThreadCpuClock.Seconds() * 1e9), 1e9);
            SplitProfile.Reset();
            SplitProfile.Enabled = true;
            double oneMs = Median(() => one.Forward(input, output), pause: false);
            SplitProfile.Enabled = false;
            var oneLaps = SplitProfile.SaveLaps();
            Console.WriteLine(Invariant($"{work.Id}: one thread {oneMs:F3} ms (median)"));
            foreach (bool pause in new[] { true, false })
            {
                SplitProfile.Reset();
                SplitProfile.RestoreLaps(oneLaps);
                SplitProfile.Enabled = true;
                double twoMs = Median(() => two.Forward(input, output), pause);
                SplitProfile.Enabled = false;
                Console.WriteLine(Invariant($"{work.Id}: two threads, {(pause ? "a pause before each call (helper blocked)" : "calls in a stream (helper awake)")}: {twoMs:F3} ms (median), x one thread {oneMs / twoMs:F2}"));
                Console.WriteLine(SplitProfile.Report(names));
            }
        }
        return 0;
    }

    private static double Median(Action call, bool pause)
    {
        var times = new double[Calls];
        for (int i = 0; i < Calls; i++)
        {
            if (pause) Thread.Sleep(1);
            long start = Stopwatch.GetTimestamp();
            call();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(times);
        return times[Calls / 2];
    }
}
