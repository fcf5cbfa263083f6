using System;
using System.Diagnostics;
using System.Threading;
using CnnDsl.Oracles;

namespace CnnDsl.Benchmarks;

/// <summary>
/// The CPU time an ONNX Runtime session's intra-op threads burn after <c>Run</c> has returned: the share of the
/// machine they take from whatever runs next (in the benchmark, the other contender).
/// </summary>
internal static class IdleSpin
{
    /// <summary>Milliseconds of process CPU time used during <paramref name="idle"/> after a run, averaged over <paramref name="runs"/> runs.</summary>
    public static double CpuMillisecondsAfterRun(OnnxRuntimeSession session, float[] input, float[] output, TimeSpan idle, int runs)
    {
        double total = 0;
        for (int i = 0; i < runs; i++)
        {
            session.Run(input, 1, output);
            var before = ProcessCpuTime();
            Thread.Sleep(idle);
            total += (ProcessCpuTime() - before).TotalMilliseconds;
        }
        return total / runs;
    }

    private static TimeSpan ProcessCpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
