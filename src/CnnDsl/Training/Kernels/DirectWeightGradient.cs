using System;

namespace CnnDsl.Training;

/// <summary>
/// A convolution's weight gradient from its definition (any kernel, strides, padding, dilation and groups):
/// dw[tap, i, o] = sum over images, rows and columns in that order of x[in pixel, i] dy[pixel, o], one item per group,
/// kernel row and block of input and output channels, chunks of row segments packed into scratch, zero-padded, and read
/// by every tap of the kernel row, six at a time, while in cache; at vertical stride 1 (a whole output row in one
/// segment), one item per group and block of inputs and outputs takes every kernel row, its chunks runs of whole output
/// rows whose input rows are packed once for all of them. Each item writes its block of the packed gradient
/// ([group][tap][i][outputs padded]) whole, every sum in a fixed order: the same bits for any thread count. Compiled per
/// <typeparamref name="TGeometry"/>: the trainer's kernel reads the node's sizes (<see cref="NodeGeometry"/>), a generated
/// layer (<see cref="ConvolutionTraining{TShape}"/>) has its shape's as constants (<see cref="ConvolutionGeometry{TShape}"/>).
/// </summary>
/// <typeparam name="TGeometry">Where the layer's sizes come from.</typeparam>
internal sealed class DirectWeightGradient<TGeometry> where TGeometry : struct, IConvolutionGeometry
{
    private const int ChannelBlock = 64;
    /// <summary>The fewest positions a chunk takes (input blocks are narrowed for wide kernels to keep it).</summary>
    private const int MinimumChunk = 32;

    private readonly TGeometry _g;
    private readonly int _outBlocks, _kernelRowInBlock, _kernelRowInBlocks;
    /// <summary>Output rows per chunk of <see cref="ImageRowsWeightGradient"/>, or 0 when the kernel-row items are used instead.</summary>
    private readonly int _chunkRows;

    /// <summary>The items' blocks for <paramref name="geometry"/>; throws (naming <paramref name="name"/>) for a kernel wider than the scratch takes.</summary>
    public DirectWeightGradient(TGeometry geometry, string name)
    {
        _g = geometry;
        _outBlocks = Blocks(GroupOut, ChannelBlock);
        // A kernel row's weight gradient is one item per group, kernel row and block of outputs and inputs; with few
        // such items (ResNet's 64-channel stage: three) the input blocks are halved so that two threads share the work
        // evenly (at the price of copying a chunk's input pixels one by one rather than as one run).
        // At vertical stride 1 with a whole output row in one segment, an item takes every kernel row (one item per
        // group and block of outputs and inputs, see ImageRowsWeightGradient).
        bool imageRows = _g.StrideH == 1 && Grid(_g.OutWidth) <= WeightGradientChunk.Positions;
        _kernelRowInBlock = ChannelBlock;
        while (_kernelRowInBlock > 16 && _g.Groups * (imageRows ? 1 : _g.KernelHeight) * _outBlocks * Blocks(GroupIn, _kernelRowInBlock) < 6) _kernelRowInBlock /= 2;
        // A chunk's x scratch holds at least MinimumChunk positions' stretches of input pixels (the kernel's span per input block).
        int kernelSpan = (_g.KernelWidth - 1) * _g.DilationW + 1;
        if (kernelSpan * MinimumChunk > WeightGradientChunk.XCapacity)
            throw new ArgumentException($"Convolution '{name}' spans {kernelSpan} input columns; training supports up to {WeightGradientChunk.XCapacity / MinimumChunk}.");
        while (kernelSpan * _kernelRowInBlock * MinimumChunk > WeightGradientChunk.XCapacity) _kernelRowInBlock /= 2;
        _kernelRowInBlocks = Blocks(GroupIn, _kernelRowInBlock);
        _chunkRows = imageRows ? ChunkRows(_kernelRowInBlock) : 0;
        // A chunk of under half the positions (ResNet's 7 x 7 images: 63) sweeps every tap's gradient tile per image:
        // more loads and stores of the tile than the kernel-row items' longer chunks (342 against 290 ms measured).
        if (_chunkRows * Grid(_g.OutWidth) < WeightGradientChunk.Positions / 2) _chunkRows = 0;
    }

