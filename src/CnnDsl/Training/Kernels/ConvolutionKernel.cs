using System;
using System.Numerics.Tensors;

namespace CnnDsl.Training;

/// <summary>
/// Convolution in every form the graph describes (groups, dilation, non-square kernels, per-axis strides and padding),
/// NHWC, on <see cref="PanelProduct"/>: blocks of up to four images at the same pixel share every weight vector loaded.
/// Weights are repacked each pass from OIHW to [group][output block][tap][i][64 outputs] (forward) and
/// [group][input block][tap][o][64 inputs] (input gradient): a chunk of 128 depth rows of one block is one contiguous
/// 32 KB run, which stays in the first-level cache while a row's pixels read it.
/// Forward, per block of images and output row: y[pixel, group's o] += x[in pixel, group's i] . w[tap, i, o] per tap;
/// with one group and no column dilation a kernel row's taps are one contiguous run of input values, so one product per
/// depth chunk covers a pixel's taps inside the image.
/// Input gradient, per block of images and input row (gathered, so items write disjoint rows in a fixed order):
/// dx[in pixel, i] += dy[pixel, o] . w[tap, o, i] over the taps that reach it, tap by tap and depth chunk by chunk.
/// Weight gradient, one item per group, kernel row and block of input and output channels: dw[tap, i, o] = sum over
/// images, rows and columns in that order of x[in pixel, i] dy[pixel, o] (a pointwise convolution: the whole batch
/// read in place in strided products; else chunks of positions copied into scratch, zero-padded, and read by every tap
/// of the kernel row while in cache); bias from per-image partial sums added in image order.
/// </summary>
internal sealed class ConvolutionKernel : OperationKernel
{
    private const int ChannelBlock = 64;
    /// <summary>Depth (input values, or output channels for the input gradient) per product in the forward and input gradient: 128 x 64 weights, 32 KB.</summary>
    private const int DepthChunk = 128;
    private const int GatherChunk = 256;
    [ThreadStatic] private static WeightGradientChunk? t_chunk;
    [ThreadStatic] private static float[]? t_transposedTile;
    private readonly Parameter _weight;
    private readonly Parameter? _bias;
    private readonly float[] _packed;
    private readonly float[] _transposed;
    private readonly float[]? _packedGradient;
    private float[] _biasPartial = Array.Empty<float>();
    private readonly int _inC, _outC, _groups, _groupIn, _groupOut, _taps, _outPadded, _outBlocks, _inBlocks, _kernelRowInBlock, _kernelRowInBlocks;
    private readonly bool _contiguousRows;
    private readonly bool _wholeBatchPositions;

    public ConvolutionKernel(KernelSetup setup) : base(setup)
    {
        _weight = setup.Parameter(Info.Name + ".weight");
        _bias = Info.Bias ? setup.Parameter(Info.Name + ".bias") : null;
        _inC = Info.Input.Channels;
        _outC = Info.Output.Channels;
        _groups = Info.Groups;
        _groupIn = _inC / _groups;
        _groupOut = _outC / _groups;
        _taps = Info.KernelH * Info.KernelW;
        if (_weight.Values.Length != _outC * _groupIn * _taps)
            throw new ArgumentException($"Convolution '{Info.Name}' needs {_outC} x {_groupIn} x {Info.KernelH} x {Info.KernelW} weights, but its tensor holds {_weight.Values.Length}.");
        _outPadded = PanelProduct.Padded(_groupOut);
        _outBlocks = (_groupOut + ChannelBlock - 1) / ChannelBlock;
        _packed = new float[_groups * _outBlocks * _taps * _groupIn * ChannelBlock];
        _transposed = new float[_groups * Blocks(_groupIn, ChannelBlock) * _taps * _groupOut * ChannelBlock];
        _packedGradient = _weight.Trainable ? new float[_groups * _taps * _groupIn * _outPadded] : null;
        _contiguousRows = _groups == 1 && Info.DilationW == 1;
        _inBlocks = (_groupIn + ChannelBlock - 1) / ChannelBlock;
        // A kernel row's weight gradient is one item per group, kernel row and block of outputs and inputs; with few
        // such items (ResNet's 64-channel stage: three) the input blocks are halved so that two threads share the work
        // evenly (at the price of copying a chunk's input pixels one by one rather than as one run).
        _kernelRowInBlock = ChannelBlock;
        while (_kernelRowInBlock > 16 && _groups * Info.KernelH * _outBlocks * Blocks(_groupIn, _kernelRowInBlock) < 6) _kernelRowInBlock /= 2;
        // A chunk's x scratch holds at least one position's stretch of input pixels (the kernel's width) per input block.
        int kernelSpan = (Info.KernelW - 1) * Info.DilationW + 1;
        if (kernelSpan > WeightGradientChunk.XCapacity)
            throw new ArgumentException($"Convolution '{Info.Name}' spans {kernelSpan} input columns; training supports up to {WeightGradientChunk.XCapacity}.");
        while (kernelSpan * _kernelRowInBlock > WeightGradientChunk.XCapacity) _kernelRowInBlock /= 2;
        _kernelRowInBlocks = Blocks(_groupIn, _kernelRowInBlock);
        _wholeBatchPositions = Info.KernelH == 1 && Info.KernelW == 1 && Info.StrideH == 1 && Info.StrideW == 1 && Info.PadTop == 0 && Info.PadLeft == 0
            && Info.Input.Height == Info.Output.Height && Info.Input.Width == Info.Output.Width;
    }

