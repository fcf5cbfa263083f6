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
/// inputs, so the result is the same bits as the three layers one after another. For generated code only.
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
    /// values by the same kernel call, which either may write and read.
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
        int expandBlocks = (E.GroupOutChannels + TO.Count - 1) / TO.Count, projectBlocks = (P.GroupOutChannels + TO.Count - 1) / TO.Count;
        // The first input row the first output row reads (no earlier row is expanded here).
        int expandedRows = Math.Max(0, (from * D.StrideH) - D.PadTop);
        for (int oh = from; oh < to; oh += BandRows)
        {
            int end = Math.Min(to, oh + BandRows);
            // The input rows the band's last output row reads (its last kernel row, clamped to the input).
            int needed = Math.Min(D.InHeight, ((end - 1) * D.StrideH) - D.PadTop + ((D.KernelH - 1) * D.DilationH) + 1);
            if (needed > expandedRows)
            {
                ConvKernel.Run<TV, TO, E, AE, FusedNone>(ref input, ref expanded, ref expanded, ref expandWeights, ref expandShifts,
                    expandedRows * D.InWidth, needed * D.InWidth, 0, expandBlocks);
                expandedRows = needed;
            }
            DepthwiseKernel.Run<TV, TO, D, AD>(ref expanded, ref depthwise, ref depthwiseWeights, ref depthwiseShifts, oh, end);
            ConvKernel.Run<TV, TO, P, AP, RP>(ref depthwise, ref output, ref residual, ref projectWeights, ref projectShifts,
                oh * D.OutWidth, end * D.OutWidth, 0, projectBlocks);
        }
    }
}
