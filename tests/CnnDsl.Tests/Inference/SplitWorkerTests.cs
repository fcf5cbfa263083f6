using System;
using System.Threading;
using System.Threading.Tasks;
using CnnDsl.Threading;

namespace CnnDsl.Tests.Inference;

/// <summary>The helper thread behind a two-thread network: starting, meeting and stopping never strand either thread.</summary>
public class SplitWorkerTests
{
    [Fact]
    public async Task Disposing_right_after_a_run_stops_a_helper_that_has_not_woken_from_it_yet()
    {
        // The helper blocks at its first barrier (after a short spin); the run wakes it, part 0 is empty, and the stop
        // follows at once: the helper must not take that stop for the run it is still waking from (it once did, and
        // then left while the stop waited for it forever: a network whose layers all run on the first thread).
        int runs = 0;
        var stops = Task.Factory.StartNew(() =>
        {
            for (int i = 0; i < 200; i++)
            {
                using var worker = new SplitWorker(() => Interlocked.Increment(ref runs), "test helper");
                Thread.Sleep(1);
                worker.Start();
                worker.ThrowIfFailed();
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var first = await Task.WhenAny(stops, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.True(first == stops, "a Dispose waited for a helper that had already left");
        await stops;
        Assert.Equal(200, Volatile.Read(ref runs));
    }

    [Fact]
    public void Every_sync_meets_the_other_thread_and_a_run_sees_what_the_other_part_wrote()
    {
        var cells = new int[2];
        int mismatches = 0;
        SplitWorker? worker = null;
        worker = new SplitWorker(() =>
        {
            for (int layer = 1; layer <= 50; layer++)
            {
                Volatile.Write(ref cells[1], layer);
                worker!.Sync();
                if (Volatile.Read(ref cells[0]) != layer) Interlocked.Increment(ref mismatches);
                worker.Sync();
            }
        }, "test helper");
        using (worker)
        {
            for (int run = 0; run < 20; run++)
            {
                worker.Start();
                for (int layer = 1; layer <= 50; layer++)
                {
                    Volatile.Write(ref cells[0], layer);
                    worker.Sync();
                    if (Volatile.Read(ref cells[1]) != layer) Interlocked.Increment(ref mismatches);
                    worker.Sync();
                }
                worker.ThrowIfFailed();
            }
        }
        Assert.Equal(0, mismatches);
    }
}