    private static int Blocks(int count, int block) => (count + block - 1) / block;

    private int ImageBlocks => (Batch + PanelProduct.MaxRows - 1) / PanelProduct.MaxRows;

    public override void Allocate(int capacity)
    {
        if (_bias is { Trainable: true }) _biasPartial = new float[capacity * _outC];
    }

    public override void Prepare()
    {
        float[] w = _weight.Values;
        for (int g = 0; g < _groups; g++)
        for (int o = 0; o < _groupOut; o++)
        for (int i = 0; i < _groupIn; i++)
        for (int t = 0; t < _taps; t++)
        {
            float v = w[((g * _groupOut + o) * _groupIn + i) * _taps + t];
            _packed[(((g * _outBlocks + o / ChannelBlock) * _taps + t) * _groupIn + i) * ChannelBlock + o % ChannelBlock] = v;
            _transposed[(((g * _inBlocks + i / ChannelBlock) * _taps + t) * _groupOut + o) * ChannelBlock + i % ChannelBlock] = v;
        }
    }

    public override void Forward() => Parallel(0, ImageBlocks * Info.Output.Height);

    /// <summary>The gathered input gradient visits every input pixel and channel: its first tap can overwrite.</summary>
    public override bool CanOverwriteInputGradient(int k) => true;

    public override void Backward()
    {
        if (InputGradient(0) is not null) Parallel(1, ImageBlocks * Info.Input.Height);
        if (_packedGradient is not null)
        {
            Parallel(2, _wholeBatchPositions ? _groups * _outBlocks * _inBlocks : _groups * Info.KernelH * _outBlocks * _kernelRowInBlocks);
            float[] g = _weight.Gradient!;
            for (int group = 0; group < _groups; group++)
            for (int o = 0; o < _groupOut; o++)
            for (int i = 0; i < _groupIn; i++)
            for (int t = 0; t < _taps; t++)
                g[((group * _groupOut + o) * _groupIn + i) * _taps + t] = _packedGradient[((group * _taps + t) * _groupIn + i) * _outPadded + o];
        }
        if (_bias is { Trainable: true })
        {
            Parallel(3, Batch);
            SumInImageOrder(_biasPartial, _outC, _bias.Gradient!);
        }
    }

    protected override void Execute(int phase, int item)
    {
        switch (phase)
        {
            case 0: ForwardRow(item / Info.Output.Height, item % Info.Output.Height); return;
            case 1: InputGradientRow(item / Info.Input.Height, item % Info.Input.Height); return;
            case 2:
            {
                if (_wholeBatchPositions) PointwiseWeightGradient(item / (_outBlocks * _inBlocks), item / _inBlocks % _outBlocks, item % _inBlocks);
                else
                {
                    int blocks = _outBlocks * _kernelRowInBlocks;
                    KernelRowWeightGradient(item / (Info.KernelH * blocks), item / blocks % Info.KernelH, item / _kernelRowInBlocks % _outBlocks, item % _kernelRowInBlocks);
                }
                return;
            }
            default: BiasPartial(item); return;
        }
    }

    /// <summary>The images of block <paramref name="block"/>: first and count.</summary>
    private (int First, int Count) Images(int block)
    {
        int first = block * PanelProduct.MaxRows;
        return (first, Math.Min(PanelProduct.MaxRows, Batch - first));
    }

