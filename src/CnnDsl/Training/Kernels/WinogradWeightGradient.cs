using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using CnnDsl.Kernels;

namespace CnnDsl.Training;

/// <summary>
/// The weight gradient of a 3x3, stride-1, undilated, ungrouped convolution by Winograd F(3x3, 2x2) (Lavin and Gray
/// 2016, the transpose of F(2x2, 3x3)): the output is covered by 2x2 tiles, and a tile's contribution to the 3x3
/// gradient is the correlation of its 4x4 input patch d with its 2x2 dy e, which is
/// G^T [(B^T d B) (.) (A e A^T)] G with the forward's B and G and A^T = [[1,1,1,0],[0,1,-1,-1]]. So
/// dw = G^T [sum over tiles of (B^T d B) (.) (A e A^T)] G: 16 products of (inputs x tiles) by (tiles x outputs)
/// summed over the whole batch's tiles, then transformed back once, in double: 16 multiply-adds per tile and channel
/// pair instead of 36. Tiles past the output have dy zero and patches past the input x zero, so they add exact zeros.
/// One item per block of outputs and inputs; its tiles run in chunks (images, tile rows, tile columns in order), each
/// chunk's 16 sums over tiles in order on <see cref="WeightGradientProduct"/>: the same bits for any thread count.
/// Compiled per <typeparamref name="TGeometry"/>: the trainer's kernel reads the node's sizes, a generated layer's
/// (<see cref="WinogradTraining{TShape}"/>) has them as constants. Each geometry's copy reaches tiered compilation's
/// optimized code after its own calls (a layer's items, a few to a few hundred per step), so the first steps run
/// slower; marking the methods AggressiveOptimization avoided that but lost dynamic PGO, 8-15% of the trainer's own
/// steady speed on ResNet-18's layers.
/// </summary>
/// <typeparam name="TGeometry">Where the layer's sizes come from (<see cref="NodeGeometry"/> or <see cref="WinogradGeometry{TShape}"/>).</typeparam>
internal sealed class WinogradWeightGradient<TGeometry> where TGeometry : struct, IConvolutionGeometry
{
    private const int Positions = WinogradGradientScratch.Positions;
    private const int Tiles = WinogradGradientScratch.Tiles;
    private const int Block = WinogradGradientScratch.Block;
    /// <summary>
    /// Items wanted for two threads: a layer with one block of outputs (ResNet's 64 channels) splits its inputs in two
    /// halves of 32. Not more: each item transforms every dy tile again, and in blocks of 16 inputs the 56 x 56 layer
    /// took 182-242 ms against 158 (loaded AMD EPYC, one thread).
    /// </summary>
    private const int FewestItems = 2;

    private readonly TGeometry _g;
    private readonly int _inBlock, _inBlocks, _outBlocks;

    public WinogradWeightGradient(TGeometry geometry)
    {
        _g = geometry;
        _outBlocks = (_g.OutChannels + Block - 1) / Block;
        _inBlock = Block;
        while (_inBlock > 16 && _outBlocks * ((_g.InChannels + _inBlock - 1) / _inBlock) < FewestItems) _inBlock /= 2;
        _inBlocks = (_g.InChannels + _inBlock - 1) / _inBlock;
    }


    /// <summary>Items: blocks of outputs x blocks of inputs.</summary>
    public int Items => _outBlocks * _inBlocks;

    /// <summary>
    /// Writes dw[tap, i, o] for item <paramref name="item"/>'s block of inputs and outputs into <paramref name="packed"/>
    /// (<see cref="PackedGradient"/>: rows of <paramref name="outPadded"/> per input channel, one block of rows per tap), every value of the block.
    /// </summary>
    public void Run(float[] x, float[] dy, int batch, int item, float[] packed, int outPadded)
    {
        int o0 = item / _inBlocks * Block, columns = Math.Min(Block, _g.OutChannels - o0);
        int i0 = item % _inBlocks * _inBlock, rows = Math.Min(_inBlock, _g.InChannels - i0);
        var s = WinogradGradientScratch.Current;
        s.Sum.AsSpan(0, Positions * Block * Block).Clear();
        int count = 0;
        for (int n = 0; n < batch; n++)
        for (int ty = 0; ty < (_g.OutHeight + 1) / 2; ty++)
        for (int tx = 0; tx < (_g.OutWidth + 1) / 2; tx++)
        {
            Transform(x, dy, n, ty, tx, i0, rows, o0, columns, s, count);
            if (++count < Tiles) continue;
            Multiply(s, count, rows, columns);
            count = 0;
        }
        if (count > 0) Multiply(s, count, rows, columns);
        TransformBack(s.Sum, rows, columns, packed, outPadded, _g.InChannels * outPadded, i0, o0);
    }

