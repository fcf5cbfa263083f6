using CnnDsl.Model;
using CnnDsl.Operations;

namespace CnnDsl.Generator.Emit;

/// <summary>
/// The part of a layer one thread computes. A layer method that is shared between threads
/// (<see cref="ThreadSplit.Positions"/> or <see cref="ThreadSplit.Channels"/>) receives <c>int thread, int threads</c>
/// and takes the contiguous range <c>[count * thread / threads, count * (thread + 1) / threads)</c> of its rows,
/// positions or channel blocks; one thread (0 of 1) takes the whole range, so the one-thread code runs the same loops.
/// On two threads most layers are called once per part (<c>thread</c> is then the part, <c>threads</c> the parts).
/// </summary>
internal static class ThreadRange
{
    /// <summary>The parameters a shared layer method takes after its operands.</summary>
    public const string Parameters = "int thread, int threads";

    /// <summary>Whether the node's method takes <see cref="Parameters"/> (every thread calls it).</summary>
    public static bool Shared(NodePlan plan) => plan.Split != ThreadSplit.FirstThread;

    /// <summary>
    /// Whether the shared method also takes the worker (<c>worker</c>, null on one thread) to meet the other thread inside:
    /// a convolution whose threads each write part of its zero-bordered input, then wait for the whole of it.
    /// </summary>
    public static bool MeetsInside(NodePlan plan) => Shared(plan) && plan.PaddedBuffer >= 0;

    /// <summary>The local of <c>Run</c> holding a part count (<see cref="NodePlan.Parts"/> on two threads, 1 on one).</summary>
    public static string PartsLocal(int count) => count == NodePlan.DefaultParts ? "parts" : "parts" + count;

    /// <summary>
    /// Whether the threads take the layer's parts as they come (<see cref="NodePlan.Parts"/>), rather than a fixed half each:
    /// every shared layer except one that meets the other thread inside (its halves of the bordered input must be
    /// written by both before either reads).
    /// </summary>
    public static bool ClaimsParts(NodePlan plan) => Shared(plan) && !MeetsInside(plan);

    /// <summary>
    /// Declares <paramref name="from"/> and <paramref name="to"/>: this thread's share of <paramref name="count"/> rows or
    /// positions when the layer splits by positions, else all of them.
    /// </summary>
    public static void Positions(IndentedWriter w, NodePlan plan, long count, string from, string to)
        => w.Line(plan.Split == ThreadSplit.Positions
            ? "int " + from + " = " + count + " * thread / threads, " + to + " = " + count + " * (thread + 1) / threads;"
            : "int " + from + " = 0, " + to + " = " + count + ";");

    /// <summary>
    /// Declares <paramref name="from"/> and <paramref name="to"/>: this thread's positions in whole tiles of
    /// <paramref name="tile"/> (the leftover positions of the last tile go to the last thread).
    /// </summary>
    public static void Tiles(IndentedWriter w, NodePlan plan, long count, int tile, string from, string to)
    {
        if (plan.Split != ThreadSplit.Positions)
        {
            w.Line("int " + from + " = 0, " + to + " = " + count + ";");
            return;
        }
        long tiles = count / tile;
        w.Line("// Whole tiles of " + tile + " positions each" + (count % tile == 0 ? "." : "; the last thread also takes the " + (count % tile) + " left over."));
        w.Line("int " + from + " = " + tiles + " * thread / threads * " + tile + ", " + to + " = thread == threads - 1 ? " + count + " : " + tiles + " * (thread + 1) / threads * " + tile + ";");
    }

    /// <summary>
    /// Declares <paramref name="from"/> and <paramref name="to"/>: this thread's channel vectors of <c>blocks</c> (a local of
    /// the method) in pairs, the odd last one to the last thread, when the layer splits by channels; else all of them.
    /// </summary>
    public static void ChannelBlocks(IndentedWriter w, NodePlan plan, string from, string to)
        => w.Line(plan.Split == ThreadSplit.Channels
            ? "int " + from + " = blocks / 2 * thread / threads * 2, " + to + " = thread == threads - 1 ? blocks : blocks / 2 * (thread + 1) / threads * 2;"
            : "int " + from + " = 0, " + to + " = blocks;");
}
