using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace CnnDsl.Kernels;

/// <summary>
/// An inverted-residual block (a 1x1 expansion <c>E</c>, a depthwise layer <c>D</c>, a 1x1 projection <c>P</c>, each a
/// generated shape struct with its activations) run in bands of the depthwise layer's output rows: each
/// band first expands the input rows it reads that are not yet expanded, then runs the depthwise layer and the
/// projection on its rows. The expanded tensor (MobileNet V2's 112x112x96 is 4.8 MB) is then read back while it is
/// still in L2 instead of after the whole layer has pushed it out to L3 or memory. Every tensor keeps the layout and
/// the place in the arena it has layer by layer, and every value is computed by the same kernel call on the same
/// inputs, so the result is the same bits as the three layers one after another. A block whose projection must wait
/// (for a squeeze-and-excitation gate) streams its expansion and depthwise layer alone. For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RowStream
{
    /// <summary>Output rows of the depthwise layer per band (measured against 2 on MobileNet V2's blocks alone: level).</summary>
    public const int BandRows = 4;

    /// <summary>
    /// The block from <paramref name="input"/> to <paramref name="output"/> (with <paramref name="residual"/> added when
    /// the projection's shape has one), through <paramref name="expanded"/> and <paramref name="depthwise"/>, the
    /// layers' own buffers.
    /// </summary>
    /// <remarks>
    /// Output rows <paramref name="from"/>..<paramref name="to"/> of the depthwise layer (a thread's share; the whole
    /// block: 0..its rows). Two threads sharing a block both expand the input rows their bands' edges read: the same
    /// values, each written once and finished (<see cref="FinishedInRegisters{A}"/>), which either may write and read.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TV, TO, E, AE, D, AD, P, AP, RP>(ref float input, ref float expanded, ref float depthwise, ref float output, ref float residual,
        ref float expandWeights, ref float expandShifts, ref float depthwiseWeights, ref float depthwiseShifts, ref float projectWeights, ref float projectShifts,
        int from, int to)
        where TV : struct where TO : struct, IVectorOps<TV>
        where E : struct, IConvShape where AE : struct, IFusedActivation
        where D : struct, IDepthwiseShape where AD : struct, IFusedActivation
        where P : struct, IConvShape where AP : struct, IFusedActivation where RP : struct, IFusedActivation
    {
        int projectBlocks = (P.GroupOutChannels + TO.Count - 1) / TO.Count;
        var rows = new ExpandedRows<D>(from, to);
        for (int oh = from; oh < to; oh += BandRows)
        {
            int end = Math.Min(to, oh + BandRows);
            Band<TV, TO, E, AE, D, AD>(ref input, ref expanded, ref depthwise, ref expandWeights, ref expandShifts, ref depthwiseWeights, ref depthwiseShifts, ref rows, oh, end);
            ConvKernel.Run<TV, TO, P, AP, RP>(ref depthwise, ref output, ref residual, ref projectWeights, ref projectShifts,
                oh * D.OutWidth, end * D.OutWidth, 0, projectBlocks);
        }
    }

    /// <summary>
    /// The expansion and the depthwise layer alone, in the same bands: for a block whose projection waits for the whole
    /// depthwise output (a squeeze-and-excitation gate pools it first), so the depthwise output is stored whole and
    /// only the expanded tensor lives as a few rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TV, TO, E, AE, D, AD>(ref float input, ref float expanded, ref float depthwise,
        ref float expandWeights, ref float expandShifts, ref float depthwiseWeights, ref float depthwiseShifts, int from, int to)
        where TV : struct where TO : struct, IVectorOps<TV>
        where E : struct, IConvShape where AE : struct, IFusedActivation
        where D : struct, IDepthwiseShape where AD : struct, IFusedActivation
    {
        var rows = new ExpandedRows<D>(from, to);
        for (int oh = from; oh < to; oh += BandRows)
            Band<TV, TO, E, AE, D, AD>(ref input, ref expanded, ref depthwise, ref expandWeights, ref expandShifts, ref depthwiseWeights, ref depthwiseShifts, ref rows, oh, Math.Min(to, oh + BandRows));
    }

    /// <summary>
    /// Depthwise output rows <paramref name="oh"/>..<paramref name="end"/>, after expanding the input rows they read
    /// that <paramref name="rows"/> has not yet expanded.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Band<TV, TO, E, AE, D, AD>(ref float input, ref float expanded, ref float depthwise,
        ref float expandWeights, ref float expandShifts, ref float depthwiseWeights, ref float depthwiseShifts, ref ExpandedRows<D> rows, int oh, int end)
        where TV : struct where TO : struct, IVectorOps<TV>
        where E : struct, IConvShape where AE : struct, IFusedActivation
        where D : struct, IDepthwiseShape where AD : struct, IFusedActivation
    {
        int needed = ExpandedRows<D>.ReadThrough(end - 1);
        if (needed > rows.Done)
        {
            // Rows another part of the block expands too (before sharedBefore, from sharedAfter on) are written finished,
            // each value once: the other part may be reading them. The rest as the layer writes them.
            int sharedBefore = Math.Clamp(rows.OwnFrom, rows.Done, needed), sharedAfter = Math.Clamp(rows.OwnTo, sharedBefore, needed);
            Expand<TV, TO, E, FinishedInRegisters<AE>, D>(ref input, ref expanded, ref expandWeights, ref expandShifts, rows.Done, sharedBefore);
            Expand<TV, TO, E, AE, D>(ref input, ref expanded, ref expandWeights, ref expandShifts, sharedBefore, sharedAfter);
            Expand<TV, TO, E, FinishedInRegisters<AE>, D>(ref input, ref expanded, ref expandWeights, ref expandShifts, sharedAfter, needed);
            rows.Done = needed;
        }
        DepthwiseKernel.Run<TV, TO, D, AD>(ref expanded, ref depthwise, ref depthwiseWeights, ref depthwiseShifts, oh, end);
    }

    /// <summary>Expands input rows <paramref name="from"/>..<paramref name="to"/> (none when the range is empty).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Expand<TV, TO, E, AE, D>(ref float input, ref float expanded, ref float expandWeights, ref float expandShifts, int from, int to)
        where TV : struct where TO : struct, IVectorOps<TV> where E : struct, IConvShape where AE : struct, IFusedActivation where D : struct, IDepthwiseShape
    {
        if (to > from)
            ConvKernel.Run<TV, TO, E, AE, FusedNone>(ref input, ref expanded, ref expanded, ref expandWeights, ref expandShifts, from * D.InWidth, to * D.InWidth, 0, (E.GroupOutChannels + TO.Count - 1) / TO.Count);
    }

    /// <summary>
    /// The expanded rows of one call's depthwise output rows <c>from..to</c>: those done so far, and those no other part
    /// of the block reads (<see cref="OwnFrom"/>..<see cref="OwnTo"/>; on one thread, every row).
    /// </summary>
    private struct ExpandedRows<D> where D : struct, IDepthwiseShape
    {
        public int Done;
        public readonly int OwnFrom, OwnTo;

        public ExpandedRows(int from, int to)
        {
            Done = FirstRead(from);
            OwnFrom = from == 0 ? 0 : ReadThrough(from - 1);
            OwnTo = to == D.OutHeight ? D.InHeight : FirstRead(to);
        }

        /// <summary>The first input row output row <paramref name="oh"/> reads.</summary>
        public static int FirstRead(int oh) => Math.Max(0, (oh * D.StrideH) - D.PadTop);

        /// <summary>The input rows output row <paramref name="oh"/> reads end before this one (its last kernel row, clamped to the input).</summary>
        public static int ReadThrough(int oh) => Math.Min(D.InHeight, (oh * D.StrideH) - D.PadTop + ((D.KernelH - 1) * D.DilationH) + 1);
    }
}