    private void Transform(float[] x, float[] dy, int n, int ty, int tx, int i0, int rows, int o0, int columns, WinogradGradientScratch s, int t)
    {
        int iy = 2 * ty - _g.PadTop, ix = 2 * tx - _g.PadLeft;
        nint xAt = ((nint)(n * _g.Height + iy) * _g.Width + ix) * _g.InChannels + i0, dyAt = ((nint)(n * _g.OutHeight + 2 * ty) * _g.OutWidth + 2 * tx) * _g.OutChannels + o0;
        // Whole tiles skip the per-value bounds checks.
        bool xInside = iy >= 0 && ix >= 0 && iy + 4 <= _g.Height && ix + 4 <= _g.Width, dyInside = 2 * ty + 2 <= _g.OutHeight && 2 * tx + 2 <= _g.OutWidth;
        ref float xs = ref s.X[t * Block];
        ref float dys = ref s.Dy[t * Block];
        switch (Simd.Best)
        {
            case SimdWidth.Vector512: Channels<Vector512<float>, Vector512Ops>(x, dy, xAt, dyAt, iy, ix, 2 * ty, 2 * tx, xInside, dyInside, rows, columns, ref xs, ref dys); break;
            case SimdWidth.Vector256: Channels<Vector256<float>, Vector256Ops>(x, dy, xAt, dyAt, iy, ix, 2 * ty, 2 * tx, xInside, dyInside, rows, columns, ref xs, ref dys); break;
            case SimdWidth.Vector128: Channels<Vector128<float>, Vector128Ops>(x, dy, xAt, dyAt, iy, ix, 2 * ty, 2 * tx, xInside, dyInside, rows, columns, ref xs, ref dys); break;
            default: Channels<float, ScalarOps>(x, dy, xAt, dyAt, iy, ix, 2 * ty, 2 * tx, xInside, dyInside, rows, columns, ref xs, ref dys); break;
        }
    }

    /// <summary>One tile's transformed patch and dy, whole vectors of channels, then the channels left one at a time.</summary>
    private void Channels<TV, TO>(float[] x, float[] dy, nint xAt, nint dyAt, int iy, int ix, int oy, int ox, bool xInside, bool dyInside,
        int rows, int columns, ref float xs, ref float dys) where TV : struct where TO : struct, IVectorOps<TV>
    {
        int c = 0;
        for (; c + TO.Count <= rows; c += TO.Count) Patch<TV, TO>(x, xAt + c, iy, ix, xInside, ref Unsafe.Add(ref xs, c));
        for (; c < rows; c++) Patch<float, ScalarOps>(x, xAt + c, iy, ix, xInside, ref Unsafe.Add(ref xs, c));
        c = 0;
        for (; c + TO.Count <= columns; c += TO.Count) Gradient<TV, TO>(dy, dyAt + c, oy, ox, dyInside, ref Unsafe.Add(ref dys, c));
        for (; c < columns; c++) Gradient<float, ScalarOps>(dy, dyAt + c, oy, ox, dyInside, ref Unsafe.Add(ref dys, c));
    }

    private const int Step = WinogradGradientScratch.Step;

