namespace CnnDsl.Operations;

/// <summary>
/// How the two threads of a network made with <c>threads: 2</c> share one layer of one image. Thread t of n takes
/// its own contiguous ranges (most layers in parts claimed from opposite ends, see the emitter's ThreadRange), so no
/// value is computed twice and every sum keeps the one-thread order.
/// </summary>
internal enum ThreadSplit
{
    /// <summary>Too small to share (a vector: dense head, global pooling, softmax): thread 0 runs it while thread 1 waits.</summary>
    FirstThread,

    /// <summary>By output rows, or by positions (in whole register tiles) when the kernel reads only its own position.</summary>
    Positions,

    /// <summary>By pairs of output channel vectors: late layers with few rows and many channels (7x7x512), whose rows split unevenly.</summary>
    Channels,
}
