using System;
using System.Runtime.CompilerServices;
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
        await FinishesWithinAMinute(() =>
        {
            for (int i = 0; i < 200; i++)
            {
                using var worker = new SplitWorker(() => Interlocked.Increment(ref runs), "test helper");
                Thread.Sleep(1);
                worker.Start();
                worker.ThrowIfFailed();
            }
        }, "a Dispose waited for a helper that had already left");
        Assert.Equal(200, Volatile.Read(ref runs));
    }

    [Fact]
    public async Task A_wake_before_a_run_or_without_one_never_strands_either_thread()
    {
        // Wake sends a blocked helper back to spinning; the run that follows (soon, late, or never before Dispose)
        // must still meet it: every interleaving of wake, sleep, start and stop ends.
        int runs = 0;
        await FinishesWithinAMinute(() =>
        {
            for (int i = 0; i < 100; i++)
            {
                using var worker = new SplitWorker(() => Interlocked.Increment(ref runs), "test helper");
                Thread.Sleep(1);                 // past the spin: the helper blocks
                worker.Wake();
                if (i % 3 == 1) Thread.Sleep(1); // the helper spins out again and blocks again
                if (i % 4 != 3) worker.Start();  // sometimes no run at all before the stop
                worker.Wake();                   // nobody is blocked, or the helper blocked after its run
                worker.ThrowIfFailed();
            }
        }, "a wake left a thread waiting at the barrier");
        Assert.Equal(75, Volatile.Read(ref runs));
    }

    [Fact]
    public void Blocking_at_the_barrier_for_the_first_time_allocates_nothing_on_the_calling_thread()
    {
        // On a fresh thread (a test runner's thread may have waited on a monitor before): the worker is made there, runs
        // where the helper is on time (the caller never blocks), then runs where it is late by more than the caller's
        // spin, so the caller first blocks on the barrier's monitor in counted runs (.NET 10's monitor is managed code:
        // a thread's first lock allocates its monitor state, which the worker now does on each thread's first run).
        long allocated = -1;
        var caller = new Thread(() =>
        {
            bool late = false;
            SplitWorker? worker = null;
            worker = new SplitWorker(() =>
            {
                if (Volatile.Read(ref late)) Thread.Sleep(2);
                worker!.Sync();
            }, "test helper");
            using (worker)
            {
                WarmUp.PastTieredCompilation(() => Run(worker));
                Volatile.Write(ref late, true);
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 3; i++) Run(worker);
                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            }
        });
        caller.Start();
        caller.Join();
        Assert.Equal(0, allocated);

        static void Run(SplitWorker worker)
        {
            worker.Start();
            worker.Sync();
            worker.ThrowIfFailed();
        }
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

    [Fact]
    public void Every_part_of_a_layer_is_taken_once_thread_0_from_the_first_and_thread_1_from_the_last()
    {
        // Each thread records the parts it takes in every layer; together they must cover 0..parts-1 exactly once, each
        // in its own order (thread 0 ascending, thread 1 descending), however the two happen to interleave.
        const int Parts = 8, Layers = 200;
        var owner = new int[Layers, Parts]; // 1 + the thread that took the part
        int twice = 0, outOfOrder = 0;
        SplitWorker? worker = null;
        void TakeParts(int thread)
        {
            for (int layer = 0; layer < Layers; layer++)
            {
                int previous = thread == 0 ? -1 : Parts;
                for (int part = -1; SplitWorker.Next(worker, thread, ref part, Parts);)
                {
                    if (Interlocked.CompareExchange(ref owner[layer, part], thread + 1, 0) != 0) Interlocked.Increment(ref twice);
                    if (thread == 0 ? part <= previous : part >= previous) Interlocked.Increment(ref outOfOrder);
                    previous = part;
                    if (part % 3 == thread) Thread.SpinWait(50); // uneven parts, so the meeting point moves
                }
                worker!.Sync();
            }
        }
        using (worker = new SplitWorker(() => TakeParts(1), "test helper"))
        {
            worker.Start();
            TakeParts(0);
            worker.ThrowIfFailed();
        }
        Assert.Equal(0, twice);
        Assert.Equal(0, outOfOrder);
        for (int layer = 0; layer < Layers; layer++)
            for (int part = 0; part < Parts; part++) Assert.NotEqual(0, owner[layer, part]);
        // One thread (no worker): the only part is 0 of 1.
        var taken = new System.Collections.Generic.List<int>();
        for (int part = -1; SplitWorker.Next(null, 0, ref part, Parts);) taken.Add(part);
        Assert.Equal(new[] { 0 }, taken);
    }

    [Fact]
    public void A_run_starts_without_waiting_for_the_helper_and_the_caller_takes_what_the_helper_is_late_for()
    {
        // The helper lingers 500 ms after its part of run 1 (as a helper waking late from a blocked wait arrives late for
        // a run): the caller's start of run 2 must return without it (the old start waited for the helper there), the
        // caller alone takes every part of run 2's first layer, and the late helper finds none left but still meets it.
        const int Parts = 8;
        int helperRuns = 0, callerParts = 0;
        bool lingered = false, startWaited = true;
        SplitWorker? worker = null;
        worker = new SplitWorker(() =>
        {
            for (int part = -1; SplitWorker.Next(worker, 1, ref part, Parts);) { }
            worker!.Sync();
            if (++helperRuns == 1)
            {
                Thread.Sleep(500);
                Volatile.Write(ref lingered, true);
            }
        }, "test helper");
        using (worker)
        {
            for (int r = 1; r <= 2; r++)
            {
                worker.Start();
                if (r == 2) startWaited = Volatile.Read(ref lingered);
                int taken = 0;
                for (int part = -1; SplitWorker.Next(worker, 0, ref part, Parts);) taken++;
                worker.Sync();
                worker.ThrowIfFailed();
                if (r == 2) callerParts = taken;
            }
        }
        Assert.False(startWaited, "the run's start waited for the helper to finish the run before");
        Assert.Equal(Parts, callerParts);
    }

    [Fact]
    public void A_worker_whose_owner_is_dropped_without_Dispose_ends_its_helper_thread()
    {
        // The helper holds its owner weakly: once nothing else does, the owner and the worker are collected and the
        // worker's finalizer wakes the helper, which leaves (before, the thread kept both alive until Dispose).
        var (owner, helper) = StartAndDrop();
        for (int i = 0; i < 10 && (owner.IsAlive || helper.IsAlive); i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            helper.Join(TimeSpan.FromMilliseconds(100));
        }
        Assert.False(owner.IsAlive, "the helper thread kept its owner alive");
        Assert.True(helper.Join(TimeSpan.FromSeconds(10)), "the helper thread did not end after its owner was collected");
    }

    [Fact]
    public void A_two_thread_network_dropped_without_Dispose_is_collected()
    {
        var network = MakeAndRunTwoThreadNetwork();
        for (int i = 0; i < 10 && network.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Assert.False(network.IsAlive, "the helper thread of a two-thread network kept it alive");
    }

    /// <summary>Runs <paramref name="work"/> on its own thread; a hang fails the test with <paramref name="hang"/> instead of stalling the run.</summary>
    private static async Task FinishesWithinAMinute(Action work, string hang)
    {
        var task = Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var first = await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.True(first == task, hang);
        await task;
    }

    /// <summary>Not inlined: no reference to the owner or the worker stays in the test's frame.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (WeakReference Owner, Thread Helper) StartAndDrop()
    {
        var owner = new object();
        Thread? helper = null;
        using var ran = new ManualResetEventSlim();
        var worker = new SplitWorker(owner, _ => { helper = Thread.CurrentThread; ran.Set(); }, "test helper");
        worker.Start();
        Assert.True(ran.Wait(TimeSpan.FromSeconds(10)), "the helper did not run its part");
        return (new WeakReference(owner), helper!);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference MakeAndRunTwoThreadNetwork()
    {
        var weights = new Pools.Weights();
        weights.InitializeRandom(seed: 3);
        var network = new Pools(weights, threads: 2);
        network.Forward(new float[Pools.InputLength], new float[Pools.OutputLength]);
        return new WeakReference(network);
    }
}
