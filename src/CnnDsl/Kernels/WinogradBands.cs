using System;
using System.Runtime.CompilerServices;

namespace CnnDsl.Kernels;

/// <summary>
/// The part of a Winograd 3x3 stride-1 convolution (Lavin and Gray 2016) common to every output tile size
/// (<see cref="IWinogradTile"/>: F(2x2,3x3) in <see cref="WinogradConv"/>, F(4x4,3x3) in <see cref="Winograd4Conv"/>).
/// Per band of output tiles: each input tile is transformed into a scratch laid out per transformed position; one
/// matrix multiply per position (tiles x input channels times input channels x output channels, packed by
/// <see cref="WinogradWeights"/>) runs in a register tile of 8 (Vector512) or 4 tiles x 2 channel vectors; the output
/// transform adds the bias, activation and residual and stores straight into the NHWC output. Each output value's
/// arithmetic does not depend on the band or the thread that computes it, so any split of tile rows or channel pairs
/// gives the same bits. Channels past the last whole vector run the same code at width one.
/// </summary>
internal static class WinogradBands
{
    /// <summary>Floats of V and M scratch per band (about 768 KB: the band's transformed tiles stay in L2).</summary>
    private const int BandFloats = 196608;

    /// <summary>Transformed weights (floats) from which the multiply prefetches the next block: 1 MB, past a core's L2 on most x86 CPUs.</summary>
    private const int PrefetchWeightFloats = 256 * 1024;

    /// <summary>
    /// The band's tiles are a multiple of the register tile's rows (and of 4: a 6-row tile's leftover may run as one of
    /// 4), which may run past the band's last tile.
    /// </summary>
    private static int TileStep<TV, TO>() where TV : struct where TO : struct, IVectorOps<TV> => TileRows<TV, TO>() == 6 ? 12 : 8;

    [ThreadStatic] private static float[]? t_scratch;

    /// <summary>
    /// Computes the output tile rows <paramref name="rowFrom"/>..<paramref name="rowTo"/> and, of those, the output
    /// channel pairs (2 vectors of TO.Count) <paramref name="pairFrom"/>..<paramref name="pairTo"/> (the last pair
    /// may reach past the channels). <paramref name="residual"/> is read only when the layer has one.
    /// </summary>
    public static void Run<TV, TO, TTile>(in WinogradLayer layer, ref float input, ref float output, ref float residual, ref float weights, ref float shifts,
        int rowFrom, int rowTo, int pairFrom, int pairTo) where TV : struct where TO : struct, IVectorOps<TV> where TTile : struct, IWinogradTile
    {
        int columns = (layer.OutWidth + TTile.Size - 1) / TTile.Size;
        RunTiles<TV, TO, TTile>(layer, ref input, ref output, ref residual, ref weights, ref shifts, rowFrom * columns, rowTo * columns, pairFrom, pairTo);
    }

    /// <summary>
    /// <see cref="Run"/> for the output tiles <paramref name="first"/>..<paramref name="end"/>, numbered along the tile
    /// rows: two threads split a layer in whole register tiles (8 tiles), which rows of few tiles would leave part empty.
    /// </summary>
    public static void RunTiles<TV, TO, TTile>(in WinogradLayer layer, ref float input, ref float output, ref float residual, ref float weights, ref float shifts,
        int first, int end, int pairFrom, int pairTo) where TV : struct where TO : struct, IVectorOps<TV> where TTile : struct, IWinogradTile
    {
        int positions = TTile.Positions, columns = (layer.OutWidth + TTile.Size - 1) / TTile.Size;
        int cin = layer.InChannels, padded = WinogradWeights.PaddedChannels(layer.OutChannels, TO.Count);
        if (first >= end || pairFrom >= pairTo) return;
        int step = TileStep<TV, TO>();
        int band = Math.Clamp(BandFloats / (positions * (cin + padded)) / step * step, step, (end - first + step - 1) / step * step);
        // One cache line between positions: strides that are multiples of 4 KB put every position in the same L1 set.
        int vStep = (band * cin) + AlignedBuffer.Floats, mStep = (band * padded) + AlignedBuffer.Floats;
        ref float v = ref Scratch((positions * (vStep + mStep)) + (positions * Simd.MaxLanes));
        ref float m = ref Unsafe.Add(ref v, positions * vStep);
        ref float work = ref Unsafe.Add(ref m, positions * mStep);
        int cFrom = pairFrom * 2 * TO.Count, cTo = Math.Min(pairTo * 2 * TO.Count, layer.OutChannels);
        int cinVectors = cin / TO.Count * TO.Count, coutVectors = cFrom + ((cTo - cFrom) / TO.Count * TO.Count);
        for (int t0 = first; t0 < end; t0 += band)
        {
            int n = Math.Min(band, end - t0);
            TTile.TransformInput<TV, TO>(layer, ref input, ref v, ref work, t0, n, vStep, columns, 0, cinVectors);
            TTile.TransformInput<float, ScalarOps>(layer, ref input, ref v, ref work, t0, n, vStep, columns, cinVectors, cin);
            Multiply<TV, TO>(ref v, ref weights, ref m, positions, n, vStep, mStep, cin, padded, pairFrom, pairTo);
            TTile.TransformOutput<TV, TO>(layer, ref m, ref output, ref residual, ref shifts, ref work, t0, n, mStep, columns, padded, cFrom, coutVectors);
            TTile.TransformOutput<float, ScalarOps>(layer, ref m, ref output, ref residual, ref shifts, ref work, t0, n, mStep, columns, padded, coutVectors, cTo);
        }
    }