    /// <summary>V = B^T d B for one vector of channels of a 4x4 patch (zeros outside the image), into positions 0..15.</summary>
    private void Patch<TV, TO>(float[] x, nint at, int iy, int ix, bool inside, ref float v) where TV : struct where TO : struct, IVectorOps<TV>
    {
        // B^T along the columns (vertical), then along the rows: the 1-D transform is (d0 - d2, d1 + d2, d2 - d1, d1 - d3).
        TV c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33;
        Fold<TV, TO>(X<TV, TO>(x, at, iy, ix, inside, 0, 0), X<TV, TO>(x, at, iy, ix, inside, 1, 0), X<TV, TO>(x, at, iy, ix, inside, 2, 0), X<TV, TO>(x, at, iy, ix, inside, 3, 0), out c00, out c10, out c20, out c30);
        Fold<TV, TO>(X<TV, TO>(x, at, iy, ix, inside, 0, 1), X<TV, TO>(x, at, iy, ix, inside, 1, 1), X<TV, TO>(x, at, iy, ix, inside, 2, 1), X<TV, TO>(x, at, iy, ix, inside, 3, 1), out c01, out c11, out c21, out c31);
        Fold<TV, TO>(X<TV, TO>(x, at, iy, ix, inside, 0, 2), X<TV, TO>(x, at, iy, ix, inside, 1, 2), X<TV, TO>(x, at, iy, ix, inside, 2, 2), X<TV, TO>(x, at, iy, ix, inside, 3, 2), out c02, out c12, out c22, out c32);
        Fold<TV, TO>(X<TV, TO>(x, at, iy, ix, inside, 0, 3), X<TV, TO>(x, at, iy, ix, inside, 1, 3), X<TV, TO>(x, at, iy, ix, inside, 2, 3), X<TV, TO>(x, at, iy, ix, inside, 3, 3), out c03, out c13, out c23, out c33);
        FoldStore<TV, TO>(c00, c01, c02, c03, ref v, 0);
        FoldStore<TV, TO>(c10, c11, c12, c13, ref v, 4);
        FoldStore<TV, TO>(c20, c21, c22, c23, ref v, 8);
        FoldStore<TV, TO>(c30, c31, c32, c33, ref v, 12);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private TV X<TV, TO>(float[] x, nint at, int iy, int ix, bool inside, int r, int c) where TV : struct where TO : struct, IVectorOps<TV>
        => inside || ((uint)(iy + r) < (uint)_g.Height && (uint)(ix + c) < (uint)_g.Width)
            ? TO.Load(ref x[0], at + ((nint)r * _g.Width + c) * _g.InChannels)
            : TO.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Fold<TV, TO>(TV d0, TV d1, TV d2, TV d3, out TV r0, out TV r1, out TV r2, out TV r3) where TV : struct where TO : struct, IVectorOps<TV>
    {
        r0 = WinogradBands.Sub<TV, TO>(d0, d2);
        r1 = TO.Add(d1, d2);
        r2 = WinogradBands.Sub<TV, TO>(d2, d1);
        r3 = WinogradBands.Sub<TV, TO>(d1, d3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FoldStore<TV, TO>(TV d0, TV d1, TV d2, TV d3, ref float v, int p) where TV : struct where TO : struct, IVectorOps<TV>
    {
        Fold<TV, TO>(d0, d1, d2, d3, out TV r0, out TV r1, out TV r2, out TV r3);
        TO.Store(r0, ref v, p * Step);
        TO.Store(r1, ref v, (p + 1) * Step);
        TO.Store(r2, ref v, (p + 2) * Step);
        TO.Store(r3, ref v, (p + 3) * Step);
    }

    /// <summary>E = A e A^T for one vector of channels of a 2x2 dy tile (zeros past the output), into positions 0..15.</summary>
    private void Gradient<TV, TO>(float[] dy, nint at, int oy, int ox, bool inside, ref float e) where TV : struct where TO : struct, IVectorOps<TV>
    {
        // The 1-D transform of (e0, e1) is (e0, e0 + e1, e0 - e1, -e1): vertically, then along each row.
        TV e00 = Dy<TV, TO>(dy, at, oy, ox, inside, 0, 0), e01 = Dy<TV, TO>(dy, at, oy, ox, inside, 0, 1);
        TV e10 = Dy<TV, TO>(dy, at, oy, ox, inside, 1, 0), e11 = Dy<TV, TO>(dy, at, oy, ox, inside, 1, 1);
        Spread<TV, TO>(e00, e01, ref e, 0);
        Spread<TV, TO>(TO.Add(e00, e10), TO.Add(e01, e11), ref e, 4);
        Spread<TV, TO>(WinogradBands.Sub<TV, TO>(e00, e10), WinogradBands.Sub<TV, TO>(e01, e11), ref e, 8);
        Spread<TV, TO>(WinogradBands.Sub<TV, TO>(TO.Zero, e10), WinogradBands.Sub<TV, TO>(TO.Zero, e11), ref e, 12);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private TV Dy<TV, TO>(float[] dy, nint at, int oy, int ox, bool inside, int r, int c) where TV : struct where TO : struct, IVectorOps<TV>
        => inside || (oy + r < _g.OutHeight && ox + c < _g.OutWidth)
            ? TO.Load(ref dy[0], at + ((nint)r * _g.OutWidth + c) * _g.OutChannels)
            : TO.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Spread<TV, TO>(TV a, TV b, ref float e, int p) where TV : struct where TO : struct, IVectorOps<TV>
    {
        TO.Store(a, ref e, p * Step);
        TO.Store(TO.Add(a, b), ref e, (p + 1) * Step);
        TO.Store(WinogradBands.Sub<TV, TO>(a, b), ref e, (p + 2) * Step);
        TO.Store(WinogradBands.Sub<TV, TO>(TO.Zero, b), ref e, (p + 3) * Step);
    }

    /// <summary>Sum[p, i, o] += sum over the chunk's tiles in order of V[p, tile, i] E[p, tile, o], six inputs at a time.</summary>
    private static void Multiply(WinogradGradientScratch s, int count, int rows, int columns)
    {
        Span<int> cRows = stackalloc int[WeightGradientProduct.Rows];
        for (int p = 0; p < Positions; p++)
        for (int i = 0; i < rows; i += WeightGradientProduct.Rows)
        {
            int n = Math.Min(WeightGradientProduct.Rows, rows - i);
            for (int r = 0; r < n; r++) cRows[r] = (p * Block + i + r) * Block;
            WeightGradientProduct.Accumulate(s.X, p * Step + i, Block, count, s.Dy, p * Step, Block, s.Sum, cRows[..n], columns);
        }
    }

    /// <summary>dw[ky, kx] = (G^T M G)[ky, kx] per input and output, in double; G^T = [[1, 1/2, 1/2, 0], [0, 1/2, -1/2, 0], [0, 1/2, 1/2, 1]].</summary>
    private static void TransformBack(float[] sum, int rows, int columns, float[] packed, int outPadded, int tapStep, int i0, int o0)
    {
        Span<double> m = stackalloc double[Positions], h = stackalloc double[12];
        for (int i = 0; i < rows; i++)
        for (int o = 0; o < columns; o++)
        {
            for (int p = 0; p < Positions; p++) m[p] = sum[(p * Block + i) * Block + o];
            // G^T M: rows ky of 4 values; then times G: columns kx.
            for (int c = 0; c < 4; c++)
            {
                h[c] = m[c] + (m[4 + c] + m[8 + c]) / 2;
                h[4 + c] = (m[4 + c] - m[8 + c]) / 2;
                h[8 + c] = (m[4 + c] + m[8 + c]) / 2 + m[12 + c];
            }
            int at = (i0 + i) * outPadded + o0 + o;
            for (int ky = 0; ky < 3; ky++)
            {
                double h0 = h[4 * ky], h1 = h[4 * ky + 1], h2 = h[4 * ky + 2], h3 = h[4 * ky + 3];
                packed[(ky * 3) * tapStep + at] = (float)(h0 + (h1 + h2) / 2);
                packed[(ky * 3 + 1) * tapStep + at] = (float)((h1 - h2) / 2);
                packed[(ky * 3 + 2) * tapStep + at] = (float)((h1 + h2) / 2 + h3);
            }
        }
    }
}
