using System;
using System.Threading;

namespace CnnDsl.Benchmarks;

/// <summary>
/// Runs two images at once on two single-threaded instances: the calling thread and a dedicated worker each claim
/// images from a shared counter, and when the worker is slow to wake the calling thread takes both images (as ONNX
/// Runtime's intra-op threads steal work from each other). Between pairs the worker blocks instead of spinning, so it
/// takes no core from whatever the benchmark times next; its wake-up is part of the timed pair.
/// </summary>
internal sealed class PairRunner : IDisposable
{
    private const int Images = 2;
    private readonly Action _onMain;
    private readonly Thread _worker;
    private readonly SemaphoreSlim _start = new(0);
    private int _claimed = Images;
    private int _completed;
    private bool _stop;
    private Exception? _failure;

    /// <param name="onMain">Runs one image on the calling thread's instance.</param>
    /// <param name="onWorker">Runs one image on the worker's instance.</param>
    public PairRunner(Action onMain, Action onWorker)
    {
        _onMain = onMain;
        _worker = new Thread(() => Work(onWorker)) { IsBackground = true, Name = "second instance" };
        _worker.Start();
    }

    /// <summary>Runs the pair of images and returns when both are done.</summary>
    public void Run()
    {
        Volatile.Write(ref _completed, 0);
        Volatile.Write(ref _claimed, 0); // the images are up for grabs
        _start.Release();
        while (Interlocked.Increment(ref _claimed) <= Images)
        {
            _onMain();
            Interlocked.Increment(ref _completed);
        }
        var spinner = new SpinWait();
        while (Volatile.Read(ref _completed) < Images) spinner.SpinOnce(sleep1Threshold: -1);
        if (_failure is not null) throw new InvalidOperationException("The second instance failed.", _failure);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Volatile.Write(ref _stop, true);
        _start.Release();
        _worker.Join();
        _start.Dispose();
    }

    private void Work(Action onWorker)
    {
        while (true)
        {
            _start.Wait(); // spins a few microseconds, then blocks until the next pair
            if (Volatile.Read(ref _stop)) return;
            while (Interlocked.Increment(ref _claimed) <= Images)
            {
                try { onWorker(); }
                catch (Exception e) { _failure = e; }
                Interlocked.Increment(ref _completed);
            }
        }
    }
}