    /// <summary>Output columns [first, last) whose input column for kernel column <paramref name="kx"/> lies inside the image.</summary>
    private (int First, int Last) ValidColumns(int kx)
        => ConvolutionWindow.Inside(kx * Info.DilationW - Info.PadLeft, Info.StrideW, Info.Output.Width, Info.Input.Width);

    private void ForwardRow(int block, int oy)
    {
        var (n0, count) = Images(block);
        var (inH, inW, outH, outW) = (Info.Input.Height, Info.Input.Width, Info.Output.Height, Info.Output.Width);
        int inImage = Info.Input.Length, outImage = Info.Output.Length;
        float[] x = Input(0), y = Node.Core;
        for (int k = 0; k < count; k++)
        {
            var row = y.AsSpan((n0 + k) * outImage + oy * outW * _outC, outW * _outC);
            if (_bias is null) row.Clear();
            else for (int ox = 0; ox < outW; ox++) _bias.Values.AsSpan().CopyTo(row.Slice(ox * _outC, _outC));
        }
        Span<int> aRows = stackalloc int[count], cRows = stackalloc int[count];
        // Blocks of output channels outermost, then chunks of the depth: a chunk's weights (128 x 64) stay in the
        // first-level cache across the row's pixels. Each output still sums its taps and channels in order.
        for (int g = 0; g < _groups; g++)
        for (int j = 0; j < _groupOut; j += ChannelBlock)
        {
            int columns = Math.Min(ChannelBlock, _groupOut - j);
            for (int ky = 0; ky < Info.KernelH; ky++)
            {
                int iy = oy * Info.StrideH - Info.PadTop + ky * Info.DilationH;
                if (iy < 0 || iy >= inH) continue;
                if (_contiguousRows)
                {
                    // One group, no column dilation: the kernel row's taps are one run of kW x inC input values (and of
                    // packed weight rows), and a pixel's taps inside the image one stretch [lo, hi) of it.
                    int run = Info.KernelW * _groupIn, weights = ((g * _outBlocks + j / ChannelBlock) * _taps + ky * Info.KernelW) * _groupIn;
                    for (int d0 = 0; d0 < run; d0 += DepthChunk)
                    {
                        int d1 = Math.Min(run, d0 + DepthChunk);
                        for (int ox = 0; ox < outW; ox++)
                        {
                            int start = ox * Info.StrideW - Info.PadLeft; // the input column of kx = 0
                            int lo = Math.Max(d0, Math.Max(0, -start) * _groupIn), hi = Math.Min(d1, Math.Min(Info.KernelW, inW - start) * _groupIn);
                            if (lo >= hi) continue;
                            for (int k = 0; k < count; k++)
                            {
                                aRows[k] = (n0 + k) * inImage + (iy * inW + start) * _inC + lo;
                                cRows[k] = (n0 + k) * outImage + (oy * outW + ox) * _outC + j;
                            }
                            PanelProduct.Accumulate(x, aRows, 1, hi - lo, _packed, (weights + lo) * ChannelBlock, ChannelBlock, y, cRows, columns);
                        }
                    }
                    continue;
                }
                for (int kx = 0; kx < Info.KernelW; kx++)
                {
                    var (first, last) = ValidColumns(kx);
                    int tap = ky * Info.KernelW + kx;
                    for (int d0 = 0; d0 < _groupIn; d0 += DepthChunk)
                    for (int ox = first; ox < last; ox++)
                    {
                        int ix = ox * Info.StrideW - Info.PadLeft + kx * Info.DilationW;
                        for (int k = 0; k < count; k++)
                        {
                            aRows[k] = (n0 + k) * inImage + (iy * inW + ix) * _inC + g * _groupIn + d0;
                            cRows[k] = (n0 + k) * outImage + (oy * outW + ox) * _outC + g * _groupOut + j;
                        }
                        PanelProduct.Accumulate(x, aRows, 1, Math.Min(DepthChunk, _groupIn - d0), _packed, (((g * _outBlocks + j / ChannelBlock) * _taps + tap) * _groupIn + d0) * ChannelBlock, ChannelBlock, y, cRows, columns);
                    }
                }
            }
        }
    }