    /// <summary>
    /// Floats of a thread's first scratch: what any band of at most <see cref="BandFloats"/> needs with the most
    /// positions (F(4x4)'s 36) and their cache-line gaps, so that no later layer grows it (a network on two threads
    /// claims its layers' parts at run time, and a thread first running a larger layer after warm-up allocated then).
    /// </summary>
    private const int FirstScratch = BandFloats + (36 * ((2 * AlignedBuffer.Floats) + Simd.MaxLanes));

    /// <summary>This thread's scratch, 64-byte aligned, allocated once per thread at <see cref="FirstScratch"/> (grown only for a band forced past it).</summary>
    private static ref float Scratch(int floats)
    {
        var scratch = t_scratch;
        if (scratch is null || AlignedBuffer.Span(scratch).Length < floats + Simd.MaxLanes)
        {
            scratch = AlignedBuffer.Allocate(Math.Max(floats, FirstScratch) + Simd.MaxLanes);
            t_scratch = scratch;
        }
        return ref AlignedBuffer.Start(scratch);
    }

    /// <summary>Input value (row <paramref name="i"/>, column <paramref name="j"/> of the tile), zero outside the input (the padding).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV Load<TV, TO>(in WinogradLayer l, ref float d, bool inside, int ih, int iw, int i, int j, int c)
        where TV : struct where TO : struct, IVectorOps<TV>
        => inside || ((uint)(ih + i) < (uint)l.Height && (uint)(iw + j) < (uint)l.Width)
            ? TO.Load(ref d, ((((nint)i * l.Width) + j) * l.InChannels) + c)
            : TO.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV Sub<TV, TO>(TV a, TV b) where TV : struct where TO : struct, IVectorOps<TV>
        => TO.MultiplyAdd(b, TO.Create(-1f), a);

