using System;
using System.Threading;

namespace CnnDsl.Benchmarks;

/// <summary>
/// Times two images run by two single-threaded instances at once: the calling thread and a dedicated spinning worker
/// each claim images from a shared counter, so no thread-pool wake-up is timed, and when the worker is not scheduled
/// the calling thread takes both images (as ONNX Runtime's intra-op threads steal work from each other).
/// </summary>
internal static class PairRunner
{
    private const int Images = 2;

    /// <summary>Seconds per pair of images; <paramref name="onMain"/> and <paramref name="onWorker"/> each run one image on their own instance.</summary>
    public static Timing.Result Measure(Action onMain, Action onWorker, TimeSpan warmup, TimeSpan budget, int minRuns)
    {
        int claimed = Images, completed = 0;
        bool stop = false;
        Exception? failure = null;
        var worker = new Thread(() =>
        {
            var spinner = new SpinWait();
            while (!Volatile.Read(ref stop))
            {
                if (Volatile.Read(ref claimed) >= Images) { spinner.SpinOnce(sleep1Threshold: -1); continue; }
                while (Interlocked.Increment(ref claimed) <= Images)
                {
                    try { onWorker(); }
                    catch (Exception e) { failure = e; }
                    Interlocked.Increment(ref completed);
                }
                spinner.Reset();
            }
        }) { IsBackground = true, Name = "second instance" };
        worker.Start();
        try
        {
            return Timing.Measure(() =>
            {
                Volatile.Write(ref completed, 0);
                Volatile.Write(ref claimed, 0); // the images are up for grabs
                while (Interlocked.Increment(ref claimed) <= Images)
                {
                    onMain();
                    Interlocked.Increment(ref completed);
                }
                var spinner = new SpinWait();
                while (Volatile.Read(ref completed) < Images) spinner.SpinOnce(sleep1Threshold: -1);
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
