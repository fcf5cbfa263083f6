using System.Runtime.CompilerServices;

namespace CnnDsl.Kernels;

// The 16-register tile of four channel vectors: 3 positions x 4 vectors (two packed pairs of channels side by side).
public static partial class ConvKernel
{
    /// <summary>Positions per quad tile: 3 x 4 vectors = 12 sums, beside 3 broadcasts and a weight vector (16 registers).</summary>
    private const int QuadPixels = 3;

    /// <summary>
    /// The most positions of a flat layer that runs in quads. A C model of the kernel on the Zen 2 of 2026-12-02
    /// (AVX2, 16 registers, weights, input and output rotated through 16 copies so that they come from L3), against the
    /// 6 x 2 tile: 196 positions 64 -> 384 106-113 us against 176-187, 784 128 -> 512 1186 against 1318-1325, 49
    /// 2048 -> 512 1287-1297 against 1418-1458; but 3136 positions 64 -> 256 1297-1309 against 1220-1234. The kernel
    /// itself, in the benchmark (`--layers`, alternated): ResNet-50's 14x14x1024 -> 256 1143-1185 -> 1075-1088 us and
    /// 256 -> 1024 + residual 1267-1292 -> 1147-1183, EfficientNet-B0's projections 3-5% and its 7x7 head 9% faster.
    /// </summary>
    private const int QuadMaxPositions = 1024;

    /// <summary>
    /// Up to this many positions, layers of at least <see cref="WideQuadVectors"/> channel vectors still run in quads:
    /// ResNet-50 stage 1's 3136 positions 64 -> 256 + residual 1282-1335 -> 1174-1179 us (--layers P3, alternated),
    /// where its 256 -> 64 was 3% slower in quads.
    /// </summary>
    private const int WideQuadMaxPositions = 4096;

    /// <summary>The channel vectors (128 channels at Vector256) from which a layer runs in quads up to <see cref="WideQuadMaxPositions"/>.</summary>
    private const int WideQuadVectors = 16;

    /// <summary>
    /// Whether a flat layer's channels run four vectors at a time with 16 registers: each sweep of a quad reads the
    /// input once for 32 channels instead of 16, and writes two lines of every position instead of one. Layers of
    /// many positions and few channels keep the 6 x 2 tile, whose six positions share each weight load, and so do layers whose epilogue
    /// needs constants in registers (swish, sigmoid, hard swish): finished from memory after the tile, EfficientNet-B0's
    /// swish expansions ran 17% slower in quads, where its projections and head ran 4-9% faster.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Quads<TV, TO, G, A, R>() where TV : struct where TO : struct, IVectorOps<TV> where G : struct, IConvShape
        where A : struct, IFusedActivation where R : struct, IFusedActivation
        => G.Flat && !G.Accumulates && G.Columns > WidePixels && G.GroupOutChannels >= 4 * TO.Count
           && (G.Columns <= QuadMaxPositions || (G.Columns <= WideQuadMaxPositions && G.GroupOutChannels >= WideQuadVectors * TO.Count))
           && A.FinishesInWideTile && (!G.Residual || R.FinishesInWideTile) && SixteenRegisters<TV, TO>();

    /// <summary>Channel vectors <paramref name="cb"/>..<paramref name="cb"/> + 3 (whole vectors) over positions <paramref name="from"/>..<paramref name="to"/>, in parts of taps when the layer is large.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void QuadBlock<TV, TO, G, A, R>(ref float input, ref float output, ref float residual, ref float weights, ref float shifts, int cb, int from, int to, bool firstSweep)
        where TV : struct where TO : struct, IVectorOps<TV> where G : struct, IConvShape where A : struct, IFusedActivation where R : struct, IFusedActivation
    {
        int parts = TapPart.Parts<G>();
        int count = to - from;
        if (count <= 0) return;
        int tiles = EvenTileCount(count, QuadPixels), narrow = count / tiles, wider = count % tiles;
        for (int part = 0; part < parts; part++)
        {
            int ow = from;
            if (wider != 0) ow = QuadTilesOf<TV, TO, G, A, R>(narrow + 1, ref input, ref output, ref residual, ref weights, ref shifts, cb, ow, ow + (wider * (narrow + 1)), part, firstSweep);
            QuadTilesOf<TV, TO, G, A, R>(narrow, ref input, ref output, ref residual, ref weights, ref shifts, cb, ow, to, part, firstSweep);
        }
    }