    private void InputGradientRow(int block, int iy)
    {
        var (n0, count) = Images(block);
        var (inW, outH, outW) = (Info.Input.Width, Info.Output.Height, Info.Output.Width);
        int inImage = Info.Input.Length, outImage = Info.Output.Length;
        float[] dx = InputGradient(0)!, dy = Node.OutputGradient!;
        bool overwrite = Overwrites(0);
        Span<int> aRows = stackalloc int[count], cRows = stackalloc int[count];
        Span<bool> written = stackalloc bool[inW];
        // Per block of input channels, tap by tap and chunk by chunk of the output channels, so that a chunk's weights
        // (128 x 64) stay in the first-level cache across the row's pixels; each pixel still sums its taps, then their
        // channels, in order. A pixel's first tap overwrites when the gradient's old values are garbage.
        for (int g = 0; g < _groups; g++)
        for (int j = 0; j < _groupIn; j += ChannelBlock)
        {
            int columns = Math.Min(ChannelBlock, _groupIn - j);
            written.Clear();
            for (int ky = 0; ky < Info.KernelH; ky++)
            {
                int oy = ConvolutionWindow.Source(iy + Info.PadTop - ky * Info.DilationH, Info.StrideH, outH);
                if (oy < 0) continue;
                for (int kx = 0; kx < Info.KernelW; kx++)
                {
                    int weights = ((g * _inBlocks + j / ChannelBlock) * _taps + ky * Info.KernelW + kx) * _groupOut;
                    for (int d0 = 0; d0 < _groupOut; d0 += DepthChunk)
                    for (int ix = 0; ix < inW; ix++)
                    {
                        int ox = ConvolutionWindow.Source(ix + Info.PadLeft - kx * Info.DilationW, Info.StrideW, outW);
                        if (ox < 0) continue;
                        for (int k = 0; k < count; k++)
                        {
                            aRows[k] = (n0 + k) * outImage + (oy * outW + ox) * _outC + g * _groupOut + d0;
                            cRows[k] = (n0 + k) * inImage + (iy * inW + ix) * _inC + g * _groupIn + j;
                        }
                        PanelProduct.Accumulate(dy, aRows, 1, Math.Min(DepthChunk, _groupOut - d0), _transposed, (weights + d0) * ChannelBlock, ChannelBlock, dx, cRows, columns, overwrite && !written[ix]);
                        written[ix] = true;
                    }
                }
            }
            for (int ix = 0; ix < inW && overwrite; ix++)
            {
                if (written[ix]) continue;
                for (int k = 0; k < count; k++) dx.AsSpan((n0 + k) * inImage + (iy * inW + ix) * _inC + g * _groupIn + j, columns).Clear(); // no tap reads this pixel
            }
        }
    }

    /// <summary>dw[group, tap, input block, output block] of a pointwise convolution over the whole batch, positions in order.</summary>
    private void PointwiseWeightGradient(int g, int outBlock, int inBlock)
    {
        int o0 = outBlock * ChannelBlock, columns = Math.Min(ChannelBlock, _groupOut - o0);
        int i0 = inBlock * ChannelBlock, i1 = Math.Min(_groupIn, i0 + ChannelBlock), inCount = i1 - i0;
        int tile = g * _groupIn * _outPadded + o0;
        for (int i = i0; i < i1; i++) _packedGradient.AsSpan(tile + i * _outPadded, columns).Clear();
        float[] x = Input(0), dy = Node.OutputGradient!;
        // Position p of x and of dy are the same pixel, for every pixel of the batch, read in place. In chunks of
        // positions, so that dy's chunk stays in cache while every group of four input channels reads it (each sum
        // still runs over the positions in order). With more input channels than outputs in the block (a projection:
        // 144 in, 24 out), the outputs are the rows and the inputs the vectors, so that the vectors are full; the sums
        // are the same, in the same order.
        int pixels = Batch * Info.Output.Height * Info.Output.Width;
        bool transposed = inCount > columns;
        float[] swapped = transposed ? t_transposedTile ??= new float[ChannelBlock * ChannelBlock] : Array.Empty<float>();
        swapped.AsSpan().Clear();
        for (int p = 0; p < pixels; p += GatherChunk)
        {
            int xAt = p * _inC + g * _groupIn, dyAt = p * _outC + g * _groupOut + o0, depth = Math.Min(GatherChunk, pixels - p);
            if (transposed) AccumulateTransposed(x, xAt + i0, dy, dyAt, depth, inCount, columns, swapped);
            else AccumulateInPlace(x, xAt, dy, dyAt, depth, inCount, i0, columns, tile);
        }
        for (int o = 0; o < columns && transposed; o++)
        for (int i = 0; i < inCount; i++)
            _packedGradient![tile + (i0 + i) * _outPadded + o] = swapped[o * ChannelBlock + i];
    }

