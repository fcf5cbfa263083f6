using System;
using System.Numerics.Tensors;

namespace CnnDsl.Training;

/// <summary>
/// Convolution in every form the graph describes (groups, dilation, non-square kernels, per-axis strides and padding),
/// NHWC, on <see cref="PanelProduct"/>: blocks of up to four images at the same pixel share every weight vector loaded.
/// Weights are repacked each pass from OIHW to [group][output block][tap][i][64 outputs] (forward) and
/// [group][input block][tap][o][64 inputs] (input gradient): a chunk of 128 depth rows of one block is one contiguous
/// 32 KB run, which stays in the first-level cache while a row's pixels read it.
/// Forward, per block of images and group of output rows (at least 64 pixels, so that a narrow layer reads its weights
/// once per several rows): y[pixel, group's o] += x[in pixel, group's i] . w[tap, i, o] per tap; with one group and no
/// column dilation a kernel row's taps are one contiguous run of input values, so one product per depth chunk covers a
/// pixel's taps inside the image.
/// Input gradient, per block of images and group of input rows (gathered, so items write disjoint rows in a fixed
/// order): dx[in pixel, i] += dy[pixel, o] . w[tap, o, i] over the taps that reach it, tap by tap and depth chunk by chunk.
/// Weight gradient, one item per group, kernel row and block of input and output channels: dw[tap, i, o] = sum over
/// images, rows and columns in that order of x[in pixel, i] dy[pixel, o] (a pointwise convolution: the whole batch
/// read in place in strided products; else chunks of row segments packed into scratch, zero-padded, and read by every
/// tap of the kernel row, six at a time, while in cache; at vertical stride 1, one item per group and block of inputs
/// and outputs takes every kernel row, its chunks runs of whole output rows whose input rows are packed once for all
/// of them); bias from per-image partial sums added in image order.
/// A 3x3 stride-1 ungrouped convolution with 32 channels or more in and out runs its forward and input gradient by
/// Winograd F(2x2, 3x3) instead (<see cref="WinogradPass"/>, outputs of 8 or more a side) and its weight gradient by
/// F(3x3, 2x2) (<see cref="WinogradWeightGradient"/>, any size).
/// In a generated network, a convolution that inference runs on its register-tiled kernel runs its forward there too
/// (<see cref="ConvolutionTraining{TShape}"/>, where the output rows are 7 columns or more; narrower ones run here over
/// the whole batch), and a pointwise one its input gradient and weight gradient as well
/// (<see cref="PointwiseTraining{TShape}"/>): the generated training layer, its geometry constant, one image per item
/// (the weight gradient: half of the batch per item, the halves' sums added in order). One that inference runs by
/// Winograd (F(2x2,3x3), F(4x4,3x3), F(2x2,5x5), F(4,7)) runs its forward and input gradient on that kernel and tile
/// (<see cref="WinogradTraining{TShape}"/>, any pads, where the output has 16 tiles or more per image; fewer run here
/// over the whole batch) and its weight gradient here (F(3x3, 2x2) for a
/// 3x3 one with pads of at most 2, else the direct kernel).
/// </summary>
internal sealed class ConvolutionKernel : OperationKernel
{
    private const int ChannelBlock = 64;
    /// <summary>Depth (input values, or output channels for the input gradient) per product in the forward and input gradient: 128 x 64 weights, 32 KB.</summary>
    private const int DepthChunk = 128;
    private const int GatherChunk = 256;
    /// <summary>The fewest positions a weight-gradient chunk takes (input blocks are narrowed for wide kernels to keep it).</summary>
    private const int MinimumChunk = 32;
    /// <summary>The fewest pixels (per image) a forward or input-gradient item takes, in whole rows.</summary>
    private const int PixelsPerItem = 64;
    [ThreadStatic] private static WeightGradientChunk? t_chunk;
    [ThreadStatic] private static float[]? t_transposedTile;
    private readonly Parameter _weight;
    private readonly Parameter? _bias;
    /// <summary>The node's generated forward and input gradient, or null where this kernel runs them.</summary>
    private readonly TrainingLayer? _layer;
    private readonly float[] _packed;
    private readonly float[] _transposed;
    private readonly WinogradPass? _winograd;
    private readonly WinogradWeightGradient? _winogradGradient;
    private readonly Action? _prepareWinograd, _prepareWinogradGradient, _packLayer, _packLayerGradient;
    private readonly float[]? _packedGradient;
    private float[] _biasPartial = Array.Empty<float>();
    private readonly int _inC, _outC, _groups, _groupIn, _groupOut, _taps, _outPadded, _outBlocks, _inBlocks, _kernelRowInBlock, _kernelRowInBlocks;
    private readonly int _forwardRows, _gradientRows;
    private readonly bool _contiguousRows;
    private readonly bool _wholeBatchPositions;
    /// <summary>A 1x1 unpadded convolution: every output's one tap is inside, so its first depth chunk starts from the bias (no pass writing the bias first).</summary>
    private readonly bool _startsFromBias;
    /// <summary>Output rows per chunk of <see cref="ImageRowsWeightGradient"/>, or 0 when the kernel-row items are used instead.</summary>
    private readonly int _chunkRows;

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
        _layer = setup.Layer;
        if (_layer is not null)
        {
            // Delegates made once: a step allocates nothing.
            _packLayer = () => _layer.Pack(_weight.Values, _bias?.Values);
            _packLayerGradient = () => _layer.PackInputGradient(_weight.Values);
        }
        // A Winograd layer keeps only its transformed weights (the input gradient's too if its input needs one).
        _winograd = !LayerInputGradient && WinogradPass.Applies(Info) ? new WinogradPass(Info) : null;
        if (_winograd is not null)
        {
            // Delegates made once: a step allocates nothing.
            _prepareWinograd = () => _winograd.Prepare(_weight.Values, _bias?.Values);
            _prepareWinogradGradient = () => _winograd.PrepareInputGradient(_weight.Values);
        }
        _packed = _winograd is null && _layer is null ? new float[_groups * _outBlocks * _taps * _groupIn * ChannelBlock] : Array.Empty<float>();
        _transposed = _winograd is null && !LayerInputGradient ? new float[_groups * Blocks(_groupIn, ChannelBlock) * _taps * _groupOut * ChannelBlock] : Array.Empty<float>();
        _packedGradient = _weight.Trainable && !LayerWeightGradient ? new float[_groups * _taps * _groupIn * _outPadded] : null;
        _winogradGradient = _weight.Trainable && !LayerWeightGradient && WinogradWeightGradient.Applies(Info) ? new WinogradWeightGradient(Info) : null;
        _contiguousRows = _groups == 1 && Info.DilationW == 1;
        _forwardRows = RowsPerItem(Info.Output.Height, Info.Output.Width);
        _gradientRows = RowsPerItem(Info.Input.Height, Info.Input.Width);
        _inBlocks = (_groupIn + ChannelBlock - 1) / ChannelBlock;
        // A kernel row's weight gradient is one item per group, kernel row and block of outputs and inputs; with few
        // such items (ResNet's 64-channel stage: three) the input blocks are halved so that two threads share the work
        // evenly (at the price of copying a chunk's input pixels one by one rather than as one run).
        // At vertical stride 1 with a whole output row in one segment, an item takes every kernel row (one item per
        // group and block of outputs and inputs, see ImageRowsWeightGradient).
        bool imageRows = Info.StrideH == 1 && Grid(Info.Output.Width) <= WeightGradientChunk.Positions;
        _kernelRowInBlock = ChannelBlock;
        while (_kernelRowInBlock > 16 && _groups * (imageRows ? 1 : Info.KernelH) * _outBlocks * Blocks(_groupIn, _kernelRowInBlock) < 6) _kernelRowInBlock /= 2;
        // A chunk's x scratch holds at least MinimumChunk positions' stretches of input pixels (the kernel's span per input block).
        int kernelSpan = (Info.KernelW - 1) * Info.DilationW + 1;
        if (kernelSpan * MinimumChunk > WeightGradientChunk.XCapacity)
            throw new ArgumentException($"Convolution '{Info.Name}' spans {kernelSpan} input columns; training supports up to {WeightGradientChunk.XCapacity / MinimumChunk}.");
        while (kernelSpan * _kernelRowInBlock * MinimumChunk > WeightGradientChunk.XCapacity) _kernelRowInBlock /= 2;
        _kernelRowInBlocks = Blocks(_groupIn, _kernelRowInBlock);
        _wholeBatchPositions = Info.KernelH == 1 && Info.KernelW == 1 && Info.StrideH == 1 && Info.StrideW == 1 && Info.PadTop == 0 && Info.PadLeft == 0
            && Info.Input.Height == Info.Output.Height && Info.Input.Width == Info.Output.Width;
        _chunkRows = imageRows && !_wholeBatchPositions ? ChunkRows(_kernelRowInBlock) : 0;
        _startsFromBias = Info.KernelH == 1 && Info.KernelW == 1 && Info.PadTop == 0 && Info.PadLeft == 0
            && (Info.Output.Height - 1) * Info.StrideH < Info.Input.Height && (Info.Output.Width - 1) * Info.StrideW < Info.Input.Width;
        // A chunk of under half the positions (ResNet's 7 x 7 images: 63) sweeps every tap's gradient tile per image:
        // more loads and stores of the tile than the kernel-row items' longer chunks (342 against 290 ms measured).
        if (_chunkRows * Grid(Info.Output.Width) < WeightGradientChunk.Positions / 2) _chunkRows = 0;
    }

    private static int Blocks(int count, int block) => (count + block - 1) / block;

    /// <summary>Parts of <paramref name="rows"/> rows a height splits into.</summary>
    private static int Parts(int height, int rows) => Blocks(height, rows);

    /// <summary>
    /// Rows per forward or input-gradient item for images <paramref name="width"/> wide: at least
    /// <see cref="PixelsPerItem"/> pixels, so that a narrow layer (ResNet's 7 x 7 x 512) reads its weights once per
    /// block of images and several rows rather than once per 7-pixel row.
    /// </summary>
    private static int RowsPerItem(int height, int width) => Math.Clamp(Blocks(PixelsPerItem, width), 1, height);

    private int ImageBlocks => (Batch + PanelProduct.MaxRows - 1) / PanelProduct.MaxRows;

    public override void Allocate(int capacity)
    {
        if (_bias is { Trainable: true }) _biasPartial = new float[capacity * _outC];
    }

    public override void Prepare()
    {
        float[] w = _weight.Values;
        if (_layer is not null) Serial(TrainingStage.Forward, _packLayer!);
        if (LayerInputGradient) return;
        if (_winograd is not null)
        {
            // Winograd runs the input gradient only when the generated layer runs the forward: no forward weights to transform.
            if (_layer is null) Serial(TrainingStage.Forward, _prepareWinograd!);
            return;
        }
        for (int g = 0; g < _groups; g++)
        for (int o = 0; o < _groupOut; o++)
        for (int i = 0; i < _groupIn; i++)
        for (int t = 0; t < _taps; t++)
        {
            float v = w[((g * _groupOut + o) * _groupIn + i) * _taps + t];
            if (_layer is null) _packed[(((g * _outBlocks + o / ChannelBlock) * _taps + t) * _groupIn + i) * ChannelBlock + o % ChannelBlock] = v;
            _transposed[(((g * _inBlocks + i / ChannelBlock) * _taps + t) * _groupOut + o) * ChannelBlock + i % ChannelBlock] = v;
        }
    }

    public override void Forward() => Parallel(0, _layer is not null ? Batch : _winograd?.ForwardItems(Batch) ?? ImageBlocks * Parts(Info.Output.Height, _forwardRows));

    /// <summary>
    /// A direct forward's item is whole output rows of a block of images, a generated layer's a whole image; Winograd's
    /// items write tiles, so its activation stays a pass.
    /// </summary>
    public override bool AppliesActivation => _layer is not null || _winograd is null;

    /// <summary>Whether the generated layer computes the input gradient too (else Winograd or the gathered product here).</summary>
    private bool LayerInputGradient => _layer is { HasInputGradient: true };

    /// <summary>Whether the generated layer computes the weight gradient (else Winograd or the products here).</summary>
    private bool LayerWeightGradient => _layer is { HasWeightGradient: true };

    /// <summary>The gathered input gradient visits every input pixel and channel: its first tap can overwrite.</summary>
    public override bool CanOverwriteInputGradient(int k) => true;

    public override void Backward()
    {
        if (InputGradient(0) is not null)
        {
            if (_winograd is not null) Serial(TrainingStage.InputGradient, _prepareWinogradGradient!);
            if (LayerInputGradient) Serial(TrainingStage.InputGradient, _packLayerGradient!);
            Parallel(1, LayerInputGradient ? Batch : _winograd?.InputGradientItems(Batch) ?? ImageBlocks * Parts(Info.Input.Height, _gradientRows));
        }
        if (_weight.Trainable && LayerWeightGradient)
        {
            Parallel(2, _layer!.WeightGradientItems);
            _layer.SumWeightGradient(_weight.Gradient!);
        }
        if (_packedGradient is not null)
        {
            Parallel(2, _winogradGradient?.Items ?? (_wholeBatchPositions ? _groups * _outBlocks * _inBlocks
                : _groups * (_chunkRows > 0 ? 1 : Info.KernelH) * _outBlocks * _kernelRowInBlocks));
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
            case 0 when _layer is not null: LayerForward(item); return;
            case 1 when LayerInputGradient: _layer!.InputGradient(Node.OutputGradient!, InputGradient(0)!, item, Overwrites(0)); return;
            case 2 when LayerWeightGradient: _layer!.WeightGradient(Input(0), Node.OutputGradient!, Batch, item); return;
            case 0 when _winograd is not null: _winograd.Forward(Input(0), Node.Core, item); return;
            case 1 when _winograd is not null: _winograd.InputGradient(Node.OutputGradient!, InputGradient(0)!, item, Overwrites(0)); return;
            case 2 when _winogradGradient is not null: _winogradGradient.Run(Input(0), Node.OutputGradient!, Batch, item, _packedGradient!, _outPadded); return;
            case 0:
            {
                int parts = Parts(Info.Output.Height, _forwardRows);
                ForwardRows(item / parts, item % parts);
                return;
            }
            case 1:
            {
                int parts = Parts(Info.Input.Height, _gradientRows);
                InputGradientRows(item / parts, item % parts);
                return;
            }
            case 2:
            {
                if (_wholeBatchPositions) PointwiseWeightGradient(item / (_outBlocks * _inBlocks), item / _inBlocks % _outBlocks, item % _inBlocks);
                else if (_chunkRows > 0)
                {
                    int blocks = _outBlocks * _kernelRowInBlocks;
                    ImageRowsWeightGradient(item / blocks, item / _kernelRowInBlocks % _outBlocks, item % _kernelRowInBlocks);
                }
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

    /// <summary>Image <paramref name="n"/>'s forward on the generated layer, then the node's activation over it while it is in cache.</summary>
    private void LayerForward(int n)
    {
        _layer!.Forward(Input(0), Node.Core, n);
        if (Node.FusedActivation is not { } activation) return;
        var image = Image(Node.Core, n, Info.Output.Length);
        activation.Apply(image, image);
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

    /// <summary>Rows [first, last) of part <paramref name="part"/> of a height split into parts of <paramref name="rows"/> rows.</summary>
    private static (int First, int Last) Rows(int part, int rows, int height) => (part * rows, Math.Min(height, (part + 1) * rows));

    private void ForwardRows(int block, int part)
    {
        var (n0, count) = Images(block);
        var (inH, inW, outH, outW) = (Info.Input.Height, Info.Input.Width, Info.Output.Height, Info.Output.Width);
        var (oy0, oy1) = Rows(part, _forwardRows, outH);
        int inImage = Info.Input.Length, outImage = Info.Output.Length;
        float[] x = Input(0), y = Node.Core;
        for (int k = 0; k < count && !_startsFromBias; k++)
        {
            var rows = y.AsSpan((n0 + k) * outImage + oy0 * outW * _outC, (oy1 - oy0) * outW * _outC);
            if (_bias is null) rows.Clear();
            else for (int p = 0; p < (oy1 - oy0) * outW; p++) _bias.Values.AsSpan().CopyTo(rows.Slice(p * _outC, _outC));
        }
        Span<int> aRows = stackalloc int[count], cRows = stackalloc int[count];
        // Blocks of output channels outermost, then kernel rows and chunks of the depth, then the item's rows and
        // pixels: a chunk's weights (128 x 64) stay in the first-level cache across every pixel of the item. Each output
        // still sums its taps and channels in order.
        for (int g = 0; g < _groups; g++)
        for (int j = 0; j < _groupOut; j += ChannelBlock)
        {
            int columns = Math.Min(ChannelBlock, _groupOut - j);
            for (int ky = 0; ky < Info.KernelH; ky++)
            {
                if (_contiguousRows)
                {
                    // One group, no column dilation: the kernel row's taps are one run of kW x inC input values (and of
                    // packed weight rows), and a pixel's taps inside the image one stretch [lo, hi) of it.
                    int run = Info.KernelW * _groupIn, weights = ((g * _outBlocks + j / ChannelBlock) * _taps + ky * Info.KernelW) * _groupIn;
                    for (int d0 = 0; d0 < run; d0 += DepthChunk)
                    {
                        int d1 = Math.Min(run, d0 + DepthChunk);
                        for (int oy = oy0; oy < oy1; oy++)
                        {
                            int iy = oy * Info.StrideH - Info.PadTop + ky * Info.DilationH;
                            if (iy < 0 || iy >= inH) continue;
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
                                bool fromBias = _startsFromBias && d0 == 0;
                                PanelProduct.Accumulate(x, aRows, 1, hi - lo, _packed, (weights + lo) * ChannelBlock, ChannelBlock, y, cRows, columns,
                                    overwrite: fromBias, start: fromBias ? _bias?.Values : null, startAt: g * _groupOut + j);
                            }
                        }
                    }
                    continue;
                }
                for (int kx = 0; kx < Info.KernelW; kx++)
                {
                    var (first, last) = ValidColumns(kx);
                    int tap = ky * Info.KernelW + kx;
                    for (int d0 = 0; d0 < _groupIn; d0 += DepthChunk)
                    for (int oy = oy0; oy < oy1; oy++)
                    {
                        int iy = oy * Info.StrideH - Info.PadTop + ky * Info.DilationH;
                        if (iy < 0 || iy >= inH) continue;
                        for (int ox = first; ox < last; ox++)
                        {
                            int ix = ox * Info.StrideW - Info.PadLeft + kx * Info.DilationW;
                            for (int k = 0; k < count; k++)
                            {
                                aRows[k] = (n0 + k) * inImage + (iy * inW + ix) * _inC + g * _groupIn + d0;
                                cRows[k] = (n0 + k) * outImage + (oy * outW + ox) * _outC + g * _groupOut + j;
                            }
                            bool fromBias = _startsFromBias && d0 == 0;
                            PanelProduct.Accumulate(x, aRows, 1, Math.Min(DepthChunk, _groupIn - d0), _packed, (((g * _outBlocks + j / ChannelBlock) * _taps + tap) * _groupIn + d0) * ChannelBlock, ChannelBlock, y, cRows, columns,
                                overwrite: fromBias, start: fromBias ? _bias?.Values : null, startAt: g * _groupOut + j);
                        }
                    }
                }
            }
        }
        if (Node.FusedActivation is not { } activation) return;
        // The item's rows were just written (a few hundred KB at most): activated now, from the cache, not in a pass of their own.
        for (int k = 0; k < count; k++)
        {
            var rows = y.AsSpan((n0 + k) * outImage + oy0 * outW * _outC, (oy1 - oy0) * outW * _outC);
            activation.Apply(rows, rows);
        }
    }

    private void InputGradientRows(int block, int part)
    {
        var (n0, count) = Images(block);
        var (inH, inW, outH, outW) = (Info.Input.Height, Info.Input.Width, Info.Output.Height, Info.Output.Width);
        var (iy0, iy1) = Rows(part, _gradientRows, inH);
        int inImage = Info.Input.Length, outImage = Info.Output.Length;
        float[] dx = InputGradient(0)!, dy = Node.OutputGradient!;
        bool overwrite = Overwrites(0);
        Span<int> aRows = stackalloc int[count], cRows = stackalloc int[count];
        Span<bool> written = stackalloc bool[(iy1 - iy0) * inW];
        // Per block of input channels, tap by tap and chunk by chunk of the output channels, then the item's rows and
        // pixels, so that a chunk's weights (128 x 64) stay in the first-level cache across every pixel of the item;
        // each pixel still sums its taps, then their channels, in order. A pixel's first tap overwrites when the
        // gradient's old values are garbage.
        for (int g = 0; g < _groups; g++)
        for (int j = 0; j < _groupIn; j += ChannelBlock)
        {
            int columns = Math.Min(ChannelBlock, _groupIn - j);
            written.Clear();
            for (int ky = 0; ky < Info.KernelH; ky++)
            for (int kx = 0; kx < Info.KernelW; kx++)
            {
                int weights = ((g * _inBlocks + j / ChannelBlock) * _taps + ky * Info.KernelW + kx) * _groupOut;
                for (int d0 = 0; d0 < _groupOut; d0 += DepthChunk)
                for (int iy = iy0; iy < iy1; iy++)
                {
                    int oy = ConvolutionWindow.Source(iy + Info.PadTop - ky * Info.DilationH, Info.StrideH, outH);
                    if (oy < 0) continue;
                    for (int ix = 0; ix < inW; ix++)
                    {
                        int ox = ConvolutionWindow.Source(ix + Info.PadLeft - kx * Info.DilationW, Info.StrideW, outW);
                        if (ox < 0) continue;
                        for (int k = 0; k < count; k++)
                        {
                            aRows[k] = (n0 + k) * outImage + (oy * outW + ox) * _outC + g * _groupOut + d0;
                            cRows[k] = (n0 + k) * inImage + (iy * inW + ix) * _inC + g * _groupIn + j;
                        }
                        int at = (iy - iy0) * inW + ix;
                        PanelProduct.Accumulate(dy, aRows, 1, Math.Min(DepthChunk, _groupOut - d0), _transposed, (weights + d0) * ChannelBlock, ChannelBlock, dx, cRows, columns, overwrite && !written[at]);
                        written[at] = true;
                    }
                }
            }
            for (int at = 0; at < written.Length && overwrite; at++)
            {
                if (written[at]) continue;
                int iy = iy0 + at / inW, ix = at % inW;
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
    /// (images, rows, columns in order) of x at the tap's input pixel times dy. Positions are taken in chunks of row
    /// segments; per segment, its stretch of input pixels (the input block, zeros where it runs into the padding) and
    /// its dy output block are packed, the stretch on a grid of positions (stride pixels apart), so that every (kx,
    /// input channel) row of the kernel row reads the whole chunk with constant steps, six rows at a time
    /// (<see cref="WeightGradientProduct"/>). The grid's last kW / stride positions of a segment are no output
    /// position: their dy is packed as zero, so they add exact zeros (x finite), as does a padded tap; the sums are
    /// those over the taps inside the image, in the same order.
    /// </summary>
    private void KernelRowWeightGradient(int g, int ky, int outBlock, int inBlock)
    {
        var (inH, inW, outH, outW) = (Info.Input.Height, Info.Input.Width, Info.Output.Height, Info.Output.Width);
        int o0 = outBlock * ChannelBlock, columns = Math.Min(ChannelBlock, _groupOut - o0);
        int i0 = inBlock * _kernelRowInBlock, inCount = Math.Min(_kernelRowInBlock, _groupIn - i0);
        for (int kx = 0; kx < Info.KernelW; kx++)
        for (int i = 0; i < inCount; i++)
            _packedGradient.AsSpan(Tile(g, ky * Info.KernelW + kx, o0) + (i0 + i) * _outPadded, columns).Clear();
        var chunk = t_chunk ??= new WeightGradientChunk();
        float[] x = Input(0), dy = Node.OutputGradient!, xs = chunk.X, dys = chunk.Dy;
        int sw = Info.StrideW, span = (Info.KernelW - 1) * Info.DilationW + 1;
        bool Fits(int positions) => positions <= WeightGradientChunk.Positions && ((positions - 1) * sw + span) * inCount <= WeightGradientChunk.XCapacity;
        int segment = outW;
        while (segment > 1 && !Fits(Grid(segment))) segment--;
        int count = 0;
        for (int n = 0; n < Batch; n++)
        for (int oy = 0; oy < outH; oy++)
        {
            int iy = oy * Info.StrideH - Info.PadTop + ky * Info.DilationH;
            if (iy < 0 || iy >= inH) continue;
            int xRow = n * Info.Input.Length + iy * inW * _inC + g * _groupIn + i0;
            int dyRow = n * Info.Output.Length + oy * outW * _outC + g * _groupOut + o0;
            for (int ox0 = 0; ox0 < outW; ox0 += segment)
            {
                int length = Math.Min(segment, outW - ox0), grid = Grid(length);
                if (!Fits(count + grid))
                {
                    KernelRowProduct(g, ky, o0, columns, i0, inCount, count, chunk);
                    count = 0;
                }
                // The stretch: the pixels the grid reads from the input column of (ox0, kx = 0), zeros outside the image
                // (the next segment's stretch starts grid x stride pixels on: only this one's grid padding reads past it).
                int first = ox0 * sw - Info.PadLeft, pixels = (grid - 1) * sw + span;
                int lo = Math.Clamp(-first, 0, pixels), hi = Math.Clamp(inW - first, lo, pixels);
                var to = xs.AsSpan(count * sw * inCount, pixels * inCount);
                to[..(lo * inCount)].Clear();
                if (inCount == _inC) WeightGradientChunk.Copy(x.AsSpan(xRow + (first + lo) * _inC, (hi - lo) * inCount), to[(lo * inCount)..]);
                else for (int q = lo; q < hi; q++) WeightGradientChunk.Copy(x.AsSpan(xRow + (first + q) * _inC, inCount), to[(q * inCount)..]);
                to[(hi * inCount)..].Clear();
                if (columns == _outC) WeightGradientChunk.Copy(dy.AsSpan(dyRow + ox0 * _outC, length * columns), dys.AsSpan(count * columns));
                else for (int p = 0; p < length; p++) WeightGradientChunk.Copy(dy.AsSpan(dyRow + (ox0 + p) * _outC, columns), dys.AsSpan((count + p) * columns));
                dys.AsSpan((count + length) * columns, (grid - length) * columns).Clear();
                count += grid;
            }
        }
        if (count > 0) KernelRowProduct(g, ky, o0, columns, i0, inCount, count, chunk);
    }

    /// <summary>A segment's grid positions: its stretch of input pixels, in strides.</summary>
    private int Grid(int length) => Blocks((length - 1) * Info.StrideW + (Info.KernelW - 1) * Info.DilationW + 1, Info.StrideW);

    /// <summary>
    /// Output rows per chunk of <see cref="ImageRowsWeightGradient"/> for input blocks of <paramref name="inCount"/>:
    /// their grid positions and their input rows' stretches (plus the last one's overhang) must fit the scratch.
    /// </summary>
    private int ChunkRows(int inCount)
    {
        int grid = Grid(Info.Output.Width), pitch = grid * Info.StrideW, overhang = Math.Max(0, (Info.KernelW - 1) * Info.DilationW + 1 - Info.StrideW);
        int rows = Math.Min(Info.Output.Height, WeightGradientChunk.Positions / grid);
        while (rows > 0 && ((rows + (Info.KernelH - 1) * Info.DilationH) * pitch + overhang) * inCount > WeightGradientChunk.XCapacity) rows--;
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
    private void ImageRowsWeightGradient(int g, int outBlock, int inBlock)
    {
        var (inH, inW, outH, outW) = (Info.Input.Height, Info.Input.Width, Info.Output.Height, Info.Output.Width);
        int o0 = outBlock * ChannelBlock, columns = Math.Min(ChannelBlock, _groupOut - o0);
        int i0 = inBlock * _kernelRowInBlock, inCount = Math.Min(_kernelRowInBlock, _groupIn - i0);
        for (int t = 0; t < _taps; t++)
        for (int i = 0; i < inCount; i++)
            _packedGradient.AsSpan(Tile(g, t, o0) + (i0 + i) * _outPadded, columns).Clear();
        var chunk = t_chunk ??= new WeightGradientChunk();
        float[] x = Input(0), dy = Node.OutputGradient!, xs = chunk.X, dys = chunk.Dy;
        int grid = Grid(outW), pitch = grid * Info.StrideW, overhang = Math.Max(0, (Info.KernelW - 1) * Info.DilationW + 1 - Info.StrideW);
        int first = -Info.PadLeft, lo = Math.Clamp(-first, 0, pitch), hi = Math.Clamp(inW - first, lo, pitch);
        for (int n = 0; n < Batch; n++)
        for (int oy0 = 0; oy0 < outH; oy0 += _chunkRows)
        {
            int rows = Math.Min(_chunkRows, outH - oy0), inputRows = rows + (Info.KernelH - 1) * Info.DilationH;
            for (int r = 0; r < inputRows; r++)
            {
                int iy = oy0 - Info.PadTop + r;
                var to = xs.AsSpan(r * pitch * inCount, pitch * inCount);
                if (iy < 0 || iy >= inH)
                {
                    to.Clear();
                    continue;
                }
                int xRow = n * Info.Input.Length + iy * inW * _inC + g * _groupIn + i0;
                to[..(lo * inCount)].Clear();
                if (inCount == _inC) WeightGradientChunk.Copy(x.AsSpan(xRow + (first + lo) * _inC, (hi - lo) * inCount), to[(lo * inCount)..]);
                else for (int q = lo; q < hi; q++) WeightGradientChunk.Copy(x.AsSpan(xRow + (first + q) * _inC, inCount), to[(q * inCount)..]);
                to[(hi * inCount)..].Clear();
            }
            xs.AsSpan(inputRows * pitch * inCount, overhang * inCount).Clear();
            for (int s = 0; s < rows; s++)
            {
                int dyRow = n * Info.Output.Length + (oy0 + s) * outW * _outC + g * _groupOut + o0;
                if (columns == _outC) WeightGradientChunk.Copy(dy.AsSpan(dyRow, outW * columns), dys.AsSpan(s * grid * columns));
                else for (int p = 0; p < outW; p++) WeightGradientChunk.Copy(dy.AsSpan(dyRow + p * _outC, columns), dys.AsSpan((s * grid + p) * columns));
                dys.AsSpan((s * grid + outW) * columns, (grid - outW) * columns).Clear();
            }
            for (int ky = 0; ky < Info.KernelH; ky++)
                KernelRowProduct(g, ky, o0, columns, i0, inCount, rows * grid, chunk, ky * Info.DilationH * pitch * inCount);
        }
    }

    /// <summary>
    /// One chunk of <see cref="KernelRowWeightGradient"/>: every (kx, input channel) row of the kernel row, six at a time;
    /// row (kx, i) reads the stretch at kx x dilation pixels plus i, so without column dilation the rows of the whole
    /// kernel row are consecutive values, else those of one kx.
    /// </summary>
    private void KernelRowProduct(int g, int ky, int o0, int columns, int i0, int inCount, int count, WeightGradientChunk chunk, int xAt = 0)
    {
        Span<int> cRows = stackalloc int[WeightGradientProduct.Rows];
        bool flat = Info.DilationW == 1;
        int runs = flat ? 1 : Info.KernelW, runRows = flat ? Info.KernelW * inCount : inCount;
        for (int run = 0; run < runs; run++)
        for (int row = 0; row < runRows; row += WeightGradientProduct.Rows)
        {
            int rows = Math.Min(WeightGradientProduct.Rows, runRows - row);
            for (int r = 0; r < rows; r++)
            {
                int index = run * inCount + row + r, kx = index / inCount, i = index % inCount;
                cRows[r] = Tile(g, ky * Info.KernelW + kx, o0) + (i0 + i) * _outPadded;
            }
            WeightGradientProduct.Accumulate(chunk.X, xAt + run * Info.DilationW * inCount + row, Info.StrideW * inCount, count, chunk.Dy, 0, columns, _packedGradient!, cRows[..rows], columns);
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
