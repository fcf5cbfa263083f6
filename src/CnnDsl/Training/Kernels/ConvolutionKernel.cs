using System;
using System.Numerics.Tensors;

namespace CnnDsl.Training;

/// <summary>
/// Convolution in every form the graph describes (groups, dilation, non-square kernels, per-axis strides and padding),
/// NHWC, on <see cref="PanelProduct"/>: blocks of up to four images at the same pixel share every weight vector loaded.
/// Weights are repacked each pass from OIHW to [group][tap][i][o] (forward) and [group][tap][o][i] (input gradient),
/// rows padded to whole vectors.
/// Forward, per block of images and output row: y[pixel, group's o] += x[in pixel, group's i] . w[tap, i, o] per tap;
/// with one group and no column dilation a kernel row's taps are one contiguous run of input values, so one product
/// covers the whole kernel row for pixels whose taps all lie inside the image.
/// Input gradient, per block of images and input row (gathered, so items write disjoint rows in a fixed order):
/// dx[in pixel, i] += dy[pixel, o] . w[tap, o, i] over the taps that reach it.
/// Weight gradient, one item per group, tap and block of input and output channels: dw[tap, i, o] = sum over images, rows and
/// columns in that order of x[in pixel, i] dy[pixel, o], read in place where the rows are long (a pointwise convolution:
/// the whole batch in one product), else gathered in chunks so that small images still make long products (the same
/// order of additions either way); bias from per-image partial sums added in image order.
/// </summary>
internal sealed class ConvolutionKernel : OperationKernel
{
    private const int ChannelBlock = 64;
    private const int GatherChunk = 256;
    /// <summary>Output rows at least this long are read in place by the weight gradient; shorter ones are gathered into longer products.</summary>
    private const int DirectRowLength = 28;
    [ThreadStatic] private static float[]? t_gathered;
    [ThreadStatic] private static float[]? t_transposedTile;
    private readonly Parameter _weight;
    private readonly Parameter? _bias;
    private readonly float[] _packed;
    private readonly float[] _transposed;
    private readonly float[]? _packedGradient;
    private float[] _biasPartial = Array.Empty<float>();
    private readonly int _inC, _outC, _groups, _groupIn, _groupOut, _taps, _outPadded, _inPadded, _outBlocks, _inBlocks;
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
        _inPadded = PanelProduct.Padded(_groupIn);
        _packed = new float[_groups * _taps * _groupIn * _outPadded];
        _transposed = new float[_groups * _taps * _groupOut * _inPadded];
        _packedGradient = _weight.Trainable ? new float[_packed.Length] : null;
        _outBlocks = (_groupOut + ChannelBlock - 1) / ChannelBlock;
        _contiguousRows = _groups == 1 && Info.DilationW == 1;
        _inBlocks = (_groupIn + ChannelBlock - 1) / ChannelBlock;
        _wholeBatchPositions = Info.KernelH == 1 && Info.KernelW == 1 && Info.StrideH == 1 && Info.StrideW == 1 && Info.PadTop == 0 && Info.PadLeft == 0
            && Info.Input.Height == Info.Output.Height && Info.Input.Width == Info.Output.Width;
    }

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
            _packed[((g * _taps + t) * _groupIn + i) * _outPadded + o] = v;
            _transposed[((g * _taps + t) * _groupOut + o) * _inPadded + i] = v;
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
            Parallel(2, _groups * _taps * _outBlocks * _inBlocks);
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
                int blocks = _outBlocks * _inBlocks;
                WeightGradient(item / (_taps * blocks), item / blocks % _taps, item / _inBlocks % _outBlocks, item % _inBlocks);
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
        // Output columns whose whole kernel row lies inside the image (the contiguous fast path).
        var (inside, _) = ValidColumns(0);
        var (_, insideEnd) = ValidColumns(Info.KernelW - 1);
        // Blocks of output channels outermost: a block's weights (depth x 64) stay in cache across the row's pixels.
        for (int g = 0; g < _groups; g++)
        for (int j = 0; j < _groupOut; j += ChannelBlock)
        {
            int columns = Math.Min(ChannelBlock, _groupOut - j);
            for (int ky = 0; ky < Info.KernelH; ky++)
            {
                int iy = oy * Info.StrideH - Info.PadTop + ky * Info.DilationH;
                if (iy < 0 || iy >= inH) continue;
                for (int kx = 0; kx < Info.KernelW; kx++)
                {
                    var (first, last) = ValidColumns(kx);
                    int tap = ky * Info.KernelW + kx;
                    for (int ox = first; ox < last; ox++)
                    {
                        bool wholeRow = _contiguousRows && ox >= inside && ox < insideEnd;
                        if (wholeRow && kx > 0) continue; // done with kx = 0
                        int ix = ox * Info.StrideW - Info.PadLeft + kx * Info.DilationW;
                        for (int k = 0; k < count; k++)
                        {
                            aRows[k] = (n0 + k) * inImage + (iy * inW + ix) * _inC + g * _groupIn;
                            cRows[k] = (n0 + k) * outImage + (oy * outW + ox) * _outC + g * _groupOut + j;
                        }
                        int depth = wholeRow ? Info.KernelW * _groupIn : _groupIn;
                        PanelProduct.Accumulate(x, aRows, 1, depth, _packed, (g * _taps + tap) * _groupIn * _outPadded + j, _outPadded, y, cRows, columns);
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
        Span<int> taps = stackalloc int[_taps], pixels = stackalloc int[_taps];
        for (int g = 0; g < _groups; g++)
        for (int j = 0; j < _groupIn; j += ChannelBlock)
        {
            int columns = Math.Min(ChannelBlock, _groupIn - j);
            for (int ix = 0; ix < inW; ix++)
            {
                int reaching = ConvolutionWindow.Reaching(Info, iy, ix, taps, pixels);
                for (int k = 0; k < count; k++) cRows[k] = (n0 + k) * inImage + (iy * inW + ix) * _inC + g * _groupIn + j;
                if (reaching == 0 && overwrite)
                    for (int k = 0; k < count; k++) dx.AsSpan(cRows[k], columns).Clear(); // no tap reads this pixel
                for (int t = 0; t < reaching; t++)
                {
                    for (int k = 0; k < count; k++) aRows[k] = (n0 + k) * outImage + pixels[t] * _outC + g * _groupOut;
                    PanelProduct.Accumulate(dy, aRows, 1, _groupOut, _transposed, (g * _taps + taps[t]) * _groupOut * _inPadded + j, _inPadded, dx, cRows, columns, overwrite && t == 0);
                }
            }
        }
    }

    /// <summary>dw[group, tap, input block, output block] over the whole batch, images, rows and columns in order.</summary>
    private void WeightGradient(int g, int tap, int outBlock, int inBlock)
    {
        var (inH, inW, outH, outW) = (Info.Input.Height, Info.Input.Width, Info.Output.Height, Info.Output.Width);
        int inImage = Info.Input.Length, outImage = Info.Output.Length;
        int ky = tap / Info.KernelW, kx = tap % Info.KernelW;
        int o0 = outBlock * ChannelBlock, columns = Math.Min(ChannelBlock, _groupOut - o0);
        int i0 = inBlock * ChannelBlock, i1 = Math.Min(_groupIn, i0 + ChannelBlock), inCount = i1 - i0;
        int tile = (g * _taps + tap) * _groupIn * _outPadded + o0;
        for (int i = i0; i < i1; i++) _packedGradient.AsSpan(tile + i * _outPadded, columns).Clear();
        var (first, last) = ValidColumns(kx);
        if (first >= last) return;
        float[] x = Input(0), dy = Node.OutputGradient!;
        if (_wholeBatchPositions)
        {
            // A pointwise convolution over the whole image: position p of x and of dy are the same pixel, for every
            // pixel of the batch, read in place. In chunks of positions, so that dy's chunk stays in cache while every
            // group of four input channels reads it (each sum still runs over the positions in order).
            // With more input channels than outputs in the block (a projection: 144 in, 24 out), the outputs are the
            // rows and the inputs the vectors, so that the vectors are full; the sums are the same, in the same order.
            int pixels = Batch * outH * outW;
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
            return;
        }
        if (last - first >= DirectRowLength)
        {
            // Rows long enough to make a long product: each output row's valid stretch read in place.
            for (int n = 0; n < Batch; n++)
            for (int oy = 0; oy < outH; oy++)
            {
                int iy = oy * Info.StrideH - Info.PadTop + ky * Info.DilationH;
                if (iy < 0 || iy >= inH) continue;
                int ix = first * Info.StrideW - Info.PadLeft + kx * Info.DilationW;
                AccumulateInPlace(x, n * inImage + (iy * inW + ix) * _inC + g * _groupIn, dy, n * outImage + (oy * outW + first) * _outC + g * _groupOut + o0,
                    last - first, i1 - i0, i0, columns, tile);
            }
            return;
        }
        // The tap's positions are gathered in chunks into contiguous rows (x's input block, dy's output block), so each
        // product runs over a whole chunk however narrow the image: per chunk, x rows at [0, Chunk * 64), dy rows after.
        float[] gathered = t_gathered ??= new float[2 * GatherChunk * ChannelBlock];
        int dyBase = GatherChunk * ChannelBlock, positions = 0;
        Span<int> aRows = stackalloc int[PanelProduct.MaxRows], cRows = stackalloc int[PanelProduct.MaxRows];
        for (int n = 0; n < Batch; n++)
        for (int oy = 0; oy < outH; oy++)
        {
            int iy = oy * Info.StrideH - Info.PadTop + ky * Info.DilationH;
            if (iy < 0 || iy >= inH) continue;
            for (int ox = first; ox < last; ox++)
            {
                int ix = ox * Info.StrideW - Info.PadLeft + kx * Info.DilationW;
                x.AsSpan(n * inImage + (iy * inW + ix) * _inC + g * _groupIn + i0, inCount).CopyTo(gathered.AsSpan(positions * ChannelBlock));
                dy.AsSpan(n * outImage + (oy * outW + ox) * _outC + g * _groupOut + o0, columns).CopyTo(gathered.AsSpan(dyBase + positions * ChannelBlock));
                if (++positions == GatherChunk)
                {
                    AccumulateGathered(gathered, positions, inCount, columns, tile + i0 * _outPadded, aRows, cRows);
                    positions = 0;
                }
            }
        }
        if (positions > 0) AccumulateGathered(gathered, positions, inCount, columns, tile + i0 * _outPadded, aRows, cRows);
    }

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

    /// <summary>dw[i, block] += sum over the gathered positions of x[p, i] dy[p, block], four input channels at a time.</summary>
    private void AccumulateGathered(float[] gathered, int positions, int inCount, int columns, int tile, Span<int> aRows, Span<int> cRows)
    {
        for (int i = 0; i < inCount; i += PanelProduct.MaxRows)
        {
            int rows = Math.Min(PanelProduct.MaxRows, inCount - i);
            for (int r = 0; r < rows; r++)
            {
                aRows[r] = i + r;
                cRows[r] = tile + (i + r) * _outPadded;
            }
            PanelProduct.Accumulate(gathered, aRows[..rows], ChannelBlock, positions, gathered, GatherChunk * ChannelBlock, ChannelBlock, _packedGradient!, cRows[..rows], columns);
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