    /// <summary>
    /// dw[group, kernel row ky, every kx, input block, output block]: each sum over the whole batch's output positions
    /// (images, rows, columns in order) of x at the tap's input pixel times dy. Positions are taken in chunks, each a
    /// list of row segments; per chunk, dy's output block and each segment's stretch of input pixels (the input block,
    /// zeros where the stretch runs into the padding) are copied into contiguous scratch, and every (kx, input channel)
    /// row of the kernel row reads them there, four rows per product. A padded tap adds exact zeros, so the sums are
    /// those over the taps inside the image, in the same order.
    /// </summary>
    private void KernelRowWeightGradient(int g, int ky, int outBlock, int inBlock)
    {
        var (inH, outH, outW) = (Info.Input.Height, Info.Output.Height, Info.Output.Width);
        int o0 = outBlock * ChannelBlock, columns = Math.Min(ChannelBlock, _groupOut - o0);
        int i0 = inBlock * _kernelRowInBlock, inCount = Math.Min(_kernelRowInBlock, _groupIn - i0);
        for (int kx = 0; kx < Info.KernelW; kx++)
        for (int i = 0; i < inCount; i++)
            _packedGradient.AsSpan(Tile(g, ky * Info.KernelW + kx, o0) + (i0 + i) * _outPadded, columns).Clear();
        var chunk = t_chunk ??= new WeightGradientChunk();
        chunk.Clear();
        int kernelSpan = (Info.KernelW - 1) * Info.DilationW + 1;
        for (int n = 0; n < Batch; n++)
        for (int oy = 0; oy < outH; oy++)
        {
            int iy = oy * Info.StrideH - Info.PadTop + ky * Info.DilationH;
            if (iy < 0 || iy >= inH) continue;
            for (int ox = 0; ox < outW;)
            {
                // The most positions the chunk takes: its position count, and its x scratch (a segment of t positions
                // reads (t - 1) stride + kernelSpan input pixels).
                int room = (WeightGradientChunk.XCapacity - chunk.XUsed) / inCount;
                int take = Math.Min(Math.Min(outW - ox, WeightGradientChunk.Positions - chunk.Count), room < kernelSpan ? 0 : (room - kernelSpan) / Info.StrideW + 1);
                if (take <= 0)
                {
                    KernelRowChunk(g, ky, o0, columns, i0, inCount, chunk);
                    chunk.Clear();
                    continue;
                }
                chunk.AddSegment(n, oy, iy, ox, ox + take, ((take - 1) * Info.StrideW + kernelSpan) * inCount);
                ox += take;
            }
        }
        if (chunk.Count > 0) KernelRowChunk(g, ky, o0, columns, i0, inCount, chunk);
    }

    /// <summary>One chunk of <see cref="KernelRowWeightGradient"/>: its scratch filled, then every (kx, input channel) row four at a time.</summary>
    private void KernelRowChunk(int g, int ky, int o0, int columns, int i0, int inCount, WeightGradientChunk chunk)
    {
        var (inW, outW) = (Info.Input.Width, Info.Output.Width);
        int inImage = Info.Input.Length, outImage = Info.Output.Length;
        float[] x = Input(0), dy = Node.OutputGradient!, xs = chunk.X, dys = chunk.Dy;
        var list = chunk.List;
        list.Clear();
        for (int s = 0, p = 0; s < chunk.Segments; s++)
        {
            var (n, oy, iy, ox0, ox1, xAt) = chunk.Segment(s);
            int firstPixel = ox0 * Info.StrideW - Info.PadLeft, pixels = (ox1 - ox0 - 1) * Info.StrideW + (Info.KernelW - 1) * Info.DilationW + 1;
            if (inCount == _inC)
            {
                // Whole pixels: the stretch's pixels inside the image are one run of x, the rest padding.
                int lo = Math.Clamp(-firstPixel, 0, pixels), hi = Math.Clamp(inW - firstPixel, lo, pixels);
                xs.AsSpan(xAt, lo * inCount).Clear();
                x.AsSpan(n * inImage + (iy * inW + firstPixel + lo) * _inC, (hi - lo) * inCount).CopyTo(xs.AsSpan(xAt + lo * inCount));
                xs.AsSpan(xAt + hi * inCount, (pixels - hi) * inCount).Clear();
            }
            else
            {
                for (int q = 0; q < pixels; q++)
                {
                    int ix = firstPixel + q;
                    var to = xs.AsSpan(xAt + q * inCount, inCount);
                    if (ix < 0 || ix >= inW) to.Clear();
                    else x.AsSpan(n * inImage + (iy * inW + ix) * _inC + g * _groupIn + i0, inCount).CopyTo(to);
                }
            }
            // dy's rows packed `columns` apart: one run when the block is every output channel.
            int dyAt = n * outImage + (oy * outW + ox0) * _outC + g * _groupOut + o0;
            if (columns == _outC) dy.AsSpan(dyAt, (ox1 - ox0) * columns).CopyTo(dys.AsSpan(p * columns));
            else for (int ox = ox0; ox < ox1; ox++) dy.AsSpan(dyAt + (ox - ox0) * _outC, columns).CopyTo(dys.AsSpan((p + ox - ox0) * columns));
            for (int ox = ox0; ox < ox1; ox++, p++) list.Add(xAt + (ox - ox0) * Info.StrideW * inCount, p * columns);
        }
        Span<int> aRows = stackalloc int[PanelProduct.MaxRows], cRows = stackalloc int[PanelProduct.MaxRows];
        int total = Info.KernelW * inCount;
        for (int row = 0; row < total; row += PanelProduct.MaxRows)
        {
            int rows = Math.Min(PanelProduct.MaxRows, total - row);
            for (int r = 0; r < rows; r++)
            {
                int kx = (row + r) / inCount, i = (row + r) % inCount;
                aRows[r] = kx * Info.DilationW * inCount + i;
                cRows[r] = Tile(g, ky * Info.KernelW + kx, o0) + (i0 + i) * _outPadded;
            }
            PanelProduct.Accumulate(xs, aRows[..rows], list, dys, _packedGradient!, cRows[..rows], columns);
        }
    }