    /// <summary>Quad tiles of <paramref name="pixels"/> positions (a constant where this is inlined, so the switch folds).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int QuadTilesOf<TV, TO, G, A, R>(int pixels, ref float input, ref float output, ref float residual, ref float weights, ref float shifts, int cb, int ow, int end, int part, bool firstSweep)
        where TV : struct where TO : struct, IVectorOps<TV> where G : struct, IConvShape where A : struct, IFusedActivation where R : struct, IFusedActivation
        => pixels switch
        {
            1 => QuadTiles<TV, TO, G, A, R, TilePixels.P1>(ref input, ref output, ref residual, ref weights, ref shifts, cb, ow, end, part, firstSweep),
            2 => QuadTiles<TV, TO, G, A, R, TilePixels.P2>(ref input, ref output, ref residual, ref weights, ref shifts, cb, ow, end, part, firstSweep),
            _ => QuadTiles<TV, TO, G, A, R, TilePixels.P3>(ref input, ref output, ref residual, ref weights, ref shifts, cb, ow, end, part, firstSweep),
        };

    /// <summary>
    /// Tiles of TP positions x 4 vectors from position <paramref name="ow"/> while they fit before <paramref name="end"/>;
    /// returns the first position left. The first two vectors' weights are the pair at <paramref name="cb"/>, the last
    /// two the next pair's (<c>WeightPacking.ConvPairedBlocks</c>, unchanged). Parts of taps and the read-ahead follow
    /// <see cref="Tiles"/>; the epilogue runs in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int QuadTiles<TV, TO, G, A, R, TP>(ref float input, ref float output, ref float residual, ref float weights, ref float shifts, int cb, int ow, int end, int part, bool firstSweep)
        where TV : struct where TO : struct, IVectorOps<TV> where G : struct, IConvShape where A : struct, IFusedActivation where R : struct, IFusedActivation
        where TP : struct, ITilePixels
    {
        int lanes = TO.Count;
        nint pitch = 2 * lanes;
        ref float wa = ref Unsafe.Add(ref weights, (nint)cb * G.Taps * lanes);
        nint nextPair = (nint)2 * G.Taps * lanes;
        var taps = TapPart.Of<G>(part);
        bool inParts = taps.InParts, resume = taps.Resumes, last = taps.Last;
        int segmentFrom = taps.SegmentFrom, segmentTo = taps.SegmentTo, count = taps.Count;
        nint j0 = taps.First;
        int c0 = cb * lanes;
        // Read ahead as Tiles does: the next tile's input on the first sweep of a layer of one part, its output (and
        // residual) lines. Not the next weights: their addresses took two more registers than the loop has, and the
        // JIT reloaded two of its own from the stack each tap (P4 and P5 25-30% slower so).
        bool prefetchesInput = !inParts;
        bool fetchInput = prefetchesInput && firstSweep;
        bool fetchOutput = !inParts;
        TV a0 = default, a1 = default, a2 = default, b0 = default, b1 = default, b2 = default;
        TV c0v = default, c1 = default, c2 = default, d0 = default, d1 = default, d2 = default;
        for (; ow + TP.Value <= end; ow += TP.Value)
        {
            ref float x = ref Unsafe.Add(ref input, (nint)ow * G.ColumnStep);
            ref float y = ref Unsafe.Add(ref output, ((nint)ow * G.Stride) + c0);
            ref float r = ref Unsafe.Add(ref residual, ((nint)ow * G.OutChannels) + c0);
            if (resume)
            {
                if (TP.Value > 0) { a0 = TO.Load(ref y, 0); b0 = TO.Load(ref y, lanes); c0v = TO.Load(ref y, 2 * lanes); d0 = TO.Load(ref y, 3 * lanes); }
                if (TP.Value > 1) { a1 = TO.Load(ref y, G.Stride); b1 = TO.Load(ref y, G.Stride + lanes); c1 = TO.Load(ref y, G.Stride + (2 * lanes)); d1 = TO.Load(ref y, G.Stride + (3 * lanes)); }
                if (TP.Value > 2) { a2 = TO.Load(ref y, 2 * G.Stride); b2 = TO.Load(ref y, (2 * G.Stride) + lanes); c2 = TO.Load(ref y, (2 * G.Stride) + (2 * lanes)); d2 = TO.Load(ref y, (2 * G.Stride) + (3 * lanes)); }
            }
            else
            {
                a0 = a1 = a2 = TO.Load(ref shifts, c0);
                b0 = b1 = b2 = TO.Load(ref shifts, c0 + lanes);
                c0v = c1 = c2 = TO.Load(ref shifts, c0 + (2 * lanes));
                d0 = d1 = d2 = TO.Load(ref shifts, c0 + (3 * lanes));
            }
            if (fetchOutput)
            {
                for (int p = TP.Value; p < 2 * TP.Value; p++)
                {
                    Prefetch.ToL1(ref y, (nint)p * G.Stride);
                    Prefetch.ToL1(ref y, ((nint)p * G.Stride) + (2 * lanes));
                    if (G.Residual)
                    {
                        Prefetch.ToL1(ref r, (nint)p * G.OutChannels);
                        Prefetch.ToL1(ref r, ((nint)p * G.OutChannels) + (2 * lanes));
                    }
                }
            }
            nint inputAhead = fetchInput ? (nint)TP.Value * G.ColumnStep : 0, inputStep = fetchInput ? LineFloats : 0;
            for (int s = segmentFrom; s < segmentTo; s++)
            {
                nint wp = ((nint)s * G.Run + j0) * pitch;
                nint xp = (G.SegmentColumns == 1 ? (nint)s * G.SegmentRowStep : (nint)(s / G.SegmentColumns) * G.SegmentRowStep + (nint)(s % G.SegmentColumns) * G.SegmentColumnStep) + j0;
                // One base and one index for both pairs' weights (the next pair's are a constant 2 x taps vectors on):
                // a second base took a register the loop needs.
                for (int j = count; j > 0; j--)
                {
                    // The tile's three broadcasts stay live across the four weight vectors: 12 + 3 + 1 registers.
                    TV x0 = TO.Broadcast(ref x, xp);
                    TV x1 = TP.Value > 1 ? TO.Broadcast(ref x, xp + G.ColumnStep) : default;
                    TV x2 = TP.Value > 2 ? TO.Broadcast(ref x, xp + (2 * G.ColumnStep)) : default;
                    TV w = TO.Load(ref wa, wp);
                    a0 = TO.MultiplyAdd(x0, w, a0); if (TP.Value > 1) a1 = TO.MultiplyAdd(x1, w, a1); if (TP.Value > 2) a2 = TO.MultiplyAdd(x2, w, a2);
                    w = TO.Load(ref wa, wp + lanes);
                    b0 = TO.MultiplyAdd(x0, w, b0); if (TP.Value > 1) b1 = TO.MultiplyAdd(x1, w, b1); if (TP.Value > 2) b2 = TO.MultiplyAdd(x2, w, b2);
                    w = TO.Load(ref wa, wp + nextPair);
                    c0v = TO.MultiplyAdd(x0, w, c0v); if (TP.Value > 1) c1 = TO.MultiplyAdd(x1, w, c1); if (TP.Value > 2) c2 = TO.MultiplyAdd(x2, w, c2);
                    w = TO.Load(ref wa, wp + nextPair + lanes);
                    d0 = TO.MultiplyAdd(x0, w, d0); if (TP.Value > 1) d1 = TO.MultiplyAdd(x1, w, d1); if (TP.Value > 2) d2 = TO.MultiplyAdd(x2, w, d2);
                    if (prefetchesInput)
                    {
                        Prefetch.ToL1(ref x, inputAhead);
                        inputAhead += inputStep;
                    }
                    wp += pitch;
                    xp++;
                }
            }
            if (last)
            {
                if (TP.Value > 0) QuadFinish<TV, TO, G, A, R>(a0, b0, c0v, d0, ref y, ref r);
                if (TP.Value > 1) QuadFinish<TV, TO, G, A, R>(a1, b1, c1, d1, ref Unsafe.Add(ref y, G.Stride), ref Unsafe.Add(ref r, G.OutChannels));
                if (TP.Value > 2) QuadFinish<TV, TO, G, A, R>(a2, b2, c2, d2, ref Unsafe.Add(ref y, 2 * G.Stride), ref Unsafe.Add(ref r, 2 * G.OutChannels));
                continue;
            }
            // Partial sums of a part, finished by the last.
            if (TP.Value > 0) QuadStore<TV, TO>(a0, b0, c0v, d0, ref y);
            if (TP.Value > 1) QuadStore<TV, TO>(a1, b1, c1, d1, ref Unsafe.Add(ref y, G.Stride));
            if (TP.Value > 2) QuadStore<TV, TO>(a2, b2, c2, d2, ref Unsafe.Add(ref y, 2 * G.Stride));
        }
        return ow;
    }

