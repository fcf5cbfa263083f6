using System;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Threading;

namespace CnnDsl.Threading;

/// <summary>The barrier and the helper thread's loop, shared by the caller and the helper (the helper holds only this).</summary>
internal sealed class SplitWorkerState
{
    /// <summary>How long a thread waiting at the barrier spins before it blocks.</summary>
    private static readonly long SpinTicks = Math.Max(1, Stopwatch.Frequency / 20_000); // 50 microseconds

    private readonly WeakReference<object> _owner;
    private readonly Action<object> _part1;
    private readonly Thread _thread;
    private readonly object _gate = new();
    private int _arrived;
    private int _phase;
    private int _sleepers;
    /// <summary>Wake calls so far (under the gate): a blocked thread returns to spinning when it changes.</summary>
    private int _wakes;
    /// <summary>Runs started by the caller (the helper's waits in <see cref="Loop"/> pair with them one to one).</summary>
    private int _starts;
    /// <summary>The last run the caller released (the helper runs part 1 of run r once this reaches r).</summary>
    private int _released;
    /// <summary>The run number at which the helper stops instead of running part 1 (0: never).</summary>
    private volatile int _stopAt;
    /// <summary>The owner is gone without a Dispose: no caller will come to the barrier again.</summary>
    private volatile bool _abandoned;
    private volatile Exception? _failure;
    /// <summary>The parts of the current layer taken so far, one bit each (reset by the barrier that ends each layer).</summary>
    private int _claimed;
    /// <summary>This thread has entered a monitor and waited on one (see <see cref="PrepareThisThreadToBlock"/>).</summary>
    [ThreadStatic] private static bool t_readyToBlock;

    /// <summary>Starts the helper thread, which runs <c>part1(owner)</c> once per run while <paramref name="owner"/> lives.</summary>
    public SplitWorkerState(object owner, Action<object> part1, string name)
    {
        (_owner, _part1) = (new WeakReference<object>(owner), part1);
        _thread = new Thread(Loop) { IsBackground = true, Name = name };
        _thread.Start();
    }

    public void Start()
    {
        if (_failure is { } failure) throw new InvalidOperationException("The helper thread of this network failed earlier; create a new instance.", failure);
        if (!t_readyToBlock) PrepareThisThreadToBlock();
        _starts++;
        // The caller does not wait for the helper: a helper blocked since the last run takes tens of microseconds to
        // wake (more on a loaded machine), and meanwhile the caller takes the first layer's parts; the helper takes
        // what is left when it comes. Waiting here cost the whole wake-up; now the two threads share it.
        if (SplitProfile.Enabled)
        {
            long now = SplitProfile.Now();
            SplitProfile.Meeting(0, runStart: true, now, now, blocked: false);
        }
        Release(_starts);
    }

    /// <summary>Lets the helper run part 1 of run <paramref name="run"/> (or stop at it), waking it if it blocked.</summary>
    private void Release(int run)
    {
        Interlocked.Exchange(ref _released, run); // a full fence: the sleeper count below is read after it
        if (Volatile.Read(ref _sleepers) != 0)
        {
            lock (_gate) Monitor.PulseAll(_gate);
        }
    }

    /// <summary>
    /// .NET 10's monitor is managed code: the first lock, pulse or wait on a thread allocates that thread's wait state
    /// (about 0.7-2 KB). A thread that first blocks at the barrier in a later run would allocate there, in a run that
    /// must allocate nothing, and only when the other thread happened to be late. A wait of zero here, on the first
    /// run each thread makes, allocates it up front; it calls the same Wait and PulseAll the barrier calls (a pulse
    /// only makes a blocked thread check its condition again).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void PrepareThisThreadToBlock()
    {
        lock (_gate)
        {
            Monitor.Wait(_gate, 0);
            Monitor.PulseAll(_gate);
        }
        t_readyToBlock = true;
    }

    public void ThrowIfFailed()
    {
        if (_failure is { } failure) throw new InvalidOperationException("The helper thread of this network failed; the result is incomplete.", failure);
    }

    private void Loop()
    {
        PrepareThisThreadToBlock();
        // The stop request names the run it replaces, so a helper still finishing the previous run stops at the right one.
        for (int run = 1; ; run++)
        {
            WaitForRun(run);
            if (_stopAt == run || _abandoned) return;
            try
            {
                if (!RunPart1()) return;
            }
            catch (Exception e)
            {
                // The caller may be waiting at a barrier the helper will not reach: break every barrier from now on.
                _failure = e;
                Interlocked.Increment(ref _phase);
                lock (_gate) Monitor.PulseAll(_gate);
                return;
            }
        }
    }

    /// <summary>Runs part 1 once; false when the owner is gone. Not inlined: no strong reference to the owner outlives the run in the loop's frame.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RunPart1()
    {
        if (!_owner.TryGetTarget(out var owner)) return false;
        _part1(owner);
        return true;
    }

    /// <summary>
    /// Takes a part of the current layer that neither thread has taken, or returns <paramref name="parts"/> when none is
    /// left: thread 0 the first such part, thread 1 the last. Running at the same pace they meet in the middle, each
    /// with the rows it would have had as a fixed half (and that it mostly wrote itself in the layer before, still in
    /// its own cache); a thread that starts late or runs slower takes fewer.
    /// </summary>
    public int Claim(int thread, int parts)
    {
        int all = (1 << parts) - 1;
        while (true)
        {
            int taken = Volatile.Read(ref _claimed);
            int free = ~taken & all;
            if (free == 0) return parts;
            int part = thread == 0 ? BitOperations.TrailingZeroCount(free) : 31 - BitOperations.LeadingZeroCount((uint)free);
            if (Interlocked.CompareExchange(ref _claimed, taken | (1 << part), taken) == taken)
            {
                if (SplitProfile.Enabled) SplitProfile.Claimed(thread);
                return part;
            }
        }
    }