    /// <summary>Where dw[group, tap, input 0, output o0] lies in the packed gradient (rows of <c>_outPadded</c> per input channel).</summary>
    private int Tile(int g, int tap, int o0) => (g * _taps + tap) * _groupIn * _outPadded + o0;

    /// <summary>
    /// dw[i0 + i, block] += sum over positions p &lt; depth of x[xAt + p * stride + i0 + i] dy[dyAt + p * outC + block],
    /// four input channels at a time; positions are the output row's (the input's stride apart), in order.
    /// </summary>
    private void AccumulateInPlace(float[] x, int xAt, float[] dy, int dyAt, int depth, int inCount, int i0, int columns, int tile)
    {
        Span<int> aRows = stackalloc int[PanelProduct.MaxRows], cRows = stackalloc int[PanelProduct.MaxRows];
        int xStep = _wholeBatchPositions ? _inC : Info.StrideW * _inC;
        for (int i = 0; i < inCount; i += PanelProduct.MaxRows)
        {
            int rows = Math.Min(PanelProduct.MaxRows, inCount - i);
            for (int r = 0; r < rows; r++)
            {
                aRows[r] = xAt + i0 + i + r;
                cRows[r] = tile + (i0 + i + r) * _outPadded;
            }
            PanelProduct.Accumulate(x, aRows[..rows], xStep, depth, dy, dyAt, _outC, _packedGradient!, cRows[..rows], columns);
        }
    }

    /// <summary>
    /// swapped[o, i] += sum over positions p &lt; depth of dy[dyAt + p * outC + o] x[xAt + p * inC + i], four outputs at a
    /// time: a pointwise weight gradient with outputs as rows (dw transposed, 64 floats a row).
    /// </summary>
    private void AccumulateTransposed(float[] x, int xAt, float[] dy, int dyAt, int depth, int inCount, int columns, float[] swapped)
    {
        Span<int> aRows = stackalloc int[PanelProduct.MaxRows], cRows = stackalloc int[PanelProduct.MaxRows];
        for (int o = 0; o < columns; o += PanelProduct.MaxRows)
        {
            int rows = Math.Min(PanelProduct.MaxRows, columns - o);
            for (int r = 0; r < rows; r++)
            {
                aRows[r] = dyAt + o + r;
                cRows[r] = (o + r) * ChannelBlock;
            }
            PanelProduct.Accumulate(dy, aRows[..rows], _outC, depth, x, xAt, _inC, swapped, cRows[..rows], inCount);
        }
    }

    private void BiasPartial(int n)
    {
        int pixels = Info.Output.Height * Info.Output.Width;
        var partial = Image(_biasPartial, n, _outC);
        partial.Clear();
        float[] dy = Node.OutputGradient!;
        for (int p = 0; p < pixels; p++) TensorPrimitives.Add(partial, dy.AsSpan((n * pixels + p) * _outC, _outC), partial);
    }
}
