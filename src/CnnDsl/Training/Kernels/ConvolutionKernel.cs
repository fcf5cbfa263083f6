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
/// Input gradient on <see cref="DirectInputGradient{TGeometry}"/>, per block of images and group of input rows (gathered,
/// so items write disjoint rows in a fixed order): dx[in pixel, i] += dy[pixel, o] . w[tap, o, i] over the taps that
/// reach it, tap by tap and depth chunk by chunk.
/// Weight gradient: a pointwise convolution's over the whole batch read in place in strided products, one item per
/// group and block of inputs and outputs; any other's on <see cref="DirectWeightGradient{TGeometry}"/> (chunks of row
/// segments packed into scratch and read by every tap of a kernel row); bias from per-image partial sums added in image order.
/// A 3x3 stride-1 ungrouped convolution with 32 channels or more in and out runs its forward and input gradient by
/// Winograd F(2x2, 3x3) instead (<see cref="WinogradPass"/>, outputs of 8 or more a side) and its weight gradient by
/// F(3x3, 2x2) (<see cref="WinogradWeightGradient{TGeometry}"/>, any size).
/// In a generated network, a convolution that inference runs on its register-tiled kernel runs its forward and weight
/// gradient there too (<see cref="ConvolutionTraining{TShape}"/>, where the output rows are 7 columns or more; narrower
/// ones run here over the whole batch) and its input gradient (the same items as here, the layer's sizes constant),
/// and a pointwise one its input gradient as well (<see cref="PointwiseTraining{TShape}"/>): the generated training
/// layer, its geometry constant, one image per item (a pointwise weight gradient: half of the batch per item, the
/// halves' sums added in order; another: the same items as here). One that inference runs by Winograd (F(2x2,3x3), F(4x4,3x3), F(2x2,5x5), F(4,7)) runs its forward and
/// input gradient on that kernel and tile (<see cref="WinogradTraining{TShape}"/>, any pads, where the output has 16
/// tiles or more per image; fewer run here over the whole batch), and its weight gradient there too, its sizes constant
/// (F(3x3, 2x2) for a 3x3 one, the direct algorithm for a 5x5 or line kernel).
/// </summary>
internal sealed class ConvolutionKernel : OperationKernel
{
    private const int ChannelBlock = 64;
    /// <summary>Depth (input values, or output channels for the input gradient) per product in the forward and input gradient: 128 x 64 weights, 32 KB.</summary>
    private const int DepthChunk = 128;
    private const int GatherChunk = 256;
    /// <summary>The fewest pixels (per image) a forward or input-gradient item takes, in whole rows.</summary>
    private const int PixelsPerItem = 64;
    [ThreadStatic] private static float[]? t_transposedTile;
    private readonly Parameter _weight;
    private readonly Parameter? _bias;
    /// <summary>The node's generated forward and input gradient, or null where this kernel runs them.</summary>
    private readonly TrainingLayer? _layer;
    private readonly float[] _packed;
    /// <summary>The gathered input gradient, when this kernel computes it (neither Winograd nor the generated layer).</summary>
    private readonly DirectInputGradient<NodeGeometry>? _directInput;
    private readonly WinogradPass? _winograd;
    private readonly WinogradWeightGradient<NodeGeometry>? _winogradGradient;
    /// <summary>The direct weight gradient (neither Winograd nor a whole-batch pointwise one), when this kernel computes it.</summary>
    private readonly DirectWeightGradient<NodeGeometry>? _directGradient;
    private readonly Action? _prepareWinograd, _prepareWinogradGradient, _packLayer, _packLayerGradient;
    private readonly float[]? _packedGradient;
    private float[] _biasPartial = Array.Empty<float>();
    private readonly int _inC, _outC, _groups, _groupIn, _groupOut, _taps, _outPadded, _outBlocks, _inBlocks;
    private readonly int _forwardRows;
    private readonly bool _contiguousRows;
    private readonly bool _wholeBatchPositions;
    /// <summary>A 1x1 unpadded convolution: every output's one tap is inside, so its first depth chunk starts from the bias (no pass writing the bias first).</summary>
    private readonly bool _startsFromBias;

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
        _directInput = _winograd is null && !LayerInputGradient ? new DirectInputGradient<NodeGeometry>(new NodeGeometry(Info)) : null;
        _packedGradient = _weight.Trainable && !LayerWeightGradient ? new float[_groups * _taps * _groupIn * _outPadded] : null;
        // Winograd's shape (CnnDsl.Model.WinogradShape), any padding.
        _winogradGradient = _weight.Trainable && !LayerWeightGradient
            && CnnDsl.Model.WinogradShape.Fits(Info.KernelH, Info.KernelW, Info.StrideH, Info.StrideW, Info.DilationH, Info.DilationW, Info.Groups, _inC, _outC)
            ? new WinogradWeightGradient<NodeGeometry>(new NodeGeometry(Info)) : null;
        _contiguousRows = _groups == 1 && Info.DilationW == 1;
        _forwardRows = RowsPerItem(Info.Output.Height, Info.Output.Width);
        _inBlocks = (_groupIn + ChannelBlock - 1) / ChannelBlock;
        _wholeBatchPositions = Info.KernelH == 1 && Info.KernelW == 1 && Info.StrideH == 1 && Info.StrideW == 1 && Info.PadTop == 0 && Info.PadLeft == 0
            && Info.Input.Height == Info.Output.Height && Info.Input.Width == Info.Output.Width;
        // Made whatever the weight's training: it refuses a kernel too wide for its scratch.
        var direct = _wholeBatchPositions ? null : new DirectWeightGradient<NodeGeometry>(new NodeGeometry(Info), Info.Name);
        _directGradient = _packedGradient is not null && _winogradGradient is null ? direct : null;
        _startsFromBias = Info.KernelH == 1 && Info.KernelW == 1 && Info.PadTop == 0 && Info.PadLeft == 0
            && (Info.Output.Height - 1) * Info.StrideH < Info.Input.Height && (Info.Output.Width - 1) * Info.StrideW < Info.Input.Width;
    }

    private static int Blocks(int count, int block) => (count + block - 1) / block;

    /// <summary>Parts of <paramref name="rows"/> rows a height splits into.</summary>
    private static int Parts(int height, int rows) => Blocks(height, rows);

    /// <summary>
    /// Rows per forward item for images <paramref name="width"/> wide: at least
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
        _directInput!.Pack(w);
        if (_layer is not null) return;
        for (int g = 0; g < _groups; g++)
        for (int o = 0; o < _groupOut; o++)
        for (int i = 0; i < _groupIn; i++)
        for (int t = 0; t < _taps; t++)
            _packed[(((g * _outBlocks + o / ChannelBlock) * _taps + t) * _groupIn + i) * ChannelBlock + o % ChannelBlock] = w[((g * _groupOut + o) * _groupIn + i) * _taps + t];
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
            Parallel(1, LayerInputGradient ? _layer!.InputGradientItems(Batch) : _winograd?.InputGradientItems(Batch) ?? _directInput!.Items(Batch));
        }
        if (_weight.Trainable && LayerWeightGradient)
        {
            _layer!.PrepareWeightGradient();
            Parallel(2, _layer.WeightGradientItems);
            _layer.SumWeightGradient(_weight.Gradient!);
        }
        if (_packedGradient is not null)
        {
            Parallel(2, _winogradGradient?.Items ?? _directGradient?.Items ?? _groups * _outBlocks * _inBlocks);
            PackedGradient.Unpack(_packedGradient, _weight.Gradient!, _groups, _groupOut, _groupIn, _taps, _outPadded);
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
            case 1 when LayerInputGradient: _layer!.InputGradient(Node.OutputGradient!, InputGradient(0)!, Batch, item, Overwrites(0)); return;
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
            case 1: _directInput!.Run(Node.OutputGradient!, InputGradient(0)!, Batch, item, Overwrites(0)); return;
            case 2 when _directGradient is not null: _directGradient.Run(Input(0), Node.OutputGradient!, Batch, item, _packedGradient!); return;
            case 2: PointwiseWeightGradient(item / (_outBlocks * _inBlocks), item / _inBlocks % _outBlocks, item % _inBlocks); return;
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
