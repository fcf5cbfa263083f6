using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace CnnDsl.Training;

/// <summary>
/// A fixed set of threads that run the items of an <see cref="IParallelWork"/> and wait for all of them. Items are
/// independent and every reduction across items happens afterwards in item order, so results do not depend on the
/// number of threads or on which thread takes which item. Allocates nothing per run (unlike Parallel.For).
/// </summary>
internal sealed class WorkerPool : IDisposable
{
    private readonly Thread[] _threads;
    private readonly SemaphoreSlim _start = new(0);
    private readonly CountdownEvent _done;
    private IParallelWork? _work;
    private int _count;
    private int _next;
    private volatile bool _stopping;
    private Exception? _failure;

    public WorkerPool(int threads)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "At least one thread is needed.");
        Threads = threads;
        _threads = new Thread[threads - 1];
        _done = new CountdownEvent(Math.Max(1, threads - 1));
        // The event's wait handle is made lazily the first time a wait has to block, which may be any later step:
        // make it now, so that no step after the first allocates.
        _ = _done.WaitHandle;
        for (int i = 0; i < _threads.Length; i++)
        {
            _threads[i] = new Thread(Loop) { IsBackground = true, Name = "CnnDsl training worker " + (i + 1) };
            _threads[i].Start();
        }
    }

    /// <summary>Threads used, the calling thread included.</summary>
    public int Threads { get; }

    /// <summary>Runs items 0 .. count-1 of <paramref name="work"/> and returns when all are done; rethrows the first failure.</summary>
    public void Run(IParallelWork work, int count)
    {
        if (_threads.Length == 0 || count <= 1)
        {
            for (int i = 0; i < count; i++) work.Execute(i);
            return;
        }
        _work = work;
        _count = count;
        _next = 0;
        _failure = null;
        _done.Reset(_threads.Length);
        _start.Release(_threads.Length);
        Drain();
        _done.Wait();
        _work = null;
        if (_failure is { } failure) ExceptionDispatchInfo.Capture(failure).Throw();
    }

    private void Loop()
    {
        while (true)
        {
            _start.Wait();
            if (_stopping) return;
            Drain();
            _done.Signal();
        }
    }

    private void Drain()
    {
        var work = _work!;
        try
        {
            for (int item = Interlocked.Increment(ref _next) - 1; item < _count; item = Interlocked.Increment(ref _next) - 1) work.Execute(item);
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref _failure, e, null);
            _next = _count; // the others stop taking items
        }
    }

    public void Dispose()
    {
        _stopping = true;
        if (_threads.Length > 0) _start.Release(_threads.Length);
        foreach (var thread in _threads) thread.Join();
        _start.Dispose();
        _done.Dispose();
    }
}
