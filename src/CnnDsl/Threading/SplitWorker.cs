using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace CnnDsl.Threading;

/// <summary>
/// One persistent helper thread that computes part 1 of every layer of one image while the calling thread computes
/// part 0, the two meeting at a barrier between layers. A run's start does not wait for the helper (the caller takes
/// the first layer's parts while a blocked helper wakes). The barrier spins for a few tens of microseconds (a layer of
/// a few microseconds must not pay a kernel wait), then blocks, so an idle network costs no CPU. Allocates nothing
/// per run. For generated code only: a network made with two threads owns one and disposes it.
/// </summary>
/// <remarks>
/// The helper thread holds its owner (the network, or the delegate given to the one-argument constructor, which this
/// handle keeps alive) only weakly between runs: an owner dropped without <see cref="Dispose"/> is collected, and this
/// handle's finalizer then ends the thread.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class SplitWorker : IDisposable
{
    // The thread references only the state, never this handle, so the handle (and the network that owns it) can
    // become unreachable while the thread waits at its barrier.
    private readonly SplitWorkerState _state;
    /// <summary>The delegate of the one-argument constructor: the thread holds it weakly, as it holds any owner.</summary>
    private readonly Action? _part1;

    /// <summary>Starts the helper thread, which runs <paramref name="part1"/> once per <see cref="Start"/> while this handle lives.</summary>
    public SplitWorker(Action part1, string name)
    {
        ArgumentNullException.ThrowIfNull(part1);
        _part1 = part1;
        _state = new SplitWorkerState(part1, static part => ((Action)part)(), name);
    }

    /// <summary>
    /// Starts the helper thread, which runs <c>part1(owner)</c> once per <see cref="Start"/>. The thread holds
    /// <paramref name="owner"/> weakly, so <paramref name="part1"/> must not capture it (pass a static lambda): an
    /// owner that is dropped without Dispose is then collected and its helper thread ends.
    /// </summary>
    public SplitWorker(object owner, Action<object> part1, string name)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(part1);
        _state = new SplitWorkerState(owner, part1, name);
    }

    /// <summary>The owner was dropped without Dispose: the helper thread, waiting for a run that will never come, leaves.</summary>
    ~SplitWorker() => _state.Abandon();

    /// <summary>The caller starts part 1 on the helper; it then runs part 0 itself, calling <see cref="Sync"/> after every layer.</summary>
    public void Start() => _state.Start();

    /// <summary>Says a run is about to start: a helper blocked since the last run starts waking now (call it before copying the input).</summary>
    public void Wake() => _state.Wake();

    /// <summary>Waits until both threads have finished the current layer (both call it the same number of times per run).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Sync() => _state.Barrier();

    /// <summary>
    /// This thread's next part of a layer cut into <paramref name="parts"/> (at most 31), into <paramref name="part"/>
    /// (start at -1); false when none is left. With no worker (one thread) the only part is 0 of 1, whatever
    /// <paramref name="parts"/> says. With a worker, thread 0 takes the first part nobody has taken and thread 1 the
    /// last, so at the same pace each gets the half a fixed split would give it, and a thread that started late (a
    /// helper waking from a blocked wait) takes fewer; every part is computed exactly once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Next(SplitWorker? worker, int thread, ref int part, int parts)
        => worker is null ? ++part == 0 : (part = worker._state.Claim(thread, parts)) < parts;

    /// <summary>
    /// <see cref="Next"/>, and once this thread has no part left, <see cref="Sync"/> with the other thread: a generated
    /// layer's whole loop is <c>for (int part = -1; NextOrSync(worker, thread, ref part, parts);) Layer(..., part, parts);</c>
    /// and both threads leave it with every part computed.
    /// </summary>
    public static bool NextOrSync(SplitWorker? worker, int thread, ref int part, int parts)
    {
        if (Next(worker, thread, ref part, parts)) return true;
        Meet(worker);
        return false;
    }

    /// <summary>
    /// <see cref="Sync"/> when there is a worker; on one thread nothing (but the layer's end, for <see cref="SplitProfile"/>
    /// when it is on, numbered as the meeting two threads would have there).
    /// </summary>
    public static void Meet(SplitWorker? worker)
    {
        if (worker is not null) worker.Sync();
        else if (SplitProfile.Enabled) SplitProfile.Lap();
    }

    /// <summary>On one thread, a run starts (for <see cref="SplitProfile"/> when it is on): the meetings are counted from here.</summary>
    public static void RunStarts()
    {
        if (SplitProfile.Enabled) SplitProfile.LapStart();
    }

    /// <summary>After part 0's last <see cref="Sync"/>: throws if part 1 failed (its results are then incomplete).</summary>
    public void ThrowIfFailed() => _state.ThrowIfFailed();

    /// <summary>Stops the helper thread and waits for it (call it only when no run is in progress).</summary>
    public void Dispose()
    {
        GC.SuppressFinalize(this);
        _state.Stop();
    }
}
