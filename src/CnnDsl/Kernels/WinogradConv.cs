using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace CnnDsl.Kernels;

/// <summary>
/// A 3x3 stride-1 convolution by Winograd F(2x2,3x3) (Lavin and Gray 2016): 16 multiplications per 2x2 output tile
/// and channel pair instead of 36. Per band of output tiles: each 4x4 input tile is transformed (V = B^T d B, zeros
/// outside the input stand for the padding) into a scratch laid out per transformed position; 16 matrix multiplies
/// (tiles x input channels times input channels x output channels, <see cref="WinogradWeights"/>) run in a register
/// tile of 8 (Vector512) or 4 tiles x 2 channel vectors; the output transform (A^T M A) adds the bias, activation and
/// residual and stores straight into the NHWC output. Each output value's arithmetic does not depend on the band or
/// the thread that computes it, so any split of tile rows or channel pairs gives the same bits.
/// Channels past the last whole vector run the same code at width one. For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class WinogradConv
{
    private const int Positions = WinogradWeights.Positions;

    /// <summary>Floats of V and M scratch per band (about 768 KB: the band's transformed tiles stay in L2).</summary>
    private const int BandFloats = 196608;

    /// <summary>The band's tiles are a multiple of the widest register tile.</summary>
    private const int TileStep = 8;

    [ThreadStatic] private static float[]? t_scratch;

    /// <summary>
    /// Computes the output tile rows <paramref name="rowFrom"/>..<paramref name="rowTo"/> and, of those, the output
    /// channel pairs (2 vectors of TO.Count) <paramref name="pairFrom"/>..<paramref name="pairTo"/> (the last pair
    /// may reach past the channels). <paramref name="residual"/> is read only when the layer has one.
    /// </summary>
    public static void Run<TV, TO>(in WinogradLayer layer, ref float input, ref float output, ref float residual, ref float weights, ref float shifts,
        int rowFrom, int rowTo, int pairFrom, int pairTo) where TV : struct where TO : struct, IVectorOps<TV>
    {
        int cin = layer.InChannels, padded = WinogradWeights.PaddedChannels(layer.OutChannels, TO.Count);
        int first = rowFrom * layer.TileColumns, end = rowTo * layer.TileColumns;
        if (first >= end || pairFrom >= pairTo) return;
        int band = Math.Clamp(BandFloats / (Positions * (cin + padded)) / TileStep * TileStep, TileStep, (end - first + TileStep - 1) / TileStep * TileStep);
        ref float v = ref Scratch(Positions * band * (cin + padded));
        ref float m = ref Unsafe.Add(ref v, Positions * band * cin);
        int cFrom = pairFrom * 2 * TO.Count, cTo = Math.Min(pairTo * 2 * TO.Count, layer.OutChannels);
        int cinVectors = cin / TO.Count * TO.Count, coutVectors = cFrom + ((cTo - cFrom) / TO.Count * TO.Count);
        for (int t0 = first; t0 < end; t0 += band)
        {
            int n = Math.Min(band, end - t0);
            TransformInput<TV, TO>(layer, ref input, ref v, t0, n, band, 0, cinVectors);
            TransformInput<float, ScalarOps>(layer, ref input, ref v, t0, n, band, cinVectors, cin);
            Multiply<TV, TO>(ref v, ref weights, ref m, n, band, cin, padded, pairFrom, pairTo);
            TransformOutput<TV, TO>(layer, ref m, ref output, ref residual, ref shifts, t0, n, band, padded, cFrom, coutVectors);
            TransformOutput<float, ScalarOps>(layer, ref m, ref output, ref residual, ref shifts, t0, n, band, padded, coutVectors, cTo);
        }
    }

    /// <summary>This thread's scratch, 64-byte aligned, allocated once per thread (grown for a larger layer).</summary>
    private static ref float Scratch(int floats)
    {
        var scratch = t_scratch;
        if (scratch is null || AlignedBuffer.Span(scratch).Length < floats + Simd.MaxLanes)
        {
            scratch = AlignedBuffer.Allocate(floats + Simd.MaxLanes);
            t_scratch = scratch;
        }
        return ref AlignedBuffer.Start(scratch);
    }

    /// <summary>V = B^T d B for tiles t0..t0+n, channels c0..c1 (whole vectors), into v[position][slot][channel].</summary>
    private static void TransformInput<TV, TO>(in WinogradLayer l, ref float input, ref float v, int t0, int n, int band, int c0, int c1)
        where TV : struct where TO : struct, IVectorOps<TV>
    {
        if (c0 >= c1) return;
        int cin = l.InChannels;
        nint step = (nint)band * cin;
        for (int s = 0; s < n; s++)
        {
            int t = t0 + s, th = t / l.TileColumns, tw = t - (th * l.TileColumns);
            int ih = (2 * th) - l.PadTop, iw = (2 * tw) - l.PadLeft;
            ref float d = ref Unsafe.Add(ref input, (((nint)ih * l.Width) + iw) * cin);
            bool inside = ih >= 0 && iw >= 0 && ih + 4 <= l.Height && iw + 4 <= l.Width;
            ref float vs = ref Unsafe.Add(ref v, (nint)s * cin);
            for (int c = c0; c < c1; c += TO.Count)
            {
                // Rows of B^T d, column by column of the tile: r0 = d0 - d2, r1 = d1 + d2, r2 = d2 - d1, r3 = d1 - d3.
                TV r00, r01, r02, r03, r10, r11, r12, r13, r20, r21, r22, r23, r30, r31, r32, r33;
                {
                    TV d0 = Load<TV, TO>(l, ref d, inside, ih, iw, 0, 0, c), d1 = Load<TV, TO>(l, ref d, inside, ih, iw, 1, 0, c);
                    TV d2 = Load<TV, TO>(l, ref d, inside, ih, iw, 2, 0, c), d3 = Load<TV, TO>(l, ref d, inside, ih, iw, 3, 0, c);
                    r00 = Sub<TV, TO>(d0, d2); r10 = TO.Add(d1, d2); r20 = Sub<TV, TO>(d2, d1); r30 = Sub<TV, TO>(d1, d3);
                }
                {
                    TV d0 = Load<TV, TO>(l, ref d, inside, ih, iw, 0, 1, c), d1 = Load<TV, TO>(l, ref d, inside, ih, iw, 1, 1, c);
                    TV d2 = Load<TV, TO>(l, ref d, inside, ih, iw, 2, 1, c), d3 = Load<TV, TO>(l, ref d, inside, ih, iw, 3, 1, c);
                    r01 = Sub<TV, TO>(d0, d2); r11 = TO.Add(d1, d2); r21 = Sub<TV, TO>(d2, d1); r31 = Sub<TV, TO>(d1, d3);
                }
                {
                    TV d0 = Load<TV, TO>(l, ref d, inside, ih, iw, 0, 2, c), d1 = Load<TV, TO>(l, ref d, inside, ih, iw, 1, 2, c);
                    TV d2 = Load<TV, TO>(l, ref d, inside, ih, iw, 2, 2, c), d3 = Load<TV, TO>(l, ref d, inside, ih, iw, 3, 2, c);
                    r02 = Sub<TV, TO>(d0, d2); r12 = TO.Add(d1, d2); r22 = Sub<TV, TO>(d2, d1); r32 = Sub<TV, TO>(d1, d3);
                }
                {
                    TV d0 = Load<TV, TO>(l, ref d, inside, ih, iw, 0, 3, c), d1 = Load<TV, TO>(l, ref d, inside, ih, iw, 1, 3, c);
                    TV d2 = Load<TV, TO>(l, ref d, inside, ih, iw, 2, 3, c), d3 = Load<TV, TO>(l, ref d, inside, ih, iw, 3, 3, c);
                    r03 = Sub<TV, TO>(d0, d2); r13 = TO.Add(d1, d2); r23 = Sub<TV, TO>(d2, d1); r33 = Sub<TV, TO>(d1, d3);
                }
                // Then (B^T d) B along each row.
                ref float at = ref Unsafe.Add(ref vs, c);
                StoreRow<TV, TO>(ref at, step, 0, r00, r01, r02, r03);
                StoreRow<TV, TO>(ref at, step, 4, r10, r11, r12, r13);
                StoreRow<TV, TO>(ref at, step, 8, r20, r21, r22, r23);
                StoreRow<TV, TO>(ref at, step, 12, r30, r31, r32, r33);
            }
        }
    }

    /// <summary>Input value (row <paramref name="i"/>, column <paramref name="j"/> of the tile), zero outside the input (the padding).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Load<TV, TO>(in WinogradLayer l, ref float d, bool inside, int ih, int iw, int i, int j, int c)
        where TV : struct where TO : struct, IVectorOps<TV>
        => inside || ((uint)(ih + i) < (uint)l.Height && (uint)(iw + j) < (uint)l.Width)
            ? TO.Load(ref d, ((((nint)i * l.Width) + j) * l.InChannels) + c)
            : TO.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Sub<TV, TO>(TV a, TV b) where TV : struct where TO : struct, IVectorOps<TV>
        => TO.MultiplyAdd(b, TO.Create(-1f), a);

    /// <summary>One row of V = (B^T d) B: positions p..p+3.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<TV, TO>(ref float at, nint step, int p, TV x0, TV x1, TV x2, TV x3) where TV : struct where TO : struct, IVectorOps<TV>
    {
        TO.Store(Sub<TV, TO>(x0, x2), ref at, p * step);
        TO.Store(TO.Add(x1, x2), ref at, (p + 1) * step);
        TO.Store(Sub<TV, TO>(x2, x1), ref at, (p + 2) * step);
        TO.Store(Sub<TV, TO>(x1, x3), ref at, (p + 3) * step);
    }

    /// <summary>M[p] = V[p] U[p] for the 16 positions, the band's tiles and the channel pairs pairFrom..pairTo.</summary>
    private static void Multiply<TV, TO>(ref float v, ref float u, ref float m, int n, int band, int cin, int padded, int pairFrom, int pairTo)
        where TV : struct where TO : struct, IVectorOps<TV>
    {
        int pitch = 2 * TO.Count, pairs = padded / pitch;
        int rows = TileRows<TV, TO>();
        int tiles = (n + rows - 1) / rows * rows;
        for (int p = 0; p < Positions; p++)
        {
            ref float vp = ref Unsafe.Add(ref v, (nint)p * band * cin);
            ref float mp = ref Unsafe.Add(ref m, (nint)p * band * padded);
            for (int pair = pairFrom; pair < pairTo; pair++)
            {
                ref float up = ref Unsafe.Add(ref u, ((nint)p * pairs + pair) * cin * pitch);
                ref float mc = ref Unsafe.Add(ref mp, (nint)pair * pitch);
                for (int s = 0; s < tiles; s += rows)
                    Tile<TV, TO>(ref Unsafe.Add(ref vp, (nint)s * cin), cin, ref up, ref Unsafe.Add(ref mc, (nint)s * padded), padded);
            }
        }
    }

    /// <summary>Tiles per register tile: 8 with Vector512 (x 2 vectors = 16 of its 32 registers), else 4 (8 accumulators fit 16 registers).</summary>
    private static int TileRows<TV, TO>() where TV : struct where TO : struct, IVectorOps<TV> => TO.Count == 16 ? 8 : 4;

    /// <summary>
    /// <see cref="TileRows"/> tiles x 2 channel vectors accumulated over the input channels, then stored. The wide
    /// half is a JIT-time constant branch (TO.Count), folded away for narrower vectors.
    /// </summary>
    private static void Tile<TV, TO>(ref float x, int cin, ref float w, ref float y, int pitch) where TV : struct where TO : struct, IVectorOps<TV>
    {
        TV a0 = TO.Zero, a1 = TO.Zero, a2 = TO.Zero, a3 = TO.Zero, a4 = TO.Zero, a5 = TO.Zero, a6 = TO.Zero, a7 = TO.Zero;
        TV b0 = TO.Zero, b1 = TO.Zero, b2 = TO.Zero, b3 = TO.Zero, b4 = TO.Zero, b5 = TO.Zero, b6 = TO.Zero, b7 = TO.Zero;
        nint lanes = TO.Count, c = cin;
        nint wp = 0;
        for (nint k = 0; k < c; k++)
        {
            TV w0 = TO.Load(ref w, wp), w1 = TO.Load(ref w, wp + lanes);
            TV x0 = TO.Broadcast(ref x, k); a0 = TO.MultiplyAdd(x0, w0, a0); b0 = TO.MultiplyAdd(x0, w1, b0);
            TV x1 = TO.Broadcast(ref x, c + k); a1 = TO.MultiplyAdd(x1, w0, a1); b1 = TO.MultiplyAdd(x1, w1, b1);
            TV x2 = TO.Broadcast(ref x, (2 * c) + k); a2 = TO.MultiplyAdd(x2, w0, a2); b2 = TO.MultiplyAdd(x2, w1, b2);
            TV x3 = TO.Broadcast(ref x, (3 * c) + k); a3 = TO.MultiplyAdd(x3, w0, a3); b3 = TO.MultiplyAdd(x3, w1, b3);
            if (TO.Count == 16)
            {
                TV x4 = TO.Broadcast(ref x, (4 * c) + k); a4 = TO.MultiplyAdd(x4, w0, a4); b4 = TO.MultiplyAdd(x4, w1, b4);
                TV x5 = TO.Broadcast(ref x, (5 * c) + k); a5 = TO.MultiplyAdd(x5, w0, a5); b5 = TO.MultiplyAdd(x5, w1, b5);
                TV x6 = TO.Broadcast(ref x, (6 * c) + k); a6 = TO.MultiplyAdd(x6, w0, a6); b6 = TO.MultiplyAdd(x6, w1, b6);
                TV x7 = TO.Broadcast(ref x, (7 * c) + k); a7 = TO.MultiplyAdd(x7, w0, a7); b7 = TO.MultiplyAdd(x7, w1, b7);
            }
            wp += 2 * lanes;
        }
        nint p = pitch;
        TO.Store(a0, ref y, 0); TO.Store(b0, ref y, lanes);
        TO.Store(a1, ref y, p); TO.Store(b1, ref y, p + lanes);
        TO.Store(a2, ref y, 2 * p); TO.Store(b2, ref y, (2 * p) + lanes);
        TO.Store(a3, ref y, 3 * p); TO.Store(b3, ref y, (3 * p) + lanes);
        if (TO.Count != 16) return;
        TO.Store(a4, ref y, 4 * p); TO.Store(b4, ref y, (4 * p) + lanes);
        TO.Store(a5, ref y, 5 * p); TO.Store(b5, ref y, (5 * p) + lanes);
        TO.Store(a6, ref y, 6 * p); TO.Store(b6, ref y, (6 * p) + lanes);
        TO.Store(a7, ref y, 7 * p); TO.Store(b7, ref y, (7 * p) + lanes);
    }

    /// <summary>Y = A^T M A per tile and channel vector c0..c1, then bias, activation, residual, activation, stored where inside the output.</summary>
    private static void TransformOutput<TV, TO>(in WinogradLayer l, ref float m, ref float output, ref float residual, ref float shifts,
        int t0, int n, int band, int padded, int c0, int c1) where TV : struct where TO : struct, IVectorOps<TV>
    {
        if (c0 >= c1) return;
        nint step = (nint)band * padded;
        for (int s = 0; s < n; s++)
        {
            int t = t0 + s, th = t / l.TileColumns, tw = t - (th * l.TileColumns);
            int oh = 2 * th, ow = 2 * tw;
            bool down = oh + 1 < l.OutHeight, right = ow + 1 < l.OutWidth;
            nint at = ((nint)oh * l.OutWidth) + ow;
            ref float ms = ref Unsafe.Add(ref m, (nint)s * padded);
            for (int c = c0; c < c1; c += TO.Count)
            {
                ref float mc = ref Unsafe.Add(ref ms, c);
                // s_j = column j of A^T M: rows 0 + 1 + 2 and 1 - 2 - 3.
                Column<TV, TO>(ref mc, step, 0, out TV u0, out TV v0);
                Column<TV, TO>(ref mc, step, 1, out TV u1, out TV v1);
                Column<TV, TO>(ref mc, step, 2, out TV u2, out TV v2);
                Column<TV, TO>(ref mc, step, 3, out TV u3, out TV v3);
                TV bias = TO.Load(ref shifts, c);
                Finish<TV, TO>(l, TO.Add(TO.Add(TO.Add(u0, u1), u2), bias), ref output, ref residual, at, c);
                if (right) Finish<TV, TO>(l, TO.Add(Sub<TV, TO>(Sub<TV, TO>(u1, u2), u3), bias), ref output, ref residual, at + 1, c);
                if (!down) continue;
                Finish<TV, TO>(l, TO.Add(TO.Add(TO.Add(v0, v1), v2), bias), ref output, ref residual, at + l.OutWidth, c);
                if (right) Finish<TV, TO>(l, TO.Add(Sub<TV, TO>(Sub<TV, TO>(v1, v2), v3), bias), ref output, ref residual, at + l.OutWidth + 1, c);
            }
        }
    }

    /// <summary>Column <paramref name="j"/> of A^T M: m0j + m1j + m2j and m1j - m2j - m3j.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Column<TV, TO>(ref float m, nint step, int j, out TV top, out TV bottom) where TV : struct where TO : struct, IVectorOps<TV>
    {
        TV m0 = TO.Load(ref m, j * step), m1 = TO.Load(ref m, (4 + j) * step), m2 = TO.Load(ref m, (8 + j) * step), m3 = TO.Load(ref m, (12 + j) * step);
        top = TO.Add(TO.Add(m0, m1), m2);
        bottom = Sub<TV, TO>(Sub<TV, TO>(m1, m2), m3);
    }

    /// <summary>Activation, residual and its activation, then the store at output position <paramref name="position"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish<TV, TO>(in WinogradLayer l, TV y, ref float output, ref float residual, nint position, int c)
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