    /// <summary>A two-party barrier between layers (recorded by <see cref="SplitProfile"/> when it is on).</summary>
    public void Barrier()
    {
        if (!SplitProfile.Enabled)
        {
            Meet();
            return;
        }
        long arrived = SplitProfile.Now();
        bool blocks = Meet();
        SplitProfile.Meeting(Thread.CurrentThread == _thread ? 1 : 0, runStart: false, arrived, SplitProfile.Now(), blocks);
    }

    /// <summary>
    /// The helper waits until the caller releases run <paramref name="run"/>: it spins, then blocks (an idle network costs
    /// no CPU). Recorded as the helper's run start when <see cref="SplitProfile"/> is on at its end (a wait that began
    /// before the profile was switched on counts as none, or the first layer's work would be billed from an old meeting).
    /// </summary>
    private void WaitForRun(int run)
    {
        bool profiled = SplitProfile.Enabled;
        long arrived = profiled ? SplitProfile.Now() : 0;
        bool blocked = SpinThenBlock(new RunReleased(run));
        if (!SplitProfile.Enabled) return;
        long left = SplitProfile.Now();
        SplitProfile.Meeting(1, runStart: true, profiled ? arrived : left, left, blocked);
    }

    /// <summary>A two-party barrier: the second to arrive advances the phase and wakes the first if it blocked (true when this thread blocked).</summary>
    private bool Meet()
    {
        if (_failure is not null) return false;
        int phase = Volatile.Read(ref _phase);
        if (Interlocked.Increment(ref _arrived) == 2)
        {
            _arrived = 0;
            _claimed = 0; // before the phase moves on: neither thread can claim a part of the next layer earlier
            Interlocked.Exchange(ref _phase, phase + 1); // a full fence: the sleeper count below is read after it
            if (Volatile.Read(ref _sleepers) != 0)
            {
                lock (_gate) Monitor.PulseAll(_gate);
            }
            return false;
        }
        return SpinThenBlock(new PhaseMoved(phase));
    }

    /// <summary>
    /// Spins for <see cref="SpinTicks"/>, then blocks on the gate, until <paramref name="condition"/> holds (true when
    /// this thread blocked). A <see cref="Wake"/> sends a blocked thread back to spinning, for the run on its way.
    /// </summary>
    private bool SpinThenBlock<TCondition>(TCondition condition) where TCondition : struct, IWaitCondition
    {
        bool blocked = false;
        long deadline = Stopwatch.GetTimestamp() + SpinTicks;
        // No Thread.Yield while spinning: it helped only under load, and on a quiet machine it cost the short layers
        // (one image on two threads, x one thread: W6 1.27-1.43 without, 0.86-1.01 with; W2 1.19-1.66 vs 0.94-1.15).
        while (!condition.Holds(this))
        {
            Thread.SpinWait(8);
            if (Stopwatch.GetTimestamp() > deadline)
            {
                blocked = true;
                lock (_gate)
                {
                    int wakes = _wakes;
                    Interlocked.Increment(ref _sleepers); // a full fence: the condition below is read after it
                    while (!condition.Holds(this) && _wakes == wakes) Monitor.Wait(_gate, Timeout.Infinite);
                    Interlocked.Decrement(ref _sleepers);
                }
                deadline = Stopwatch.GetTimestamp() + SpinTicks;
            }
        }
        return blocked;
    }

    /// <summary>What a waiting thread waits for (a struct, so the wait is compiled for each and allocates nothing).</summary>
    private interface IWaitCondition
    {
        bool Holds(SplitWorkerState state);
    }

    /// <summary>The helper's wait for the caller to release run <c>run</c> (or for the owner to be gone).</summary>
    private readonly struct RunReleased(int run) : IWaitCondition
    {
        public bool Holds(SplitWorkerState state) => Volatile.Read(ref state._released) >= run || state._abandoned;
    }

    /// <summary>A wait at a meeting: the other thread arrived and moved the phase on past <c>phase</c>, or a failure or abandonment broke the barrier.</summary>
    private readonly struct PhaseMoved(int phase) : IWaitCondition
    {
        public bool Holds(SplitWorkerState state) => Volatile.Read(ref state._phase) != phase || state._failure is not null || state._abandoned;
    }

    /// <summary>
    /// Wakes a thread blocked at the barrier so that it spins again: the caller says a run is coming (it still has the
    /// input to copy), so the helper's wake-up from the kernel overlaps that copy instead of delaying its first layer.
    /// </summary>
    public void Wake()
    {
        if (Volatile.Read(ref _sleepers) == 0) return;
        lock (_gate)
        {
            _wakes++;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Stops the helper thread and waits for it (only when no run is in progress).</summary>
    public void Stop()
    {
        if (_stopAt != 0) return;
        _stopAt = _starts + 1;
        Release(_stopAt);
        _thread.Join();
    }

    /// <summary>From the handle's finalizer: wakes the helper, which leaves (no run can be in progress: the owner is gone).</summary>
    public void Abandon()
    {
        _abandoned = true;
        lock (_gate) Monitor.PulseAll(_gate);
    }
}