    private int GroupIn => _g.InChannels / _g.Groups;
    private int GroupOut => _g.OutChannels / _g.Groups;
    private int Taps => _g.KernelHeight * _g.KernelWidth;
    private int InLength => _g.Height * _g.Width * _g.InChannels;
    private int OutLength => _g.OutHeight * _g.OutWidth * _g.OutChannels;

    /// <summary>Floats between one input channel's row of the packed gradient and the next: the group's outputs, padded.</summary>
    public int OutPadded => PanelProduct.Padded(GroupOut);

    /// <summary>Floats of the packed gradient ([group][tap][i][<see cref="OutPadded"/>]).</summary>
    public int PackedLength => _g.Groups * Taps * GroupIn * OutPadded;

    /// <summary>Items: groups x (kernel rows, unless one item takes them all) x blocks of outputs x blocks of inputs.</summary>
    public int Items => _g.Groups * (_chunkRows > 0 ? 1 : _g.KernelHeight) * _outBlocks * _kernelRowInBlocks;

    /// <summary>Item <paramref name="item"/>'s block of the packed gradient from the first <paramref name="batch"/> images' x and dy.</summary>
    public void Run(float[] x, float[] dy, int batch, int item, float[] packed)
    {
        int blocks = _outBlocks * _kernelRowInBlocks;
        if (_chunkRows > 0) ImageRowsWeightGradient(x, dy, batch, packed, item / blocks, item / _kernelRowInBlocks % _outBlocks, item % _kernelRowInBlocks);
        else KernelRowWeightGradient(x, dy, batch, packed, item / (_g.KernelHeight * blocks), item / blocks % _g.KernelHeight, item / _kernelRowInBlocks % _outBlocks, item % _kernelRowInBlocks);
    }

    private static int Blocks(int count, int block) => (count + block - 1) / block;

    /// <summary>
    /// dw[group, kernel row ky, every kx, input block, output block]: each sum over the whole batch's output positions
    /// (images, rows, columns in order) of x at the tap's input pixel times dy. Positions are taken in chunks of row
    /// segments; per segment, its stretch of input pixels (the input block, zeros where it runs into the padding) and
    /// its dy output block are packed, the stretch on a grid of positions (stride pixels apart), so that every (kx,
    /// input channel) row of the kernel row reads the whole chunk with constant steps, six rows at a time
    /// (<see cref="WeightGradientProduct"/>). The grid's last kW / stride positions of a segment are no output
    /// position: their dy is packed as zero, so they add exact zeros (x finite), as does a padded tap; the sums are
    /// those over the taps inside the image, in the same order.
    /// </summary>
    private void KernelRowWeightGradient(float[] x, float[] dy, int batch, float[] packed, int g, int ky, int outBlock, int inBlock)
    {
        var (inH, inW, outH, outW) = (_g.Height, _g.Width, _g.OutHeight, _g.OutWidth);
        int o0 = outBlock * ChannelBlock, columns = Math.Min(ChannelBlock, GroupOut - o0);
        int i0 = inBlock * _kernelRowInBlock, inCount = Math.Min(_kernelRowInBlock, GroupIn - i0);
        for (int kx = 0; kx < _g.KernelWidth; kx++)
        for (int i = 0; i < inCount; i++)
            packed.AsSpan(Tile(g, ky * _g.KernelWidth + kx, o0) + (i0 + i) * OutPadded, columns).Clear();
        var chunk = WeightGradientChunk.Current;
        float[] xs = chunk.X, dys = chunk.Dy;
        int sw = _g.StrideW, span = (_g.KernelWidth - 1) * _g.DilationW + 1;
        bool Fits(int positions) => positions <= WeightGradientChunk.Positions && ((positions - 1) * sw + span) * inCount <= WeightGradientChunk.XCapacity;
        int segment = outW;
        while (segment > 1 && !Fits(Grid(segment))) segment--;
        int count = 0;
        for (int n = 0; n < batch; n++)
        for (int oy = 0; oy < outH; oy++)
        {
            int iy = oy * _g.StrideH - _g.PadTop + ky * _g.DilationH;
            if (iy < 0 || iy >= inH) continue;
            int xRow = n * InLength + iy * inW * _g.InChannels + g * GroupIn + i0;
            int dyRow = n * OutLength + oy * outW * _g.OutChannels + g * GroupOut + o0;
            for (int ox0 = 0; ox0 < outW; ox0 += segment)
            {
                int length = Math.Min(segment, outW - ox0), grid = Grid(length);
                if (!Fits(count + grid))
                {
                    KernelRowProduct(packed, g, ky, o0, columns, i0, inCount, count, chunk);
                    count = 0;
                }
                // The stretch: the pixels the grid reads from the input column of (ox0, kx = 0), zeros outside the image
                // (the next segment's stretch starts grid x stride pixels on: only this one's grid padding reads past it).
                int first = ox0 * sw - _g.PadLeft, pixels = (grid - 1) * sw + span;
                int lo = Math.Clamp(-first, 0, pixels), hi = Math.Clamp(inW - first, lo, pixels);
                var to = xs.AsSpan(count * sw * inCount, pixels * inCount);
                to[..(lo * inCount)].Clear();
                if (inCount == _g.InChannels) WeightGradientChunk.Copy(x.AsSpan(xRow + (first + lo) * _g.InChannels, (hi - lo) * inCount), to[(lo * inCount)..]);
                else for (int q = lo; q < hi; q++) WeightGradientChunk.Copy(x.AsSpan(xRow + (first + q) * _g.InChannels, inCount), to[(q * inCount)..]);
                to[(hi * inCount)..].Clear();
                if (columns == _g.OutChannels) WeightGradientChunk.Copy(dy.AsSpan(dyRow + ox0 * _g.OutChannels, length * columns), dys.AsSpan(count * columns));
                else for (int p = 0; p < length; p++) WeightGradientChunk.Copy(dy.AsSpan(dyRow + (ox0 + p) * _g.OutChannels, columns), dys.AsSpan((count + p) * columns));
                dys.AsSpan((count + length) * columns, (grid - length) * columns).Clear();
                count += grid;
            }
        }
        if (count > 0) KernelRowProduct(packed, g, ky, o0, columns, i0, inCount, count, chunk);
    }

