using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Threading;

namespace CnnDsl.Threading;

/// <summary>
/// One persistent helper thread that computes part 1 of every layer of one image while the calling thread computes
/// part 0, the two meeting at a barrier between layers. The barrier spins for a few tens of microseconds (a layer of
/// a few microseconds must not pay a kernel wait), then blocks, so an idle network costs no CPU. Allocates nothing
/// per run. For generated code only: a network made with two threads owns one and disposes it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class SplitWorker : IDisposable
{
    /// <summary>How long a thread waiting at the barrier spins before it blocks.</summary>
    private static readonly long SpinTicks = Math.Max(1, Stopwatch.Frequency / 20_000); // 50 microseconds

    private readonly Action _part1;
    private readonly Thread _thread;
    private readonly object _gate = new();
    private int _arrived;
    private int _phase;
    private int _sleepers;
    /// <summary>Runs started by the caller (the helper's barriers in <see cref="Loop"/> pair with them one to one).</summary>
    private int _starts;
    /// <summary>The run number at which the helper stops instead of running part 1 (0: never).</summary>
    private volatile int _stopAt;
    private volatile Exception? _failure;

    /// <summary>Starts the helper thread, which runs <paramref name="part1"/> once per <see cref="Start"/>.</summary>
    public SplitWorker(Action part1, string name)
    {
        ArgumentNullException.ThrowIfNull(part1);
        _part1 = part1;
        _thread = new Thread(Loop) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>The caller starts part 1 on the helper; it then runs part 0 itself, calling <see cref="Sync"/> after every layer.</summary>
    public void Start()
    {
        if (_failure is { } failure) throw new InvalidOperationException("The helper thread of this network failed earlier; create a new instance.", failure);
        _starts++;
        Barrier();
    }

    /// <summary>Waits until both threads have finished the current layer (both call it the same number of times per run).</summary>
    public void Sync() => Barrier();

    /// <summary>After part 0's last <see cref="Sync"/>: throws if part 1 failed (its results are then incomplete).</summary>
    public void ThrowIfFailed()
    {
        if (_failure is { } failure) throw new InvalidOperationException("The helper thread of this network failed; the result is incomplete.", failure);
    }

    private void Loop()
    {
        // The stop request names the run it replaces: a helper that wakes late from the previous run's start must not
        // take a stop requested after that start for its own, or it would leave without meeting the stop's barrier.
        for (int run = 1; ; run++)
        {
            Barrier();
            if (_stopAt == run) return;
            try
            {
                _part1();
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

    /// <summary>A two-party barrier: the second to arrive advances the phase and wakes the first if it blocked.</summary>
    private void Barrier()
    {
        if (_failure is not null) return;
        int phase = Volatile.Read(ref _phase);
        if (Interlocked.Increment(ref _arrived) == 2)
        {
            _arrived = 0;
            Interlocked.Exchange(ref _phase, phase + 1); // a full fence: the sleeper count below is read after it
            if (Volatile.Read(ref _sleepers) != 0)
            {
                lock (_gate) Monitor.PulseAll(_gate);
            }
            return;
        }
        long deadline = Stopwatch.GetTimestamp() + SpinTicks;
        while (Volatile.Read(ref _phase) == phase && _failure is null)
        {
            Thread.SpinWait(8);
            if (Stopwatch.GetTimestamp() > deadline)
            {
                lock (_gate)
                {
                    Interlocked.Increment(ref _sleepers); // a full fence: the phase below is read after it
                    while (Volatile.Read(ref _phase) == phase && _failure is null) Monitor.Wait(_gate);
                    Interlocked.Decrement(ref _sleepers);
                }
                return;
            }
        }
    }

    /// <summary>Stops the helper thread and waits for it (call it only when no run is in progress).</summary>
    public void Dispose()
    {
        if (_stopAt != 0) return;
        _stopAt = _starts + 1;
        if (_failure is null) Barrier();
        _thread.Join();
    }
}
