using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CnnDsl.Kernels;

/// <summary>
/// A convolution or dense layer as a register-blocked matrix multiply over the constant shape <c>G</c> (an
/// <see cref="IConvShape"/> the generator writes per distinct layer): a tile of <see cref="Pixels"/> output positions
/// (<see cref="WidePixels"/> with Vector512's 32 registers, <see cref="SixteenRegisterPixels"/> with Vector256 and
/// AVX2's 16) x 1 or 2 vectors of output channels (with 16 registers, most 1x1 layers whose epilogue runs in registers
/// take 3 positions x 4 vectors instead: ConvKernel.Quads.cs), their weights packed
/// tap by tap in the order the tile reads them (<c>WeightPacking.ConvPairedBlocks</c>), is accumulated in
/// registers while the loop walks the kernel's segments of contiguous input, then bias (with folded batch norms),
/// activation <c>A</c>, a fused residual and activation <c>R</c> are applied in registers and stored straight into
/// the output (or a concatenation's channel slice). Every shape, the tile width and the activation are type arguments,
/// so each layer is its own JIT (or NativeAOT) instantiation with them as constants: the branches below on them fold
/// away and the unused accumulators vanish, leaving the code the generator used to write out per layer. Layers with
/// more than <see cref="TapsPerPart"/> taps per channel pair run in parts, each sweeping every output position with
/// its weights cached, partial sums kept in the output. Flat layers read ahead by software prefetch where the hardware
/// prefetcher left misses: the next tile's input on the first sweep, its output and residual lines, the next part's
/// weights when they are large. Where the 512-bit FMA runs at half rate, a lone full Vector512 block of channels runs
/// as a Vector256 pair in the wide tile. For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class ConvKernel
{
    /// <summary>Output positions per register tile (x 2 vectors = 8 accumulators: fits 16 registers on AVX2 too).</summary>
    public const int Pixels = 4;

    /// <summary>
    /// The most output positions per register tile when the vector is Vector512 and the CPU has 32 vector registers:
    /// x 2 vectors = 24 accumulators, plus the 2 weight vectors and a broadcast.
    /// </summary>
    public const int WidePixels = 12;

    /// <summary>
    /// The most output positions per register tile with Vector256 and 16 vector registers (AVX2 without AVX-512):
    /// x 2 vectors = 12 accumulators, plus the 2 weight vectors and a broadcast (MLAS's AVX2 SGEMM kernel keeps 6 x 2).
    /// The JIT keeps all 15 in registers (checked with DOTNET_JitDisasm on W6's layer: no spill in the tap loop).
    /// </summary>
    private const int SixteenRegisterPixels = 6;

    /// <summary>
    /// Taps per part: while a channel pair's weights (taps x 2 vectors, 128 bytes per tap at AVX-512) fit in L1, one
    /// sweep; larger layers are blocked over their taps in parts of this many.
    /// </summary>
    public const int TapsPerPart = 256;

    /// <summary>
    /// Weights (taps x output channels per group) from which a flat layer prefetches the next part's: 256 KB, where a
    /// layer's weights no longer stay in L2 beside its input and output across calls of a large network.
    /// </summary>
    private const int PrefetchWeightFloats = 64 * 1024;

    /// <summary>Floats per cache line.</summary>
    private const int LineFloats = 16;

    /// <summary>The widest vector's floats (Vector512).</summary>
    private const int MaxLanes = 16;

    /// <summary>A flat layer's band of positions reads at most this many input floats (512 KB, half of a 1 MB L2).</summary>
    private const int BandFloats = 128 * 1024;

    /// <summary>Rows at least this wide take full wide tiles and leave their tail to the narrow tiles.</summary>
    private const int ShortRow = 3 * WidePixels;

    /// <summary>
    /// Computes output rows <paramref name="from"/>..<paramref name="to"/> (a flat layer: positions, in whole tiles of
    /// <see cref="Pixels"/> but for the last thread's), channel vectors <paramref name="blockFrom"/>..<paramref name="blockTo"/>
    /// of each group. <paramref name="input"/> is the (zero-bordered) input; <paramref name="residual"/> is read only when
    /// the shape has one (pass any reference otherwise).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TV, TO, G, A, R>(ref float input, ref float output, ref float residual, ref float weights, ref float shifts,
        int from, int to, int blockFrom, int blockTo)
        where TV : struct where TO : struct, IVectorOps<TV> where G : struct, IConvShape where A : struct, IFusedActivation where R : struct, IFusedActivation
    {
        int lanes = TO.Count;
        if (ConvLanes.Narrow(G.GroupOutChannels, G.Columns, lanes))
        {
            // Packed for Vector256 (ConvLanes): the caller's blocks of 16 channels are twice as many blocks of 8.
            int narrowBlocks = (G.GroupOutChannels + 7) / 8;
            Run<Vector256<float>, Vector256Ops, G, A, R>(ref input, ref output, ref residual, ref weights, ref shifts,
                from, to, Math.Min(2 * blockFrom, narrowBlocks), Math.Min(2 * blockTo, narrowBlocks));
            return;
        }
        if (BlockedInput.Applies<G>())
        {
            // Positions 4 KB apart (1024 channels and more) read from a copy in blocks of channels (BlockedInput).
            ref float blocked = ref BlockedInput.Copy<G>(ref input, from, to);
            Groups<TV, TO, Blocked<G>, A, R>(ref blocked, ref output, ref residual, ref weights, ref shifts, from, to, blockFrom, blockTo);
            return;
        }
        Groups<TV, TO, G, A, R>(ref input, ref output, ref residual, ref weights, ref shifts, from, to, blockFrom, blockTo);
    }

    /// <summary>
    /// <see cref="Run"/>'s sweeps, group by group, once the vector width and the input's layout are chosen (a method of
    /// its own, so that <see cref="Blocked{G}"/> is never a shape <see cref="Run"/> is instantiated with: NativeAOT
    /// compiles generic instantiations ahead and would nest it without end).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Groups<TV, TO, G, A, R>(ref float input, ref float output, ref float residual, ref float weights, ref float shifts,
        int from, int to, int blockFrom, int blockTo)
        where TV : struct where TO : struct, IVectorOps<TV> where G : struct, IConvShape where A : struct, IFusedActivation where R : struct, IFusedActivation
    {
        int lanes = TO.Count;
        int blocks = (G.GroupOutChannels + lanes - 1) / lanes;
        for (int g = 0; g < G.Groups; g++)
        {
            // Group g: its input channels, output channels and packed weights.
            ref float groupInput = ref Unsafe.Add(ref input, g * G.GroupInChannels);
            ref float groupOutput = ref Unsafe.Add(ref output, g * G.GroupOutChannels);
            ref float groupResidual = ref Unsafe.Add(ref residual, g * G.GroupOutChannels);
            ref float groupWeights = ref Unsafe.Add(ref weights, (nint)g * blocks * G.Taps * lanes);
            ref float groupShifts = ref Unsafe.Add(ref shifts, g * G.GroupOutChannels);
            int band = Band<G>(from, to, blockTo - blockFrom);
            for (int b0 = from; b0 < to; b0 += band)
            {
                int b1 = Math.Min(to, b0 + band);
                int cb = blockFrom;
                if (Quads<TV, TO, G, A, R>())
                {
                    for (; cb + 3 < blockTo && (cb + 4) * lanes <= G.GroupOutChannels; cb += 4)
                        QuadBlock<TV, TO, G, A, R>(ref groupInput, ref groupOutput, ref groupResidual, ref groupWeights, ref groupShifts, cb, b0, b1, cb == blockFrom);
                }
                for (; cb + 1 < blockTo; cb += 2)
                    Block<TV, TO, G, A, R, TwoVectors>(ref groupInput, ref groupOutput, ref groupResidual, ref groupWeights, ref groupShifts, cb, b0, b1, cb == blockFrom);
                // Channel counts that are an even number of vectors at every width leave no single-vector block.
                if (G.GroupOutChannels % (2 * MaxLanes) != 0 && cb < blockTo)
                {
                    if (LoneVectorAsPair<TV, TO, G>())
                        Block<Vector256<float>, Vector256Ops, G, A, R, TwoVectors>(ref groupInput, ref groupOutput, ref groupResidual, ref groupWeights, ref groupShifts, 2 * cb, b0, b1, cb == blockFrom);
                    else
                        Block<TV, TO, G, A, R, OneVector>(ref groupInput, ref groupOutput, ref groupResidual, ref groupWeights, ref groupShifts, cb, b0, b1, cb == blockFrom);
                }
            }
        }
    }

    /// <summary>
    /// Whether a lone, full Vector512 block of channels (a layer of 16 output channels per group, or the last of an odd
    /// number of blocks) runs as a pair of Vector256 halves in the wide 12 x 2 tile instead of a 12 x 1 tile, where the
    /// 512-bit FMA runs at half rate (<see cref="FmaRate"/>): the same floats per FMA cycle, and MobileNet V2's
    /// 112x112x32 -> 16 projection measured 10-15% faster so. Its packed weights are already laid out so: a lone
    /// block's 16 floats per tap are the two halves of a Vector256 pair, tap by tap. Not for rows shorter than a wide
    /// tile (as <see cref="ConvLanes"/>), nor a partial block (the pair's first half is stored whole).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool LoneVectorAsPair<TV, TO, G>() where TV : struct where TO : struct, IVectorOps<TV> where G : struct, IConvShape
        => TO.Count == MaxLanes && G.GroupOutChannels % MaxLanes == 0 && G.Columns >= WidePixels && FmaRate.Vector512HalfRate;

    /// <summary>
    /// The positions per band of a flat layer swept once per pair of channel vectors whose input is larger than
    /// <see cref="BandFloats"/>: it goes through its positions in even bands of whole wide tiles whose input stays in
    /// L2 across the sweeps, instead of streaming the whole input from L3 once per sweep (P1, MobileNet V2's
    /// 56x56x144 -> 24 projection, in three sweeps of 8 channels). Otherwise the whole range in one band.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Band<G>(int from, int to, int blocks) where G : struct, IConvShape
    {
        // The input floats the band reads (a blocked input's positions are its blocks' pitch apart, its taps whole).
        long floats = (long)(to - from) * Math.Max(G.ColumnStep, G.Taps);
        if (!G.Flat || blocks <= 2 || floats <= BandFloats) return Math.Max(1, to - from);
        int bands = (int)((floats + BandFloats - 1) / BandFloats), tiles = (to - from + WidePixels - 1) / WidePixels;
        return (tiles + bands - 1) / bands * WidePixels;
    }

    /// <summary>
    /// One or two channel vectors from <paramref name="cb"/> over this thread's rows, in parts of taps when the layer is
    /// large. Optimized at once, with the column walk inlined: a layer calls it a few times per image, so under tiered
    /// compilation it ran unoptimized (a call per row for every constant of the shape) for most of a short run.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block<TV, TO, G, A, R, TB>(ref float input, ref float output, ref float residual, ref float weights, ref float shifts, int cb, int from, int to, bool firstSweep)
        where TV : struct where TO : struct, IVectorOps<TV> where G : struct, IConvShape where A : struct, IFusedActivation where R : struct, IFusedActivation
        where TB : struct, ITileVectors
    {
        ref float w0 = ref Unsafe.Add(ref weights, (nint)cb * G.Taps * TO.Count);
        int parts = TapPart.Parts<G>();
        for (int part = 0; part < parts; part++)
        {
            if (G.Flat)
            {
                Walk<TV, TO, G, A, R, TB>(ref input, ref output, ref residual, ref w0, ref shifts, cb, 0, from, to, part, firstSweep);
                continue;
            }
            if (WrapsRows<TV, TO, G, A, R>())
            {
                // Rows too short for whole tiles (7 columns: 4 + 3) run as one range of positions across the rows.
                int first = from * G.Columns, count = (to - from) * G.Columns;
                if (count > 0) EvenTiles<TV, TO, G, A, R, TB>(count, SixteenRegisterPixels, ref input, ref output, ref residual, ref w0, ref shifts, cb, 0, first, first + count, part, firstSweep);
                continue;
            }
            for (int oh = from; oh < to; oh++) Walk<TV, TO, G, A, R, TB>(ref input, ref output, ref residual, ref w0, ref shifts, cb, oh, 0, G.Columns, part, firstSweep);
        }
    }

    /// <summary>
    /// One output row's columns <paramref name="first"/>..<paramref name="end"/> (a flat layer's positions) in tiles.
    /// With Vector512 a short row splits evenly into the fewest tiles of at most <see cref="WidePixels"/> columns
    /// (14 = 7 + 7, 17 = 9 + 8), and so do a flat layer's positions (784 = 58 x 12 + 8 x 11), long rows run tiles of
    /// <see cref="WidePixels"/>. With Vector256 and 16 registers, rows and flat positions alike split evenly into tiles
    /// of at most <see cref="SixteenRegisterPixels"/>. Otherwise tiles of
    /// <see cref="Pixels"/>, and the columns left beyond those run as one narrower tile, not one pixel at a time.
    /// Sigmoid keeps its exponential's constants in registers through the tile, so it takes no wide tile; swish does
    /// (a wide tile's epilogue runs from memory after the sums are stored, where the constants spill nothing).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Walk<TV, TO, G, A, R, TB>(ref float input, ref float output, ref float residual, ref float w0, ref float shifts, int cb, int oh, int first, int end, int part, bool firstSweep)
        where TV : struct where TO : struct, IVectorOps<TV> where G : struct, IConvShape where A : struct, IFusedActivation where R : struct, IFusedActivation
        where TB : struct, ITileVectors
    {
        int ow = first;
        if (G.Columns > Pixels && A.Wide && R.Wide && SixteenRegisters<TV, TO>())
        {
            // 16 registers: a row (a flat layer's positions) in the fewest tiles of at most SixteenRegisterPixels, evenly
            // (56 = 6 x 6 + 4 x 5, 14 = 5 + 5 + 4), so that no tile is left with a few latency-bound columns.
            int count = G.Flat ? end - ow : G.Columns;
            if (count > 0) EvenTiles<TV, TO, G, A, R, TB>(count, SixteenRegisterPixels, ref input, ref output, ref residual, ref w0, ref shifts, cb, oh, ow, end, part, firstSweep);
            return;
        }
        bool wide = G.Columns > Pixels && A.Wide && R.Wide && WideRegisters<TV, TO>();
        if (wide && G.Flat)
        {
            // 49 positions (a 7x7 layer) run as 10 + 10 + 10 + 10 + 9, not 4 x 12 + 1: a one-position tile waits on
            // its FMAs' latency (2 chains), and R50's 7x7x512 -> 2048 measured 4-5% faster so.
            int count = end - ow;
            if (count > 0) EvenTiles<TV, TO, G, A, R, TB>(count, WidePixels, ref input, ref output, ref residual, ref w0, ref shifts, cb, oh, ow, end, part, firstSweep);
            return;
        }
        if (wide && G.Columns >= ShortRow)
        {
            ow = Tiles<TV, TO, G, A, R, TilePixels.P12, TB>(ref input, ref output, ref residual, ref w0, ref shifts, cb, oh, ow, end, part, firstSweep);
        }
        else if (wide)
        {
            EvenTiles<TV, TO, G, A, R, TB>(G.Columns, WidePixels, ref input, ref output, ref residual, ref w0, ref shifts, cb, oh, ow, end, part, firstSweep);
            return;
        }
        ow = Tiles<TV, TO, G, A, R, TilePixels.P4, TB>(ref input, ref output, ref residual, ref w0, ref shifts, cb, oh, ow, end, part, firstSweep);
        // A row's columns left over (a constant); a flat layer's range may end anywhere (a streamed block's band of rows).
        int left = G.Flat ? end - ow : G.Columns % Pixels;
        if (left != 0 && ow < end)
            TilesOf<TV, TO, G, A, R, TB>(left, ref input, ref output, ref residual, ref w0, ref shifts, cb, oh, ow, end, part, firstSweep);
    }

    /// <summary>
    /// Whether the wide tile's 24 accumulators, 2 weight vectors and broadcast fit the registers: Vector512's 32, and
    /// Vector256's on the same hardware (a layer <see cref="ConvLanes"/> narrows), not AVX2's 16.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool WideRegisters<TV, TO>() where TV : struct where TO : struct, IVectorOps<TV>
        => TO.Count == MaxLanes || (TO.Count == Vector256<float>.Count && Vector512.IsHardwareAccelerated);

    /// <summary>
    /// Whether the vectors are Vector256 on a CPU of 16 vector registers (AVX2 without AVX-512): a tile of
    /// <see cref="SixteenRegisterPixels"/> x 2 vectors = 12 accumulators, 2 weight vectors and a broadcast fit them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool SixteenRegisters<TV, TO>() where TV : struct where TO : struct, IVectorOps<TV>
        => TO.Count == Vector256<float>.Count && VectorRegisters.Few;

    /// <summary>
    /// Whether a layer's rows are taken as one range of positions whose tiles cross from one row to the next: with 16
    /// registers, rows of 7 to 16 columns that split into tiles of fewer than 5 (7 = 4 + 3, 14 = 5 + 5 + 4), whose 8 or
    /// 6 sums cannot cover the FMA's latency on two pipes (5 cycles x 2 needs 10), where 49 positions run as 6 x 4 +
    /// 5 x 5. A tile of at most 6 crosses at most one row's end: the positions past it read the input a row step on.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool WrapsRows<TV, TO, G, A, R>() where TV : struct where TO : struct, IVectorOps<TV> where G : struct, IConvShape
        where A : struct, IFusedActivation where R : struct, IFusedActivation
        => !G.Flat && G.Columns > SixteenRegisterPixels && G.Columns <= 16 && G.Columns / EvenTileCount(G.Columns, SixteenRegisterPixels) < 5
           && A.Wide && R.Wide && SixteenRegisters<TV, TO>();

    /// <summary>
    /// <paramref name="count"/> columns from <paramref name="ow"/> in the fewest tiles of at most <paramref name="most"/>,
    /// evenly: the wider ones (one column more) first.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void EvenTiles<TV, TO, G, A, R, TB>(int count, int most, ref float input, ref float output, ref float residual, ref float w0, ref float shifts, int cb, int oh, int ow, int end, int part, bool firstSweep)
        where TV : struct where TO : struct, IVectorOps<TV> where G : struct, IConvShape where A : struct, IFusedActivation where R : struct, IFusedActivation
        where TB : struct, ITileVectors
    {
        int tiles = EvenTileCount(count, most), narrow = count / tiles, wider = count % tiles;
        if (wider != 0) ow = TilesOf<TV, TO, G, A, R, TB>(narrow + 1, ref input, ref output, ref residual, ref w0, ref shifts, cb, oh, ow, ow + wider * (narrow + 1), part, firstSweep);
        TilesOf<TV, TO, G, A, R, TB>(narrow, ref input, ref output, ref residual, ref w0, ref shifts, cb, oh, ow, end, part, firstSweep);
    }

    /// <summary>The fewest tiles of at most <paramref name="most"/> that <paramref name="count"/> columns split into (<see cref="EvenTiles"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int EvenTileCount(int count, int most) => (count + most - 1) / most;

    /// <summary>Tiles of <paramref name="pixels"/> (a constant where this is inlined, so the switch folds) columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int TilesOf<TV, TO, G, A, R, TB>(int pixels, ref float input, ref float output, ref float residual, ref float w0, ref float shifts, int cb, int oh, int ow, int end, int part, bool firstSweep)
        where TV : struct where TO : struct, IVectorOps<TV> where G : struct, IConvShape where A : struct, IFusedActivation where R : struct, IFusedActivation
        where TB : struct, ITileVectors
        => pixels switch
        {
            1 => Tiles<TV, TO, G, A, R, TilePixels.P1, TB>(ref input, ref output, ref residual, ref w0, ref shifts, cb, oh, ow, end, part, firstSweep),
            2 => Tiles<TV, TO, G, A, R, TilePixels.P2, TB>(ref input, ref output, ref residual, ref w0, ref shifts, cb, oh, ow, end, part, firstSweep),
            3 => Tiles<TV, TO, G, A, R, TilePixels.P3, TB>(ref input, ref output, ref residual, ref w0, ref shifts, cb, oh, ow, end, part, firstSweep),
            4 => Tiles<TV, TO, G, A, R, TilePixels.P4, TB>(ref input, ref output, ref residual, ref w0, ref shifts, cb, oh, ow, end, part, firstSweep),
            5 => Tiles<TV, TO, G, A, R, TilePixels.P5, TB>(ref input, ref output, ref residual, ref w0, ref shifts, cb, oh, ow, end, part, firstSweep),
            6 => Tiles<TV, TO, G, A, R, TilePixels.P6, TB>(ref input, ref output, ref residual, ref w0, ref shifts, cb, oh, ow, end, part, firstSweep),
            7 => Tiles<TV, TO, G, A, R, TilePixels.P7, TB>(ref input, ref output, ref residual, ref w0, ref shifts, cb, oh, ow, end, part, firstSweep),
            8 => Tiles<TV, TO, G, A, R, TilePixels.P8, TB>(ref input, ref output, ref residual, ref w0, ref shifts, cb, oh, ow, end, part, firstSweep),
            9 => Tiles<TV, TO, G, A, R, TilePixels.P9, TB>(ref input, ref output, ref residual, ref w0, ref shifts, cb, oh, ow, end, part, firstSweep),
            10 => Tiles<TV, TO, G, A, R, TilePixels.P10, TB>(ref input, ref output, ref residual, ref w0, ref shifts, cb, oh, ow, end, part, firstSweep),
            11 => Tiles<TV, TO, G, A, R, TilePixels.P11, TB>(ref input, ref output, ref residual, ref w0, ref shifts, cb, oh, ow, end, part, firstSweep),
            _ => Tiles<TV, TO, G, A, R, TilePixels.P12, TB>(ref input, ref output, ref residual, ref w0, ref shifts, cb, oh, ow, end, part, firstSweep),
        };

    /// <summary>
    /// Tiles of TP columns x TB vectors from column <paramref name="ow"/> while they fit before <paramref name="end"/>;
    /// returns the first column left. In a layer run in parts, <paramref name="part"/> picks the taps: the first part
    /// starts from the bias (a shape that <see cref="IConvShape.Accumulates"/>: from the output too), later ones from the
    /// partial sums in the output, and the last applies the epilogue.
    /// <paramref name="firstSweep"/>: these are the first channel vectors this call sweeps the band with (its input
    /// not yet in L2).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Tiles<TV, TO, G, A, R, TP, TB>(ref float input, ref float output, ref float residual, ref float w0, ref float shifts, int cb, int oh, int ow, int end, int part, bool firstSweep)
        where TV : struct where TO : struct, IVectorOps<TV> where G : struct, IConvShape where A : struct, IFusedActivation where R : struct, IFusedActivation
        where TP : struct, ITilePixels where TB : struct, ITileVectors
    {
        int lanes = TO.Count;
        bool two = TB.Two;
        nint pitch = two ? 2 * lanes : lanes;
        var taps = TapPart.Of<G>(part);
        bool inParts = taps.InParts;
        int segmentFrom = taps.SegmentFrom, segmentTo = taps.SegmentTo, count = taps.Count;
        nint j0 = taps.First;
        bool resume = G.Accumulates || taps.Resumes, last = taps.Last;
        bool finishes = !A.Identity || G.Residual;
        // The epilogue runs in registers on narrow tiles (sigmoid and swish too: E1, a swish layer, measured 4-6%
        // faster so than finishing the stored tile, EfficientNet-B0 level), and on wide ones (up to 24 accumulators)
        // when its activations need at most a register or two of constants (none, relu, relu6: MobileNet V2's
        // 56x56x24 -> 144 + relu6 7% faster so, W6 1.5%). Other wide tiles finish from memory, one loop over the stored
        // tile (swish: E1 on 12 x 2 wide tiles so is 8% faster than on 4 x 2 narrow ones finished in registers).
        // With 16 registers (AVX2) a swish epilogue beside even the narrow tile's accumulators spilled them (E1, 1x1
        // 40 -> 240 + swish, 2x its time without the activation on an AVX2 Zen 1): it finishes from memory there too.
        bool fewConstants = A.FinishesInWideTile && (!G.Residual || R.FinishesInWideTile);
        bool inRegisters = fewConstants || (TP.Value <= Pixels && !VectorRegisters.Few);
        int c0 = cb * lanes;
        TV s0 = TO.Load(ref shifts, c0), s1 = two ? TO.Load(ref shifts, c0 + lanes) : default;
        // Valid lanes of the last vector (a partial store past the output channels).
        int n0 = G.GroupOutChannels - c0, n1 = G.GroupOutChannels - c0 - lanes;
        // Accumulator p of each vector: the lines below come in runs of 12 that differ only in p (0-11) and are
        // written out because generics cannot index registers; an edit to one line of a run goes to all 12.
        TV a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default, a8 = default, a9 = default, a10 = default, a11 = default;
        TV b0 = default, b1 = default, b2 = default, b3 = default, b4 = default, b5 = default, b6 = default, b7 = default, b8 = default, b9 = default, b10 = default, b11 = default;
        // Read ahead what the hardware prefetcher leaves to be missed. A flat layer of one part, on its first sweep over
        // the positions: the next tile's input (pixels x taps contiguous floats), a cache line per tap, which covers
        // it for tiles of up to 16 positions (the later sweeps find it in L2). P1 at batch 8, its 1.8 MB input per
        // image coming from memory, ran twice as fast so; ResNet-50 stage 1's 1x1 pair 15%. A layer of large weights
        // (at least PrefetchWeightFloats): the next part's or channel pair's weights, a tap's lines per tap, into L2;
        // in the whole network they come from memory, and the pair's first tile waited on them (7x7x2048 pair 8%).
        // Not in a layer of one tile (a dense layer): no next tile, and its weights, each read once, stream in order
        // (MobileNet V2's classifier measured 15% slower with the weights prefetched). Nor the input in tiles of one
        // vector, half the multiply-adds per input line (MobileNet V2's 112x112x32 -> 16 measured 4% slower so).
        // And in a flat layer of one part, the next tile's output lines (and its residual's), before the tile's taps,
        // into L1: each sweep writes a pair's lines of every position, 1 KB apart in ResNet-50
        // stage 1's 64 -> 256 + residual (a stride the hardware prefetcher does not follow), and a layer of few taps
        // writes its output faster than the hardware prefetcher fetches it (MobileNet V2's 112x112x16 -> 96, 4.8 MB).
        bool ahead = G.Flat && G.Columns > WidePixels;
        bool prefetchesInput = ahead && two && !inParts;
        bool fetchInput = prefetchesInput && firstSweep;
        bool fetchOutput = ahead && !inParts;
        bool fetchWeights = ahead && (long)G.Taps * G.GroupOutChannels >= PrefetchWeightFloats;
        nint weightsAhead = (nint)(inParts ? count : G.Taps) * pitch;
        int pixels = TP.Value;
        bool wraps = WrapsRows<TV, TO, G, A, R>();
        nint jump = G.RowStep - ((nint)G.Columns * G.ColumnStep);
        for (; ow + pixels <= end; ow += pixels)
        {
            nint position = G.Flat ? ow : (nint)oh * G.Columns + ow;
            ref float x = ref Unsafe.Add(ref input, wraps ? ((nint)(ow / G.Columns) * G.RowStep) + ((nint)(ow % G.Columns) * G.ColumnStep) : (G.Flat ? 0 : (nint)oh * G.RowStep) + (nint)ow * G.ColumnStep);
            // Where tiles cross rows (WrapsRows, oh 0 and ow the position): each position's input, a row step on past the row's end.
            int wrapAt = wraps ? G.Columns - (ow % G.Columns) : 0;
            ref float at1 = ref Unsafe.Add(ref x, wraps ? (1 * G.ColumnStep) + (1 >= wrapAt ? jump : 0) : 0);
            ref float at2 = ref Unsafe.Add(ref x, wraps ? (2 * G.ColumnStep) + (2 >= wrapAt ? jump : 0) : 0);
            ref float at3 = ref Unsafe.Add(ref x, wraps ? (3 * G.ColumnStep) + (3 >= wrapAt ? jump : 0) : 0);
            ref float at4 = ref Unsafe.Add(ref x, wraps ? (4 * G.ColumnStep) + (4 >= wrapAt ? jump : 0) : 0);
            ref float at5 = ref Unsafe.Add(ref x, wraps ? (5 * G.ColumnStep) + (5 >= wrapAt ? jump : 0) : 0);
            ref float y = ref Unsafe.Add(ref output, position * G.Stride + c0);
            ref float r = ref Unsafe.Add(ref residual, position * G.OutChannels + c0);
            if (TP.Value > 0) { a0 = resume ? TO.Load(ref y, 0) : s0; if (two) b0 = resume ? TO.Load(ref y, 0 + lanes) : s1; }
            if (TP.Value > 1) { a1 = resume ? TO.Load(ref y, 1 * G.Stride) : s0; if (two) b1 = resume ? TO.Load(ref y, 1 * G.Stride + lanes) : s1; }
            if (TP.Value > 2) { a2 = resume ? TO.Load(ref y, 2 * G.Stride) : s0; if (two) b2 = resume ? TO.Load(ref y, 2 * G.Stride + lanes) : s1; }
            if (TP.Value > 3) { a3 = resume ? TO.Load(ref y, 3 * G.Stride) : s0; if (two) b3 = resume ? TO.Load(ref y, 3 * G.Stride + lanes) : s1; }
            if (TP.Value > 4) { a4 = resume ? TO.Load(ref y, 4 * G.Stride) : s0; if (two) b4 = resume ? TO.Load(ref y, 4 * G.Stride + lanes) : s1; }
            if (TP.Value > 5) { a5 = resume ? TO.Load(ref y, 5 * G.Stride) : s0; if (two) b5 = resume ? TO.Load(ref y, 5 * G.Stride + lanes) : s1; }
            if (TP.Value > 6) { a6 = resume ? TO.Load(ref y, 6 * G.Stride) : s0; if (two) b6 = resume ? TO.Load(ref y, 6 * G.Stride + lanes) : s1; }
            if (TP.Value > 7) { a7 = resume ? TO.Load(ref y, 7 * G.Stride) : s0; if (two) b7 = resume ? TO.Load(ref y, 7 * G.Stride + lanes) : s1; }
            if (TP.Value > 8) { a8 = resume ? TO.Load(ref y, 8 * G.Stride) : s0; if (two) b8 = resume ? TO.Load(ref y, 8 * G.Stride + lanes) : s1; }
            if (TP.Value > 9) { a9 = resume ? TO.Load(ref y, 9 * G.Stride) : s0; if (two) b9 = resume ? TO.Load(ref y, 9 * G.Stride + lanes) : s1; }
            if (TP.Value > 10) { a10 = resume ? TO.Load(ref y, 10 * G.Stride) : s0; if (two) b10 = resume ? TO.Load(ref y, 10 * G.Stride + lanes) : s1; }
            if (TP.Value > 11) { a11 = resume ? TO.Load(ref y, 11 * G.Stride) : s0; if (two) b11 = resume ? TO.Load(ref y, 11 * G.Stride + lanes) : s1; }
            if (fetchOutput)
            {
                // The next tile's output lines (and its residual's), before its sums start.
                for (int p = TP.Value; p < 2 * TP.Value; p++)
                {
                    Prefetch.ToL1(ref y, (nint)p * G.Stride);
                    if (pitch > LineFloats) Prefetch.ToL1(ref y, ((nint)p * G.Stride) + LineFloats);
                    if (G.Residual)
                    {
                        Prefetch.ToL1(ref r, (nint)p * G.OutChannels);
                        if (pitch > LineFloats) Prefetch.ToL1(ref r, ((nint)p * G.OutChannels) + LineFloats);
                    }
                }
            }
            // On the first sweep a line of the next tile's input per tap; on later sweeps the step is 0 and the line is
            // this tile's first, already in L1: one load slot instead of a branch in the tap loop (the JIT keeps a
            // runtime condition there as a branch per tap).
            nint inputAhead = fetchInput ? (nint)TP.Value * G.ColumnStep : 0, inputStep = fetchInput ? LineFloats : 0;
            for (int s = segmentFrom; s < segmentTo; s++)
            {
                // Segment s: a kernel row (its kW x Cin taps contiguous in the input row), or one tap's input channels.
                nint wp = ((nint)s * G.Run + j0) * pitch;
                nint xp = (G.SegmentColumns == 1 ? (nint)s * G.SegmentRowStep : (nint)(s / G.SegmentColumns) * G.SegmentRowStep + (nint)(s % G.SegmentColumns) * G.SegmentColumnStep) + j0;
                for (int j = count; j > 0; j--)
                {
                    TV w0v = TO.Load(ref w0, wp), w1v = two ? TO.Load(ref w0, wp + lanes) : default;
                    if (prefetchesInput)
                    {
                        Prefetch.ToL1(ref x, inputAhead);
                        inputAhead += inputStep;
                    }
                    if (fetchWeights)
                    {
                        Prefetch.ToL2(ref w0, wp + weightsAhead);
                        if (pitch > LineFloats) Prefetch.ToL2(ref w0, wp + weightsAhead + LineFloats);
                    }
                    if (TP.Value > 0) { TV x0 = TO.Broadcast(ref x, xp + 0); a0 = TO.MultiplyAdd(x0, w0v, a0); if (two) b0 = TO.MultiplyAdd(x0, w1v, b0); }
                    if (TP.Value > 1) { TV x1 = TO.Broadcast(ref wraps ? ref at1 : ref x, xp + (wraps ? 0 : 1 * G.ColumnStep)); a1 = TO.MultiplyAdd(x1, w0v, a1); if (two) b1 = TO.MultiplyAdd(x1, w1v, b1); }
                    if (TP.Value > 2) { TV x2 = TO.Broadcast(ref wraps ? ref at2 : ref x, xp + (wraps ? 0 : 2 * G.ColumnStep)); a2 = TO.MultiplyAdd(x2, w0v, a2); if (two) b2 = TO.MultiplyAdd(x2, w1v, b2); }
                    if (TP.Value > 3) { TV x3 = TO.Broadcast(ref wraps ? ref at3 : ref x, xp + (wraps ? 0 : 3 * G.ColumnStep)); a3 = TO.MultiplyAdd(x3, w0v, a3); if (two) b3 = TO.MultiplyAdd(x3, w1v, b3); }
                    if (TP.Value > 4) { TV x4 = TO.Broadcast(ref wraps ? ref at4 : ref x, xp + (wraps ? 0 : 4 * G.ColumnStep)); a4 = TO.MultiplyAdd(x4, w0v, a4); if (two) b4 = TO.MultiplyAdd(x4, w1v, b4); }
                    if (TP.Value > 5) { TV x5 = TO.Broadcast(ref wraps ? ref at5 : ref x, xp + (wraps ? 0 : 5 * G.ColumnStep)); a5 = TO.MultiplyAdd(x5, w0v, a5); if (two) b5 = TO.MultiplyAdd(x5, w1v, b5); }
                    if (TP.Value > 6) { TV x6 = TO.Broadcast(ref x, xp + 6 * G.ColumnStep); a6 = TO.MultiplyAdd(x6, w0v, a6); if (two) b6 = TO.MultiplyAdd(x6, w1v, b6); }
                    if (TP.Value > 7) { TV x7 = TO.Broadcast(ref x, xp + 7 * G.ColumnStep); a7 = TO.MultiplyAdd(x7, w0v, a7); if (two) b7 = TO.MultiplyAdd(x7, w1v, b7); }
                    if (TP.Value > 8) { TV x8 = TO.Broadcast(ref x, xp + 8 * G.ColumnStep); a8 = TO.MultiplyAdd(x8, w0v, a8); if (two) b8 = TO.MultiplyAdd(x8, w1v, b8); }
                    if (TP.Value > 9) { TV x9 = TO.Broadcast(ref x, xp + 9 * G.ColumnStep); a9 = TO.MultiplyAdd(x9, w0v, a9); if (two) b9 = TO.MultiplyAdd(x9, w1v, b9); }
                    if (TP.Value > 10) { TV x10 = TO.Broadcast(ref x, xp + 10 * G.ColumnStep); a10 = TO.MultiplyAdd(x10, w0v, a10); if (two) b10 = TO.MultiplyAdd(x10, w1v, b10); }
                    if (TP.Value > 11) { TV x11 = TO.Broadcast(ref x, xp + 11 * G.ColumnStep); a11 = TO.MultiplyAdd(x11, w0v, a11); if (two) b11 = TO.MultiplyAdd(x11, w1v, b11); }
                    wp += pitch;
                    xp++;
                }
            }
            if (!inRegisters || !last)
            {
                // Sums stored as they are: partial sums of a part, or finished below from memory.
            if (TP.Value > 0) { StoreFirst<TV, TO>(a0, ref y, 0, two, n0); if (two) TO.Store(b0, ref y, 0 + lanes, n1); }
            if (TP.Value > 1) { StoreFirst<TV, TO>(a1, ref y, 1 * G.Stride, two, n0); if (two) TO.Store(b1, ref y, 1 * G.Stride + lanes, n1); }
            if (TP.Value > 2) { StoreFirst<TV, TO>(a2, ref y, 2 * G.Stride, two, n0); if (two) TO.Store(b2, ref y, 2 * G.Stride + lanes, n1); }
            if (TP.Value > 3) { StoreFirst<TV, TO>(a3, ref y, 3 * G.Stride, two, n0); if (two) TO.Store(b3, ref y, 3 * G.Stride + lanes, n1); }
            if (TP.Value > 4) { StoreFirst<TV, TO>(a4, ref y, 4 * G.Stride, two, n0); if (two) TO.Store(b4, ref y, 4 * G.Stride + lanes, n1); }
            if (TP.Value > 5) { StoreFirst<TV, TO>(a5, ref y, 5 * G.Stride, two, n0); if (two) TO.Store(b5, ref y, 5 * G.Stride + lanes, n1); }
            if (TP.Value > 6) { StoreFirst<TV, TO>(a6, ref y, 6 * G.Stride, two, n0); if (two) TO.Store(b6, ref y, 6 * G.Stride + lanes, n1); }
            if (TP.Value > 7) { StoreFirst<TV, TO>(a7, ref y, 7 * G.Stride, two, n0); if (two) TO.Store(b7, ref y, 7 * G.Stride + lanes, n1); }
            if (TP.Value > 8) { StoreFirst<TV, TO>(a8, ref y, 8 * G.Stride, two, n0); if (two) TO.Store(b8, ref y, 8 * G.Stride + lanes, n1); }
            if (TP.Value > 9) { StoreFirst<TV, TO>(a9, ref y, 9 * G.Stride, two, n0); if (two) TO.Store(b9, ref y, 9 * G.Stride + lanes, n1); }
            if (TP.Value > 10) { StoreFirst<TV, TO>(a10, ref y, 10 * G.Stride, two, n0); if (two) TO.Store(b10, ref y, 10 * G.Stride + lanes, n1); }
            if (TP.Value > 11) { StoreFirst<TV, TO>(a11, ref y, 11 * G.Stride, two, n0); if (two) TO.Store(b11, ref y, 11 * G.Stride + lanes, n1); }
                if (last && finishes) FinishInPlace<TV, TO, G, A, R, TP>(ref y, ref r, two, n0, n1);
                continue;
            }
            // Activation, fused residual and activation, then the store, in registers.
            if (TP.Value > 0) { StoreFirst<TV, TO>(Finish<TV, TO, G, A, R>(a0, ref r, 0), ref y, 0, two, n0); if (two) TO.Store(Finish<TV, TO, G, A, R>(b0, ref r, 0 + lanes), ref y, 0 + lanes, n1); }
            if (TP.Value > 1) { StoreFirst<TV, TO>(Finish<TV, TO, G, A, R>(a1, ref r, 1 * G.OutChannels), ref y, 1 * G.Stride, two, n0); if (two) TO.Store(Finish<TV, TO, G, A, R>(b1, ref r, 1 * G.OutChannels + lanes), ref y, 1 * G.Stride + lanes, n1); }
            if (TP.Value > 2) { StoreFirst<TV, TO>(Finish<TV, TO, G, A, R>(a2, ref r, 2 * G.OutChannels), ref y, 2 * G.Stride, two, n0); if (two) TO.Store(Finish<TV, TO, G, A, R>(b2, ref r, 2 * G.OutChannels + lanes), ref y, 2 * G.Stride + lanes, n1); }
            if (TP.Value > 3) { StoreFirst<TV, TO>(Finish<TV, TO, G, A, R>(a3, ref r, 3 * G.OutChannels), ref y, 3 * G.Stride, two, n0); if (two) TO.Store(Finish<TV, TO, G, A, R>(b3, ref r, 3 * G.OutChannels + lanes), ref y, 3 * G.Stride + lanes, n1); }
            if (TP.Value > 4) { StoreFirst<TV, TO>(Finish<TV, TO, G, A, R>(a4, ref r, 4 * G.OutChannels), ref y, 4 * G.Stride, two, n0); if (two) TO.Store(Finish<TV, TO, G, A, R>(b4, ref r, 4 * G.OutChannels + lanes), ref y, 4 * G.Stride + lanes, n1); }
            if (TP.Value > 5) { StoreFirst<TV, TO>(Finish<TV, TO, G, A, R>(a5, ref r, 5 * G.OutChannels), ref y, 5 * G.Stride, two, n0); if (two) TO.Store(Finish<TV, TO, G, A, R>(b5, ref r, 5 * G.OutChannels + lanes), ref y, 5 * G.Stride + lanes, n1); }
            if (TP.Value > 6) { StoreFirst<TV, TO>(Finish<TV, TO, G, A, R>(a6, ref r, 6 * G.OutChannels), ref y, 6 * G.Stride, two, n0); if (two) TO.Store(Finish<TV, TO, G, A, R>(b6, ref r, 6 * G.OutChannels + lanes), ref y, 6 * G.Stride + lanes, n1); }
            if (TP.Value > 7) { StoreFirst<TV, TO>(Finish<TV, TO, G, A, R>(a7, ref r, 7 * G.OutChannels), ref y, 7 * G.Stride, two, n0); if (two) TO.Store(Finish<TV, TO, G, A, R>(b7, ref r, 7 * G.OutChannels + lanes), ref y, 7 * G.Stride + lanes, n1); }
            if (TP.Value > 8) { StoreFirst<TV, TO>(Finish<TV, TO, G, A, R>(a8, ref r, 8 * G.OutChannels), ref y, 8 * G.Stride, two, n0); if (two) TO.Store(Finish<TV, TO, G, A, R>(b8, ref r, 8 * G.OutChannels + lanes), ref y, 8 * G.Stride + lanes, n1); }
            if (TP.Value > 9) { StoreFirst<TV, TO>(Finish<TV, TO, G, A, R>(a9, ref r, 9 * G.OutChannels), ref y, 9 * G.Stride, two, n0); if (two) TO.Store(Finish<TV, TO, G, A, R>(b9, ref r, 9 * G.OutChannels + lanes), ref y, 9 * G.Stride + lanes, n1); }
            if (TP.Value > 10) { StoreFirst<TV, TO>(Finish<TV, TO, G, A, R>(a10, ref r, 10 * G.OutChannels), ref y, 10 * G.Stride, two, n0); if (two) TO.Store(Finish<TV, TO, G, A, R>(b10, ref r, 10 * G.OutChannels + lanes), ref y, 10 * G.Stride + lanes, n1); }
            if (TP.Value > 11) { StoreFirst<TV, TO>(Finish<TV, TO, G, A, R>(a11, ref r, 11 * G.OutChannels), ref y, 11 * G.Stride, two, n0); if (two) TO.Store(Finish<TV, TO, G, A, R>(b11, ref r, 11 * G.OutChannels + lanes), ref y, 11 * G.Stride + lanes, n1); }
        }
        return ow;
    }

    /// <summary>A stored tile's epilogue: activation, residual, activation, position by position.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FinishInPlace<TV, TO, G, A, R, TP>(ref float y, ref float r, bool two, int n0, int n1)
        where TV : struct where TO : struct, IVectorOps<TV> where G : struct, IConvShape where A : struct, IFusedActivation where R : struct, IFusedActivation
        where TP : struct, ITilePixels
    {
        int p = 0;
        if (!G.Residual)
        {
            // Four vectors at a time (two pixels of two vectors, or four of one), so that an exponential's steps interleave.
            for (; two && p + 1 < TP.Value; p += 2)
            {
                ref float y0 = ref Unsafe.Add(ref y, (nint)p * G.Stride);
                ref float y1 = ref Unsafe.Add(ref y0, G.Stride);
                TV v0 = TO.Load(ref y0, 0), v1 = TO.Load(ref y0, TO.Count), v2 = TO.Load(ref y1, 0), v3 = TO.Load(ref y1, TO.Count);
                ActivationPass.Apply4<TV, TO, A>(ref v0, ref v1, ref v2, ref v3);
                TO.Store(v0, ref y0, 0);
                TO.Store(v1, ref y0, TO.Count, n1);
                TO.Store(v2, ref y1, 0);
                TO.Store(v3, ref y1, TO.Count, n1);
            }
            for (; !two && p + 3 < TP.Value; p += 4)
            {
                ref float y0 = ref Unsafe.Add(ref y, (nint)p * G.Stride);
                TV v0 = TO.Load(ref y0, 0), v1 = TO.Load(ref y0, G.Stride), v2 = TO.Load(ref y0, 2 * G.Stride), v3 = TO.Load(ref y0, 3 * G.Stride);
                ActivationPass.Apply4<TV, TO, A>(ref v0, ref v1, ref v2, ref v3);
                TO.Store(v0, ref y0, 0, n0);
                TO.Store(v1, ref y0, G.Stride, n0);
                TO.Store(v2, ref y0, 2 * G.Stride, n0);
                TO.Store(v3, ref y0, 3 * G.Stride, n0);
            }
        }
        for (; p < TP.Value; p++)
        {
            ref float yp = ref Unsafe.Add(ref y, (nint)p * G.Stride);
            ref float rp = ref Unsafe.Add(ref r, (nint)p * G.OutChannels);
            StoreFirst<TV, TO>(Finish<TV, TO, G, A, R>(TO.Load(ref yp, 0), ref rp, 0), ref yp, 0, two, n0);
            if (two) TO.Store(Finish<TV, TO, G, A, R>(TO.Load(ref yp, TO.Count), ref rp, TO.Count), ref yp, TO.Count, n1);
        }
    }

    /// <summary>Activation, then the residual at <paramref name="r"/> + <paramref name="at"/> and its activation when the layer has one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Finish<TV, TO, G, A, R>(TV a, ref float r, nint at)
        where TV : struct where TO : struct, IVectorOps<TV> where G : struct, IConvShape where A : struct, IFusedActivation where R : struct, IFusedActivation
    {
        a = A.Apply<TV, TO>(a);
        if (!G.Residual) return a;
        return R.Apply<TV, TO>(TO.Add(a, TO.Load(ref r, at)));
    }

    /// <summary>The first vector of a tile's channels: whole when a second follows, else only its valid lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreFirst<TV, TO>(TV value, ref float y, nint at, bool two, int n0) where TV : struct where TO : struct, IVectorOps<TV>
    {
        if (two) TO.Store(value, ref y, at);
        else TO.Store(value, ref y, at, n0);
    }

    /// <summary>
    /// The taps one part of a layer covers: every segment whole when the layer has at most <see cref="TapsPerPart"/>
    /// taps, else <see cref="TapsPerPart"/> taps (or the rest) of one segment; the first part starts from the bias,
    /// later ones resume from the partial sums in the output, and the last applies the epilogue.
    /// </summary>
    private readonly struct TapPart
    {
        public int SegmentFrom { get; init; }
        public int SegmentTo { get; init; }
        /// <summary>The part's first tap within its segment.</summary>
        public nint First { get; init; }
        public int Count { get; init; }
        public bool InParts { get; init; }
        public bool Resumes { get; init; }
        public bool Last { get; init; }

        /// <summary>The parts a layer of shape <typeparamref name="G"/> runs in.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int Parts<G>() where G : struct, IConvShape
            => G.Taps <= TapsPerPart ? 1 : G.SegmentRows * G.SegmentColumns * ((G.Run + TapsPerPart - 1) / TapsPerPart);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TapPart Of<G>(int part) where G : struct, IConvShape
        {
            int segments = G.SegmentRows * G.SegmentColumns;
            if (G.Taps <= TapsPerPart) return new TapPart { SegmentTo = segments, Count = G.Run, Last = true };
            int sub = (G.Run + TapsPerPart - 1) / TapsPerPart, segment = part / sub;
            nint first = (nint)(part - (segment * sub)) * TapsPerPart;
            return new TapPart
            {
                SegmentFrom = segment, SegmentTo = segment + 1, First = first, Count = Math.Min(TapsPerPart, G.Run - (int)first),
                InParts = true, Resumes = part != 0, Last = part == (segments * sub) - 1,
            };
        }
    }
}