    /// <summary>A segment's grid positions: its stretch of input pixels, in strides.</summary>
    private int Grid(int length) => Blocks((length - 1) * _g.StrideW + (_g.KernelWidth - 1) * _g.DilationW + 1, _g.StrideW);

    /// <summary>
    /// Output rows per chunk of <see cref="ImageRowsWeightGradient"/> for input blocks of <paramref name="inCount"/>:
    /// their grid positions and their input rows' stretches (plus the last one's overhang) must fit the scratch.
    /// </summary>
    private int ChunkRows(int inCount)
    {
        int grid = Grid(_g.OutWidth), pitch = grid * _g.StrideW, overhang = Math.Max(0, (_g.KernelWidth - 1) * _g.DilationW + 1 - _g.StrideW);
        int rows = Math.Min(_g.OutHeight, WeightGradientChunk.Positions / grid);
        while (rows > 0 && ((rows + (_g.KernelHeight - 1) * _g.DilationH) * pitch + overhang) * inCount > WeightGradientChunk.XCapacity) rows--;
        return rows;
    }

    /// <summary>
    /// dw[group, every tap, input block, output block] at vertical stride 1: as <see cref="KernelRowWeightGradient"/>,
    /// but a chunk is a run of whole output rows of one image, and each input row and dy row is packed once for every
    /// kernel row (not once per kernel row: packing cost nearly what the product does). Input row r of the chunk is
    /// packed at r x (grid x stride) pixels, so output row s's tap row ky reads input row s + ky x dilation with the
    /// positions' constant step; a row's grid positions past the output width have dy zero and read the next row's first
    /// pixels (or, for the last, a cleared overhang): exact zeros, x finite. Each sum runs over chunks in order, then
    /// positions in order.
    /// </summary>
    private void ImageRowsWeightGradient(float[] x, float[] dy, int batch, float[] packed, int g, int outBlock, int inBlock)
    {
        var (inH, inW, outH, outW) = (_g.Height, _g.Width, _g.OutHeight, _g.OutWidth);
        int o0 = outBlock * ChannelBlock, columns = Math.Min(ChannelBlock, GroupOut - o0);
        int i0 = inBlock * _kernelRowInBlock, inCount = Math.Min(_kernelRowInBlock, GroupIn - i0);
        for (int t = 0; t < Taps; t++)
        for (int i = 0; i < inCount; i++)
            packed.AsSpan(Tile(g, t, o0) + (i0 + i) * OutPadded, columns).Clear();
        var chunk = WeightGradientChunk.Current;
        float[] xs = chunk.X, dys = chunk.Dy;
        int grid = Grid(outW), pitch = grid * _g.StrideW, overhang = Math.Max(0, (_g.KernelWidth - 1) * _g.DilationW + 1 - _g.StrideW);
        int first = -_g.PadLeft, lo = Math.Clamp(-first, 0, pitch), hi = Math.Clamp(inW - first, lo, pitch);
        for (int n = 0; n < batch; n++)
        for (int oy0 = 0; oy0 < outH; oy0 += _chunkRows)
        {
            int rows = Math.Min(_chunkRows, outH - oy0), inputRows = rows + (_g.KernelHeight - 1) * _g.DilationH;
            for (int r = 0; r < inputRows; r++)
            {
                int iy = oy0 - _g.PadTop + r;
                var to = xs.AsSpan(r * pitch * inCount, pitch * inCount);
                if (iy < 0 || iy >= inH)
                {
                    to.Clear();
                    continue;
                }
                int xRow = n * InLength + iy * inW * _g.InChannels + g * GroupIn + i0;
                to[..(lo * inCount)].Clear();
                if (inCount == _g.InChannels) WeightGradientChunk.Copy(x.AsSpan(xRow + (first + lo) * _g.InChannels, (hi - lo) * inCount), to[(lo * inCount)..]);
                else for (int q = lo; q < hi; q++) WeightGradientChunk.Copy(x.AsSpan(xRow + (first + q) * _g.InChannels, inCount), to[(q * inCount)..]);
                to[(hi * inCount)..].Clear();
            }
            xs.AsSpan(inputRows * pitch * inCount, overhang * inCount).Clear();
            for (int s = 0; s < rows; s++)
            {
                int dyRow = n * OutLength + (oy0 + s) * outW * _g.OutChannels + g * GroupOut + o0;
                if (columns == _g.OutChannels) WeightGradientChunk.Copy(dy.AsSpan(dyRow, outW * columns), dys.AsSpan(s * grid * columns));
                else for (int p = 0; p < outW; p++) WeightGradientChunk.Copy(dy.AsSpan(dyRow + p * _g.OutChannels, columns), dys.AsSpan((s * grid + p) * columns));
                dys.AsSpan((s * grid + outW) * columns, (grid - outW) * columns).Clear();
            }
            for (int ky = 0; ky < _g.KernelHeight; ky++)
                KernelRowProduct(packed, g, ky, o0, columns, i0, inCount, rows * grid, chunk, ky * _g.DilationH * pitch * inCount);
        }
    }