    /// <summary>One position's four sums stored as they are.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void QuadStore<TV, TO>(TV v0, TV v1, TV v2, TV v3, ref float y) where TV : struct where TO : struct, IVectorOps<TV>
    {
        TO.Store(v0, ref y, 0);
        TO.Store(v1, ref y, TO.Count);
        TO.Store(v2, ref y, 2 * TO.Count);
        TO.Store(v3, ref y, 3 * TO.Count);
    }

    /// <summary>One position's four sums through the epilogue (<see cref="Finish"/>) into the output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void QuadFinish<TV, TO, G, A, R>(TV v0, TV v1, TV v2, TV v3, ref float y, ref float r)
        where TV : struct where TO : struct, IVectorOps<TV> where G : struct, IConvShape where A : struct, IFusedActivation where R : struct, IFusedActivation
    {
        TO.Store(Finish<TV, TO, G, A, R>(v0, ref r, 0), ref y, 0);
        TO.Store(Finish<TV, TO, G, A, R>(v1, ref r, TO.Count), ref y, TO.Count);
        TO.Store(Finish<TV, TO, G, A, R>(v2, ref r, 2 * TO.Count), ref y, 2 * TO.Count);
        TO.Store(Finish<TV, TO, G, A, R>(v3, ref r, 3 * TO.Count), ref y, 3 * TO.Count);
    }
}
