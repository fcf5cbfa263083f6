using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CnnDsl.Kernels;

/// <summary>
/// A depthwise convolution over the constant shape <c>S</c> (an <see cref="IDepthwiseShape"/> the generator writes per
/// distinct layer), vectorized across channels, its activation <c>A</c> applied in registers. Each output row runs in
/// tiles of <see cref="Pixels"/> adjacent pixels: each weight vector is loaded once for all of them and each input
/// column once for every (pixel, tap) that reads it (one pixel at a time needs two loads per multiply-add, so loads,
/// not multiply-adds, would set the pace); even and odd kernel columns sum in separate chains. Interior tiles have every
/// column inside the input; the left and right edge tiles sit at a fixed place and leave out the taps outside it; kernel
/// rows outside the input are skipped on every row. Positions no tile covers take a checked path. Every shape and the
/// activation are type arguments, so each layer is its own JIT (or NativeAOT) instantiation with them as constants: the
/// per-tap conditions below fold away, leaving the code the generator used to write out per layer. Weights are packed
/// tap by tap, each tap's channels rounded up to <see cref="MaxLanes"/> (<c>WeightPacking.Depthwise</c>). For generated
/// code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DepthwiseKernel
{
    /// <summary>Output pixels per tile.</summary>
    public const int Pixels = 4;

    /// <summary>The widest kernel a tile runs (its Tap lines, kernel columns 0-6); wider kernels take the checked path.</summary>
    private const int MaxKernelW = 7;

    /// <summary>The widest vector's floats: each tap's packed channels are rounded up to it.</summary>
    private const int MaxLanes = 16;

    /// <summary>Channel vectors the checked path sums at once (independent chains).</summary>
    private const int Block = 4;

    /// <summary>
    /// Computes output rows <paramref name="from"/>..<paramref name="to"/>: the caller's share of the rows, each row
    /// computed the same way whoever computes it (one or two threads give the same bits).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TV, TO, S, A>(ref float input, ref float output, ref float weights, ref float shifts, int from, int to)
        where TV : struct where TO : struct, IVectorOps<TV> where S : struct, IDepthwiseShape where A : struct, IFusedActivation
    {
        // Output columns [owLo, owHi] have their whole window inside the input.
        int owLo = (S.PadLeft + S.StrideW - 1) / S.StrideW;
        int spanW = (S.KernelW - 1) * S.DilationW + 1;
        int owHi = Math.Min(S.InWidth - spanW + S.PadLeft < 0 ? -1 : (S.InWidth - spanW + S.PadLeft) / S.StrideW, S.OutWidth - 1);
        bool fits = S.KernelW <= MaxKernelW;
        bool tiles = fits && owHi - owLo + 1 >= Pixels;
        bool leftEdge = fits && S.OutWidth >= Pixels && owLo > 0;
        bool rightEdge = fits && S.OutWidth >= Pixels && owHi < S.OutWidth - 1;
        for (int oh = from; oh < to; oh++)
        {
            // Kernel rows [khFirst, khEnd) of this output row fall inside the input.
            int top = (oh * S.StrideH) - S.PadTop;
            int khFirst = top >= 0 ? 0 : (S.DilationH - 1 - top) / S.DilationH;
            int khEnd = top > S.InHeight - 1 ? 0 : Math.Min(S.KernelH, ((S.InHeight - 1 - top) / S.DilationH) + 1);
            ref float y = ref Unsafe.Add(ref output, (nint)oh * S.OutWidth * S.Channels);
            int ow = 0;
            if (leftEdge)
            {
                Tiles<TV, TO, S, A, LeftEdge>(ref input, ref y, ref weights, ref shifts, top, khFirst, khEnd, 0, 1);
                ow = Pixels;
            }
            while (ow < S.OutWidth)
            {
                if (tiles && ow >= owLo && ow + Pixels - 1 <= owHi)
                {
                    int count = (owHi - ow + 1) / Pixels;
                    Tiles<TV, TO, S, A, Inside>(ref input, ref y, ref weights, ref shifts, top, khFirst, khEnd, ow, count);
                    ow += count * Pixels;
                    continue;
                }
                if (rightEdge && ow >= S.OutWidth - Pixels)
                {
                    // Past the last interior tile: the last columns as one tile (it may redo a column already written).
                    Tiles<TV, TO, S, A, RightEdge>(ref input, ref y, ref weights, ref shifts, top, khFirst, khEnd, S.OutWidth - Pixels, 1);
                    break;
                }
                Pixel<TV, TO, S, A>(ref input, ref Unsafe.Add(ref y, (nint)ow * S.Channels), ref weights, ref shifts, oh, ow);
                ow++;
            }
        }
    }

    /// <summary>
    /// <paramref name="count"/> tiles of <see cref="Pixels"/> adjacent output pixels of row <paramref name="y"/> from
    /// column <paramref name="ow"/> (an edge tile: one, at its fixed place), every channel, kernel rows
    /// <paramref name="khFirst"/>..<paramref name="khEnd"/> from input row <paramref name="top"/>. Never inlined: the
    /// JIT's inlining budget grows with the size of the method compiled, and inlined into the small generated layer
    /// method (through Run) a tile's own inlines ran out of it and stayed calls (a swish epilogue, 3x slower).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Tiles<TV, TO, S, A, E>(ref float input, ref float y, ref float weights, ref float shifts, int top, int khFirst, int khEnd, int ow, int count)
        where TV : struct where TO : struct, IVectorOps<TV> where S : struct, IDepthwiseShape where A : struct, IFusedActivation where E : struct, ITilePlace
    {
        nint packed = Packed<S>();
        // With 16 registers, an activation of several constants (swish) beside the eight chains spilled them (E2, 5x5
        // depthwise + swish on 28x28x240, took 2.5x its time without the activation on an AVX2 Zen 1): there the tile
        // stores its sums and one pass over the tile's pixels, in L1, applies it.
        bool afterTile = !A.FinishesInWideTile && VectorRegisters.Few;
        for (int tile = 0; tile < count; tile++, ow += Pixels)
        {
            ref float yt = ref Unsafe.Add(ref y, (nint)(E.Edge ? E.Start(S.OutWidth) : ow) * S.Channels);
            // The row pointer sits on the tile's first input column inside the input, so no reference leaves the buffer.
            int origin = ((E.Edge ? E.Start(S.OutWidth) : ow) * S.StrideW) - S.PadLeft;
            int skip = E.Edge ? Math.Max(0, -origin) : 0;
            // The bound a literal to the JIT when it shapes the loop (a local here kept a swish's constants in the loop).
            for (nint c = 0; c < S.Channels; c += TO.Count)
            {
                TV a0 = TO.Load(ref shifts, c), a1 = a0, a2 = a0, a3 = a0;
                TV b0 = TO.Zero, b1 = b0, b2 = b0, b3 = b0;
                for (int kh = khFirst; kh < khEnd; kh++)
                {
                    ref float row = ref Unsafe.Add(ref input, (((nint)(top + (kh * S.DilationH)) * S.InWidth) + origin + skip) * S.Channels + c);
                    ref float taps = ref Unsafe.Add(ref weights, (kh * S.KernelW * packed) + c);
                    // Kernel columns 0-6, even ones into the a chains, odd ones into b (the lines past S.KernelW fold away).
                    Tap<TV, TO, S, E>(0, ref row, ref taps, origin, skip, ref a0, ref a1, ref a2, ref a3);
                    if (S.KernelW > 1) Tap<TV, TO, S, E>(1, ref row, ref taps, origin, skip, ref b0, ref b1, ref b2, ref b3);
                    if (S.KernelW > 2) Tap<TV, TO, S, E>(2, ref row, ref taps, origin, skip, ref a0, ref a1, ref a2, ref a3);
                    if (S.KernelW > 3) Tap<TV, TO, S, E>(3, ref row, ref taps, origin, skip, ref b0, ref b1, ref b2, ref b3);
                    if (S.KernelW > 4) Tap<TV, TO, S, E>(4, ref row, ref taps, origin, skip, ref a0, ref a1, ref a2, ref a3);
                    if (S.KernelW > 5) Tap<TV, TO, S, E>(5, ref row, ref taps, origin, skip, ref b0, ref b1, ref b2, ref b3);
                    if (S.KernelW > 6) Tap<TV, TO, S, E>(6, ref row, ref taps, origin, skip, ref a0, ref a1, ref a2, ref a3);
                }
                int left = (int)(S.Channels - c);
                if (afterTile)
                {
                    Store<TV, TO, S, FusedNone>(a0, b0, ref yt, c, left);
                    Store<TV, TO, S, FusedNone>(a1, b1, ref yt, c + S.Channels, left);
                    Store<TV, TO, S, FusedNone>(a2, b2, ref yt, c + (2 * S.Channels), left);
                    Store<TV, TO, S, FusedNone>(a3, b3, ref yt, c + (3 * S.Channels), left);
                    continue;
                }
                Store<TV, TO, S, A>(a0, b0, ref yt, c, left);
                Store<TV, TO, S, A>(a1, b1, ref yt, c + S.Channels, left);
                Store<TV, TO, S, A>(a2, b2, ref yt, c + (2 * S.Channels), left);
                Store<TV, TO, S, A>(a3, b3, ref yt, c + (3 * S.Channels), left);
            }
            // The tile's pixels are adjacent: one run of Pixels x Channels floats.
            if (afterTile)
            {
                var run = MemoryMarshal.CreateSpan(ref yt, Pixels * S.Channels);
                ActivationPass.Apply<TV, TO, A>(run, run);
            }
        }
    }

    /// <summary>
    /// Kernel column <paramref name="kw"/> of one kernel row for the tile's four pixels: its weight vector loaded once,
    /// times the input column each pixel reads, into that pixel's chain (<paramref name="s0"/>-<paramref name="s3"/>). In
    /// an edge tile a pixel whose column is outside the input takes nothing (a constant condition). <paramref name="row"/>
    /// is the first column the tile reads inside the input (<paramref name="skip"/> columns after its first pixel's
    /// first tap, input column <paramref name="origin"/>); neighbouring pixels and taps read the same columns, and the
    /// JIT loads each once (the loads are equal expressions with no store between them).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tap<TV, TO, S, E>(int kw, ref float row, ref float taps, int origin, int skip, ref TV s0, ref TV s1, ref TV s2, ref TV s3)
        where TV : struct where TO : struct, IVectorOps<TV> where S : struct, IDepthwiseShape where E : struct, ITilePlace
    {
        TV w = TO.Load(ref taps, kw * Packed<S>());
        int at = kw * S.DilationW;
        if (!E.Edge || (uint)(origin + at) < (uint)S.InWidth) s0 = TO.MultiplyAdd(TO.Load(ref row, (nint)(at - skip) * S.Channels), w, s0);
        at += S.StrideW;
        if (!E.Edge || (uint)(origin + at) < (uint)S.InWidth) s1 = TO.MultiplyAdd(TO.Load(ref row, (nint)(at - skip) * S.Channels), w, s1);
        at += S.StrideW;
        if (!E.Edge || (uint)(origin + at) < (uint)S.InWidth) s2 = TO.MultiplyAdd(TO.Load(ref row, (nint)(at - skip) * S.Channels), w, s2);
        at += S.StrideW;
        if (!E.Edge || (uint)(origin + at) < (uint)S.InWidth) s3 = TO.MultiplyAdd(TO.Load(ref row, (nint)(at - skip) * S.Channels), w, s3);
    }

    /// <summary>One pixel's chains joined, activated and stored (its valid lanes of the channel tail only).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TV, TO, S, A>(TV a, TV b, ref float y, nint at, int count)
        where TV : struct where TO : struct, IVectorOps<TV> where S : struct, IDepthwiseShape where A : struct, IFusedActivation
    {
        if (S.KernelW > 1) a = TO.Add(a, b);
        TO.Store(A.Apply<TV, TO>(a), ref y, at, count);
    }

    /// <summary>
    /// One output pixel whose window may cross the padding (taps outside are skipped), every channel:
    /// <see cref="Block"/> channel vectors at a time, so as many independent chains of multiply-adds.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Pixel<TV, TO, S, A>(ref float input, ref float y, ref float weights, ref float shifts, int oh, int ow)
        where TV : struct where TO : struct, IVectorOps<TV> where S : struct, IDepthwiseShape where A : struct, IFusedActivation
    {
        int channels = S.Channels, lanes = TO.Count;
        nint packed = Packed<S>();
        int top = (oh * S.StrideH) - S.PadTop, left = (ow * S.StrideW) - S.PadLeft;
        nint c = 0;
        for (; c + (Block * lanes) <= channels; c += Block * lanes)
        {
            TV a0 = TO.Load(ref shifts, c), a1 = TO.Load(ref shifts, c + lanes), a2 = TO.Load(ref shifts, c + (2 * lanes)), a3 = TO.Load(ref shifts, c + (3 * lanes));
            for (int kh = 0; kh < S.KernelH; kh++)
            {
                int ih = top + (kh * S.DilationH);
                if ((uint)ih >= (uint)S.InHeight) continue;
                for (int kw = 0; kw < S.KernelW; kw++)
                {
                    int iw = left + (kw * S.DilationW);
                    if ((uint)iw >= (uint)S.InWidth) continue;
                    ref float x = ref Unsafe.Add(ref input, (((nint)ih * S.InWidth) + iw) * channels + c);
                    ref float w = ref Unsafe.Add(ref weights, ((kh * S.KernelW) + kw) * packed + c);
                    a0 = TO.MultiplyAdd(TO.Load(ref x, 0), TO.Load(ref w, 0), a0);
                    a1 = TO.MultiplyAdd(TO.Load(ref x, lanes), TO.Load(ref w, lanes), a1);
                    a2 = TO.MultiplyAdd(TO.Load(ref x, 2 * lanes), TO.Load(ref w, 2 * lanes), a2);
                    a3 = TO.MultiplyAdd(TO.Load(ref x, 3 * lanes), TO.Load(ref w, 3 * lanes), a3);
                }
            }
            TO.Store(A.Apply<TV, TO>(a0), ref y, c);
            TO.Store(A.Apply<TV, TO>(a1), ref y, c + lanes);
            TO.Store(A.Apply<TV, TO>(a2), ref y, c + (2 * lanes));
            TO.Store(A.Apply<TV, TO>(a3), ref y, c + (3 * lanes));
        }
        for (; c < channels; c += lanes)
        {
            TV a = TO.Load(ref shifts, c);
            for (int kh = 0; kh < S.KernelH; kh++)
            {
                int ih = top + (kh * S.DilationH);
                if ((uint)ih >= (uint)S.InHeight) continue;
                for (int kw = 0; kw < S.KernelW; kw++)
                {
                    int iw = left + (kw * S.DilationW);
                    if ((uint)iw >= (uint)S.InWidth) continue;
                    a = TO.MultiplyAdd(TO.Load(ref input, (((nint)ih * S.InWidth) + iw) * channels + c), TO.Load(ref weights, ((kh * S.KernelW) + kw) * packed + c), a);
                }
            }
            TO.Store(A.Apply<TV, TO>(a), ref y, c, (int)(channels - c));
        }
    }

    /// <summary>
    /// Floats per tap in the packed weights: the channels rounded up to the widest vector. Training's depthwise layers
    /// lay out their packed weights and weight-gradient partials the same way.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static nint Packed<S>() where S : struct, IDepthwiseShape => (S.Channels + MaxLanes - 1) / MaxLanes * MaxLanes;

    /// <summary>Where a tile sits: anywhere inside (every column in the input) or at a fixed place at an edge.</summary>
    private interface ITilePlace
    {
        /// <summary>Whether the tile is at an edge (its taps outside the input are left out).</summary>
        static abstract bool Edge { get; }

        /// <summary>An edge tile's first output column in a row of <paramref name="outWidth"/>.</summary>
        static abstract int Start(int outWidth);
    }

    private readonly struct Inside : ITilePlace
    {
        public static bool Edge => false;
        public static int Start(int outWidth) => 0;
    }

    private readonly struct LeftEdge : ITilePlace
    {
        public static bool Edge => true;
        public static int Start(int outWidth) => 0;
    }

    private readonly struct RightEdge : ITilePlace
    {
        public static bool Edge => true;
        public static int Start(int outWidth) => outWidth - Pixels;
    }
}