    /// <summary>
    /// One chunk of <see cref="KernelRowWeightGradient"/>: every (kx, input channel) row of the kernel row, six at a time;
    /// row (kx, i) reads the stretch at kx x dilation pixels plus i, so without column dilation the rows of the whole
    /// kernel row are consecutive values, else those of one kx.
    /// </summary>
    private void KernelRowProduct(float[] packed, int g, int ky, int o0, int columns, int i0, int inCount, int count, WeightGradientChunk chunk, int xAt = 0)
    {
        Span<int> cRows = stackalloc int[WeightGradientProduct.Rows];
        bool flat = _g.DilationW == 1;
        int runs = flat ? 1 : _g.KernelWidth, runRows = flat ? _g.KernelWidth * inCount : inCount;
        for (int run = 0; run < runs; run++)
        for (int row = 0; row < runRows; row += WeightGradientProduct.Rows)
        {
            int rows = Math.Min(WeightGradientProduct.Rows, runRows - row);
            for (int r = 0; r < rows; r++)
            {
                int index = run * inCount + row + r, kx = index / inCount, i = index % inCount;
                cRows[r] = Tile(g, ky * _g.KernelWidth + kx, o0) + (i0 + i) * OutPadded;
            }
            WeightGradientProduct.Accumulate(chunk.X, xAt + run * _g.DilationW * inCount + row, _g.StrideW * inCount, count, chunk.Dy, 0, columns, packed, cRows[..rows], columns);
        }
    }

    /// <summary>Where dw[group, tap, input 0, output o0] lies in the packed gradient (rows of <c>OutPadded</c> per input channel).</summary>
    private int Tile(int g, int tap, int o0) => (g * Taps + tap) * GroupIn * OutPadded + o0;
}