    /// <summary>M[p] = V[p] U[p] for the <paramref name="positions"/> positions, the band's tiles and the channel pairs pairFrom..pairTo.</summary>
    private static void Multiply<TV, TO>(ref float v, ref float u, ref float m, int positions, int n, int vStep, int mStep, int cin, int padded, int pairFrom, int pairTo)
        where TV : struct where TO : struct, IVectorOps<TV>
    {
        int pitch = 2 * TO.Count, pairs = padded / pitch;
        int rows = TileRows<TV, TO>();
        // Tiles left over after the whole register tiles: a few (W3's 49th of 49, W1's last 4 of 196) run in tiles of
        // 2 and 1, which cost their own rows' multiplies instead of a whole register tile's; more than RowsAlone run in
        // one, of 4 rows where 4 cover them beside a 6-row tile (a 7x7 layer's 16 tiles: 6 + 6 + 4), else a whole one.
        int whole = n / rows * rows, rest = n - whole;
        bool restInFour = rest > RowsAlone<TV, TO>() && rest <= 4 && rows == 6;
        if (rest > RowsAlone<TV, TO>() && !restInFour) (whole, rest) = (whole + rows, 0);
        bool fetch = (long)positions * padded * cin >= PrefetchWeightFloats && whole > 0;
        int registerTiles = (whole / rows) + (restInFour ? 1 : 0);
        for (int p = 0; p < positions; p++)
        {
            ref float vp = ref Unsafe.Add(ref v, (nint)p * vStep);
            ref float mp = ref Unsafe.Add(ref m, (nint)p * mStep);
            for (int pair = pairFrom; pair < pairTo; pair++)
            {
                ref float up = ref Unsafe.Add(ref u, ((nint)p * pairs + pair) * cin * pitch);
                ref float mc = ref Unsafe.Add(ref mp, (nint)pair * pitch);
                // The block's weights come from memory (a large layer's do not stay in the caches between images): its
                // register tiles ask for the next block's, in the order the loops take them, into L2, spread over the
                // block's time (tile t of T the lines t, t + T, ...) so that the requests keep pace with memory.
                nint ahead = 0;
                if (fetch)
                {
                    int nextPair = pair + 1 < pairTo ? pair + 1 : pairFrom, nextP = pair + 1 < pairTo ? p : p + 1;
                    ahead = (((nint)nextP * pairs + nextPair) - ((nint)p * pairs + pair)) * cin * pitch;
                }
                int t = 0;
                for (int s = 0; s < whole; s += rows, t++)
                    Tiles<TV, TO>(rows, ref Unsafe.Add(ref vp, (nint)s * cin), cin, ref up, ref Unsafe.Add(ref mc, (nint)s * padded), padded, ahead, t, registerTiles);
                if (restInFour) Tile<TV, TO, TilePixels.P4>(ref Unsafe.Add(ref vp, (nint)whole * cin), cin, ref up, ref Unsafe.Add(ref mc, (nint)whole * padded), padded, ahead, t, registerTiles);
                else if (rest > 0) Rest<TV, TO>(ref Unsafe.Add(ref vp, (nint)whole * cin), cin, ref up, ref Unsafe.Add(ref mc, (nint)whole * padded), padded, rest);
            }
        }
    }

    /// <summary>A register tile of <paramref name="rows"/> (<see cref="TileRows"/>, a JIT-time constant: the switch folds).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tiles<TV, TO>(int rows, ref float x, int cin, ref float w, ref float y, int pitch, nint ahead, int phase, int period) where TV : struct where TO : struct, IVectorOps<TV>
    {
        if (rows == 8) Tile<TV, TO, TilePixels.P8>(ref x, cin, ref w, ref y, pitch, ahead, phase, period);
        else if (rows == 6) Tile<TV, TO, TilePixels.P6>(ref x, cin, ref w, ref y, pitch, ahead, phase, period);
        else Tile<TV, TO, TilePixels.P4>(ref x, cin, ref w, ref y, pitch, ahead, phase, period);
    }

    /// <summary>
    /// The most left-over tiles run two and one at a time rather than in a register tile (<see cref="TileRows"/>): with
    /// Vector512 up to 6 (a pair of tiles is 4 independent sums, enough to keep the multiply-adds busy at 512 bits'
    /// rate, and costs a quarter of the 8-tile register tile); narrower vectors issue twice the multiply-adds per cycle,
    /// which 4 sums cannot fill, so their 4-tile register tile stays.
    /// </summary>
    private static int RowsAlone<TV, TO>() where TV : struct where TO : struct, IVectorOps<TV> => TO.Count == 16 ? 6 : 0;

