using System;
using System.Threading;

namespace CnnDsl.Benchmarks;

/// <summary>
/// Times two actions run at once, one on the calling thread and one on a dedicated spinning worker, so that no
/// thread-pool wake-up is timed (ONNX Runtime's own intra-op threads spin the same way).
/// </summary>
internal static class PairRunner
{
    public static Timing.Result Measure(Action first, Action second, TimeSpan warmup, TimeSpan budget, int minRuns)
    {
        int generation = 0, done = 0;
        bool stop = false;
        Exception? failure = null;
        var worker = new Thread(() =>
        {
            int seen = 0;
            while (true)
            {
                while (Volatile.Read(ref generation) == seen && !Volatile.Read(ref stop)) Thread.SpinWait(20);
                if (Volatile.Read(ref stop)) return;
                seen++;
                try { second(); }
                catch (Exception e) { failure = e; }
                Volatile.Write(ref done, seen);
            }
        }) { IsBackground = true, Name = "second instance" };
        worker.Start();
        try
        {
            return Timing.Measure(() =>
            {
                int target = Interlocked.Increment(ref generation);
                first();
                while (Volatile.Read(ref done) != target) Thread.SpinWait(20);
                if (failure is not null) throw new InvalidOperationException("The second instance failed.", failure);
            }, warmup, budget, minRuns);
        }
        finally
        {
            Volatile.Write(ref stop, true);
            worker.Join();
        }
    }
}