    /// <summary>
    /// <paramref name="count"/> tiles (fewer than a register tile) x 2 channel vectors, two tiles at a time and the odd
    /// last alone: each sum runs over the input channels in the same order as in <see cref="Tile"/>, so the bits do not
    /// depend on which of the two computes a tile.
    /// </summary>
    private static void Rest<TV, TO>(ref float x, int cin, ref float w, ref float y, int pitch, int count) where TV : struct where TO : struct, IVectorOps<TV>
    {
        nint lanes = TO.Count, c = cin, p = pitch;
        int s = 0;
        for (; s + 2 <= count; s += 2)
        {
            ref float xs = ref Unsafe.Add(ref x, (nint)s * c);
            TV a0 = TO.Zero, a1 = TO.Zero, b0 = TO.Zero, b1 = TO.Zero;
            nint wp = 0;
            for (nint k = 0; k < c; k++)
            {
                TV w0 = TO.Load(ref w, wp), w1 = TO.Load(ref w, wp + lanes);
                TV x0 = TO.Broadcast(ref xs, k); a0 = TO.MultiplyAdd(x0, w0, a0); b0 = TO.MultiplyAdd(x0, w1, b0);
                TV x1 = TO.Broadcast(ref xs, c + k); a1 = TO.MultiplyAdd(x1, w0, a1); b1 = TO.MultiplyAdd(x1, w1, b1);
                wp += 2 * lanes;
            }
            ref float ys = ref Unsafe.Add(ref y, s * p);
            TO.Store(a0, ref ys, 0); TO.Store(b0, ref ys, lanes);
            TO.Store(a1, ref ys, p); TO.Store(b1, ref ys, p + lanes);
        }
        if (s == count) return;
        {
            ref float xs = ref Unsafe.Add(ref x, (nint)s * c);
            TV a0 = TO.Zero, b0 = TO.Zero;
            nint wp = 0;
            for (nint k = 0; k < c; k++)
            {
                TV x0 = TO.Broadcast(ref xs, k);
                a0 = TO.MultiplyAdd(x0, TO.Load(ref w, wp), a0); b0 = TO.MultiplyAdd(x0, TO.Load(ref w, wp + lanes), b0);
                wp += 2 * lanes;
            }
            ref float ys = ref Unsafe.Add(ref y, s * p);
            TO.Store(a0, ref ys, 0); TO.Store(b0, ref ys, lanes);
        }
    }

    /// <summary>
    /// Tiles per register tile: 8 with Vector512 (x 2 vectors = 16 of its 32 registers); 6 with Vector256 on 16
    /// registers (AVX2: 12 accumulators, 2 weight vectors and a broadcast, as <see cref="ConvKernel"/>'s tile), where
    /// 4 x 2 = 8 sums cannot cover the FMA's latency on two FMA pipes (5 cycles x 2 needs 10); else 4.
    /// </summary>
    private static int TileRows<TV, TO>() where TV : struct where TO : struct, IVectorOps<TV>
        => TO.Count == 16 ? 8 : TO.Count == 8 && VectorRegisters.Few ? 6 : 4;

    /// <summary>Tiles per register tile of the multiply on this machine (<see cref="TileRows"/>), where <see cref="WinogradParts"/> cuts a layer's parts.</summary>
    internal static int RegisterTileRows<TV, TO>() where TV : struct where TO : struct, IVectorOps<TV> => TileRows<TV, TO>();

    /// <summary>
    /// TR tiles (at most <see cref="TileRows"/>) x 2 channel vectors accumulated over the input channels, then stored.
    /// The rows past TR are JIT-time constant branches, folded away. Unless <paramref name="ahead"/> is 0, the weights
    /// that far on are prefetched for the input channels <paramref name="phase"/>, phase + period, ...
    /// </summary>
    private static void Tile<TV, TO, TR>(ref float x, int cin, ref float w, ref float y, int pitch, nint ahead, int phase, int period) where TV : struct where TO : struct, IVectorOps<TV> where TR : struct, ITilePixels
    {
        TV a0 = TO.Zero, a1 = TO.Zero, a2 = TO.Zero, a3 = TO.Zero, a4 = TO.Zero, a5 = TO.Zero, a6 = TO.Zero, a7 = TO.Zero;
        TV b0 = TO.Zero, b1 = TO.Zero, b2 = TO.Zero, b3 = TO.Zero, b4 = TO.Zero, b5 = TO.Zero, b6 = TO.Zero, b7 = TO.Zero;
        nint lanes = TO.Count, c = cin;
        nint wp = 0, fetchAt = ahead != 0 ? phase : -1;
        for (nint k = 0; k < c; k++)
        {
            TV w0 = TO.Load(ref w, wp), w1 = TO.Load(ref w, wp + lanes);
            if (k == fetchAt)
            {
                Prefetch.ToL2(ref w, wp + ahead);
                if (lanes == 16) Prefetch.ToL2(ref w, wp + ahead + lanes);
                fetchAt += period;
            }
            TV x0 = TO.Broadcast(ref x, k); a0 = TO.MultiplyAdd(x0, w0, a0); b0 = TO.MultiplyAdd(x0, w1, b0);
            TV x1 = TO.Broadcast(ref x, c + k); a1 = TO.MultiplyAdd(x1, w0, a1); b1 = TO.MultiplyAdd(x1, w1, b1);
            TV x2 = TO.Broadcast(ref x, (2 * c) + k); a2 = TO.MultiplyAdd(x2, w0, a2); b2 = TO.MultiplyAdd(x2, w1, b2);
            TV x3 = TO.Broadcast(ref x, (3 * c) + k); a3 = TO.MultiplyAdd(x3, w0, a3); b3 = TO.MultiplyAdd(x3, w1, b3);
            if (TR.Value > 4) { TV x4 = TO.Broadcast(ref x, (4 * c) + k); a4 = TO.MultiplyAdd(x4, w0, a4); b4 = TO.MultiplyAdd(x4, w1, b4); }
            if (TR.Value > 5) { TV x5 = TO.Broadcast(ref x, (5 * c) + k); a5 = TO.MultiplyAdd(x5, w0, a5); b5 = TO.MultiplyAdd(x5, w1, b5); }
            if (TR.Value > 6) { TV x6 = TO.Broadcast(ref x, (6 * c) + k); a6 = TO.MultiplyAdd(x6, w0, a6); b6 = TO.MultiplyAdd(x6, w1, b6); }
            if (TR.Value > 7) { TV x7 = TO.Broadcast(ref x, (7 * c) + k); a7 = TO.MultiplyAdd(x7, w0, a7); b7 = TO.MultiplyAdd(x7, w1, b7); }
            wp += 2 * lanes;
        }
        nint p = pitch;
        TO.Store(a0, ref y, 0); TO.Store(b0, ref y, lanes);
        TO.Store(a1, ref y, p); TO.Store(b1, ref y, p + lanes);
        TO.Store(a2, ref y, 2 * p); TO.Store(b2, ref y, (2 * p) + lanes);
        TO.Store(a3, ref y, 3 * p); TO.Store(b3, ref y, (3 * p) + lanes);
        if (TR.Value > 4) { TO.Store(a4, ref y, 4 * p); TO.Store(b4, ref y, (4 * p) + lanes); }
        if (TR.Value > 5) { TO.Store(a5, ref y, 5 * p); TO.Store(b5, ref y, (5 * p) + lanes); }
        if (TR.Value > 6) { TO.Store(a6, ref y, 6 * p); TO.Store(b6, ref y, (6 * p) + lanes); }
        if (TR.Value > 7) { TO.Store(a7, ref y, 7 * p); TO.Store(b7, ref y, (7 * p) + lanes); }
    }

    /// <summary>Activation, residual and its activation, then the store at output position <paramref name="position"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Finish<TV, TO>(in WinogradLayer l, TV y, ref float output, ref float residual, nint position, int c)
        where TV : struct where TO : struct, IVectorOps<TV>
    {
        y = Activate<TV, TO>(y, l.Act);
        if (l.Residual) y = Activate<TV, TO>(TO.Add(y, TO.Load(ref residual, (position * l.OutChannels) + c)), l.ResidualAct);
        TO.Store(y, ref output, (position * l.OutStride) + c);
    }

    /// <summary>An epilogue activation, as the generated convolutions apply it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Activate<TV, TO>(TV v, Act act) where TV : struct where TO : struct, IVectorOps<TV> => act switch
    {
        Act.None => v,
        Act.Relu => TO.Max(TO.Zero, v),
        Act.Relu6 => TO.Min(TO.Create(6f), TO.Max(TO.Zero, v)),
        Act.HardSwish => TO.Multiply(TO.Multiply(v, TO.Min(TO.Create(6f), TO.Max(TO.Zero, TO.Add(v, TO.Create(3f))))), TO.Create(1f / 6f)),
        Act.Sigmoid => VectorExp.Sigmoid<TV, TO>(v),
        Act.Swish => VectorExp.Swish<TV, TO>(v),
        _ => throw new ArgumentOutOfRangeException(nameof(act), act, "Winograd layers apply epilogue activations only."),
    };
}
