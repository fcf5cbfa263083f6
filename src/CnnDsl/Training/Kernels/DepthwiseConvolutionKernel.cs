using System;

namespace CnnDsl.Training;

/// <summary>
/// Depthwise convolution (multiplier 1; dilation, non-square kernels and per-axis strides), NHWC, vectorized over
/// channels with the accumulators in registers across the taps (<see cref="ChannelProducts"/>): weights repacked from
/// [C, 1, kH, kW] to [kH][kW][C].
/// Forward per image and output row (<see cref="DepthwiseRow"/>): y[pixel, c] = bias[c] + sum over taps of x[in pixel, c] w[tap, c],
/// then the node's activation on the row while it is in cache when it runs in place.
/// Input gradient per image and input row, gathered: dx[in pixel, c] += sum over the taps that reach it of dy[pixel, c] w[tap, c]
/// (= when this node is the gradient's first writer). Pixels of a row that read the same taps one step further on
/// each (a row's inner pixels; at stride s, every s-th input column) make one call. At stride 1, as first writer and
/// with pads no wider than the kernel's reach, the input gradient is itself a depthwise convolution: dy correlated
/// with the flipped kernel over the pads (k - 1) d - pad, run by <see cref="DepthwiseRow"/> in its tiles.
/// Weight and bias gradients: per-image partial sums (for each output row and tap, the row's products summed in
/// registers) added in image order.
/// A generated network runs the forward, the input gradient (at stride 1) and the weight gradient on its generated
/// training layer (<see cref="DepthwiseTraining{TShape}"/>: its geometry constant), one image per item (the weight
/// gradient: eight parts of the batch, added in order); the bias gradient stays here.
/// </summary>
internal sealed class DepthwiseConvolutionKernel : OperationKernel
{
    private readonly Parameter _weight;
    private readonly Parameter? _bias;
    /// <summary>The node's generated forward (and input gradient, where it has one), or null where this kernel runs them.</summary>
    private readonly TrainingLayer? _layer;
    private readonly float[] _packed;
    /// <summary>The packed kernel rotated by 180 degrees, for the input gradient as a convolution (empty when it is not one).</summary>
    private readonly float[] _flipped;
    /// <summary>The input gradient's geometry as a convolution of dy, or null where it is gathered tap by tap.</summary>
    private readonly NodeInfo? _transposed;
    private readonly float[] _packedGradient;
    private readonly float[] _zeros;
    private readonly float[] _ones;
    private float[] _weightPartial = Array.Empty<float>();
    private float[] _biasPartial = Array.Empty<float>();
    private readonly int _channels, _taps;

    public DepthwiseConvolutionKernel(KernelSetup setup) : base(setup)
    {
        _weight = setup.Parameter(Info.Name + ".weight");
        _bias = Info.Bias ? setup.Parameter(Info.Name + ".bias") : null;
        _channels = Info.Input.Channels;
        _taps = Info.KernelH * Info.KernelW;
        if (Info.Output.Channels != _channels || _weight.Values.Length != _channels * _taps)
            throw new ArgumentException($"Depthwise convolution '{Info.Name}' keeps its {_channels} channels with one {Info.KernelH}x{Info.KernelW} kernel each; its output has {Info.Output.Channels} channels and its weight {_weight.Values.Length} values.");
        _layer = setup.Layer;
        _packed = new float[_weight.Values.Length];
        _packedGradient = new float[_weight.Trainable && !LayerWeightGradient ? _packed.Length : 0];
        _transposed = Transposed(Info);
        _flipped = new float[_transposed is null ? 0 : _packed.Length];
        _zeros = new float[_channels];
        _ones = new float[_channels];
        Array.Fill(_ones, 1f);
    }

    public override void Allocate(int capacity)
    {
        if (_weight.Trainable && !LayerWeightGradient) _weightPartial = new float[capacity * _packed.Length];
        if (_bias is { Trainable: true }) _biasPartial = new float[capacity * _channels];
    }

    public override void Prepare()
    {
        _layer?.Pack(_weight.Values, _bias?.Values);
        if (GeneratedInputGradient) return; // the layer runs the forward and the input gradient: nothing here reads packed weights
        for (int c = 0; c < _channels; c++)
        for (int t = 0; t < _taps; t++)
            _packed[t * _channels + c] = _weight.Values[c * _taps + t];
        if (_flipped.Length == 0) return;
        for (int t = 0; t < _taps; t++) Array.Copy(_packed, t * _channels, _flipped, (_taps - 1 - t) * _channels, _channels);
    }

    /// <summary>
    /// At stride 1, dx[iy, ix] = sum over (ky, kx) of dy[iy + pad - ky d, ix + pad - kx d] w[ky, kx]: a convolution of dy
    /// with the flipped kernel and the pads (k - 1) d - pad on each side, from dy's shape to x's. Null at other strides
    /// or when a pad reaches past the kernel (the flipped pad would be negative).
    /// </summary>
    private static NodeInfo? Transposed(NodeInfo info)
    {
        if (info.StrideH != 1 || info.StrideW != 1) return null;
        int spanH = (info.KernelH - 1) * info.DilationH, spanW = (info.KernelW - 1) * info.DilationW;
        var transposed = info with
        {
            Input = info.Output, Output = info.Input,
            PadTop = spanH - info.PadTop, PadBottom = spanH - info.PadBottom, PadLeft = spanW - info.PadLeft, PadRight = spanW - info.PadRight,
        };
        return transposed.PadTop < 0 || transposed.PadBottom < 0 || transposed.PadLeft < 0 || transposed.PadRight < 0 ? null : transposed;
    }

    public override void Forward() => Parallel(0, _layer is null ? Batch * Info.Output.Height : Batch);

    /// <summary>Each forward item is one output row, whole positions (or, on the generated layer, one image).</summary>
    public override bool AppliesActivation => true;

    /// <summary>The gathered input gradient visits every input pixel: it can start from zero rather than from the buffer.</summary>
    public override bool CanOverwriteInputGradient(int k) => true;

    public override void Backward()
    {
        bool weight = _weight.Trainable, bias = _bias is { Trainable: true };
        if (InputGradient(0) is not null) Parallel(1, GeneratedInputGradient ? Batch : Batch * Info.Input.Height);
        if (!weight && !bias) return;
        if (weight && LayerWeightGradient)
        {
            _layer!.PrepareWeightGradient();
            Parallel(2, _layer.WeightGradientItems);
            _layer.SumWeightGradient(_weight.Gradient!);
            if (!bias) return;
            Parallel(3, Batch);
            SumInImageOrder(_biasPartial, _channels, _bias!.Gradient!);
            return;
        }
        Parallel(2, Batch);
        if (weight)
        {
            SumInImageOrder(_weightPartial, _packed.Length, _packedGradient);
            for (int c = 0; c < _channels; c++)
            for (int t = 0; t < _taps; t++)
                _weight.Gradient![c * _taps + t] = _packedGradient[t * _channels + c];
        }
        if (bias) SumInImageOrder(_biasPartial, _channels, _bias!.Gradient!);
    }

    protected override void Execute(int phase, int item)
    {
        switch (phase)
        {
            case 0 when _layer is not null: LayerForward(item); return;
            case 1 when GeneratedInputGradient: _layer!.InputGradient(Node.OutputGradient!, InputGradient(0)!, item, Overwrites(0)); return;
            case 2 when LayerWeightGradient: _layer!.WeightGradient(Input(0), Node.OutputGradient!, Batch, item); return;
            case 3: BiasPartial(item); return;
            case 0: ForwardRow(item / Info.Output.Height, item % Info.Output.Height); return;
            case 1: InputGradientRow(item / Info.Input.Height, item % Info.Input.Height); return;
            default: ParameterPartials(item); return;
        }
    }

    private bool GeneratedInputGradient => _layer is { HasInputGradient: true };

    /// <summary>Whether the generated layer computes the weight gradient (the bias gradient stays here).</summary>
    private bool LayerWeightGradient => _layer is { HasWeightGradient: true } && _weight.Trainable;

    /// <summary>Image <paramref name="n"/>'s forward on the generated layer, then the node's activation over it while it is in cache.</summary>
    private void LayerForward(int n)
    {
        _layer!.Forward(Input(0), Node.Core, n);
        if (Node.FusedActivation is not { } activation) return;
        var image = Image(Node.Core, n, Info.Output.Length);
        activation.Apply(image, image);
    }

    private void ForwardRow(int n, int oy)
    {
        DepthwiseRow.Forward(Info, Input(0), n, oy, _packed, _bias?.Values ?? _zeros, Node.Core);
        if (Node.FusedActivation is not { } activation) return;
        int length = Info.Output.Width * _channels;
        var row = Node.Core.AsSpan((n * Info.Output.Height + oy) * length, length);
        activation.Apply(row, row); // while the row is in the first-level cache
    }

    private void InputGradientRow(int n, int iy)
    {
        if (_transposed is not null && Overwrites(0))
        {
            DepthwiseRow.Forward(_transposed, Node.OutputGradient!, n, iy, _flipped, _zeros, InputGradient(0)!);
            return;
        }
        var (inW, outH, outW) = (Info.Input.Width, Info.Output.Height, Info.Output.Width);
        var run = new TapRun(stackalloc int[_taps], stackalloc int[_taps], stackalloc int[_taps], stackalloc int[_taps]);
        float[] dx = InputGradient(0)!, dy = Node.OutputGradient!;
        int rowPixel = (n * Info.Input.Height + iy) * inW, step = Info.StrideW;
        // Columns a stride apart see the same taps, one output pixel further on: take them in runs, column class by class.
        for (int phase = 0; phase < Math.Min(step, inW); phase++)
        {
            int first = phase;
            for (int ix = phase; ix < inW; ix += step)
            {
                Span<int> taps = run.NextTaps, pixels = run.NextPixels;
                int count = ConvolutionWindow.Reaching(Info, iy, ix, taps, pixels);
                for (int k = 0; k < count; k++)
                {
                    taps[k] *= _channels;
                    pixels[k] = (n * outH * outW + pixels[k]) * _channels;
                }
                if (run.Extends(count, _channels)) continue;
                FlushInputGradient(ref run, dy, dx, rowPixel + first, step);
                run.Start(count);
                first = ix;
            }
            FlushInputGradient(ref run, dy, dx, rowPixel + first, step);
            run.Clear();
        }
    }

    private void FlushInputGradient(ref TapRun run, float[] dy, float[] dx, int pixel, int step)
    {
        if (run.Length == 0) return;
        int at = pixel * _channels;
        if (Overwrites(0)) ChannelProducts.Sum(dy, run.Pixels, _channels, _packed, run.Taps, _zeros, 0, 0, dx, at, step * _channels, run.Length, _channels);
        else ChannelProducts.Sum(dy, run.Pixels, _channels, _packed, run.Taps, dx, at, step * _channels, dx, at, step * _channels, run.Length, _channels);
    }

    /// <summary>
    /// Pixels in a row that read the same taps, each one step further along the input than the one before (the inner
    /// pixels of a row): one <see cref="ChannelProducts.Sum"/> call serves them all. The next pixel's taps
    /// go into <see cref="NextTaps"/> and <see cref="NextPixels"/>; <see cref="Extends"/> says whether that pixel joins the run; otherwise the caller
    /// flushes the run and <see cref="Start"/>s a new one with that pixel.
    /// </summary>
    private ref struct TapRun
    {
        private Span<int> _taps, _pixels, _nextTaps, _nextPixels;
        private int _count;

        public TapRun(Span<int> taps, Span<int> pixels, Span<int> nextTaps, Span<int> nextPixels)
        {
            _taps = taps;
            _pixels = pixels;
            _nextTaps = nextTaps;
            _nextPixels = nextPixels;
        }

        /// <summary>Pixels in the run.</summary>
        public int Length { get; private set; }

        /// <summary>The run's taps (offsets into the packed weights).</summary>
        public readonly ReadOnlySpan<int> Taps => _taps[.._count];

        /// <summary>The run's first pixel's inputs, one per tap.</summary>
        public readonly ReadOnlySpan<int> Pixels => _pixels[.._count];

        /// <summary>Where the next pixel's taps go.</summary>
        public readonly Span<int> NextTaps => _nextTaps;

        /// <summary>Where the next pixel's inputs go, one per tap.</summary>
        public readonly Span<int> NextPixels => _nextPixels;

        /// <summary>Whether the next pixel (its <paramref name="count"/> taps written) reads the run's taps, <paramref name="step"/> further on.</summary>
        public bool Extends(int count, int step)
        {
            if (Length == 0 || count != _count) return false;
            int shift = Length * step;
            for (int k = 0; k < count; k++)
                if (_nextTaps[k] != _taps[k] || _nextPixels[k] != _pixels[k] + shift) return false;
            Length++;
            return true;
        }

        /// <summary>Starts a run with the next pixel.</summary>
        public void Start(int count)
        {
            var taps = _taps;
            _taps = _nextTaps;
            _nextTaps = taps;
            var pixels = _pixels;
            _pixels = _nextPixels;
            _nextPixels = pixels;
            _count = count;
            Length = 1;
        }

        public void Clear() => Length = 0;
    }

    /// <summary>Image <paramref name="n"/>'s bias gradient: each position's dy times 1 (exact, so the plain sum over positions, vectorized).</summary>
    private void BiasPartial(int n)
    {
        int positions = Info.Output.Height * Info.Output.Width;
        Image(_biasPartial, n, _channels).Clear();
        ChannelProducts.Along(Node.OutputGradient!, n * positions * _channels, _channels, _ones, 0, 0, positions, _biasPartial, n * _channels, _channels);
    }

    /// <summary>Image <paramref name="n"/>'s weight gradient (per tap, output row by output row) and bias gradient.</summary>
    private void ParameterPartials(int n)
    {
        var (inH, inW, outH, outW) = (Info.Input.Height, Info.Input.Width, Info.Output.Height, Info.Output.Width);
        float[] x = Input(0), dy = Node.OutputGradient!;
        if (_bias is { Trainable: true }) BiasPartial(n);
        if (!_weight.Trainable) return;
        Image(_weightPartial, n, _packed.Length).Clear();
        for (int oy = 0; oy < outH; oy++)
        for (int ky = 0; ky < Info.KernelH; ky++)
        {
            int iy = oy * Info.StrideH - Info.PadTop + ky * Info.DilationH;
            if (iy < 0 || iy >= inH) continue;
            for (int kx = 0; kx < Info.KernelW; kx++)
            {
                int offset = kx * Info.DilationW - Info.PadLeft;
                var (first, last) = ConvolutionWindow.Inside(offset, Info.StrideW, outW, inW);
                if (first >= last) continue;
                int xRow = ((n * inH + iy) * inW + first * Info.StrideW + offset) * _channels;
                int dyRow = ((n * outH + oy) * outW + first) * _channels;
                int tap = n * _packed.Length + (ky * Info.KernelW + kx) * _channels;
                ChannelProducts.Along(x, xRow, Info.StrideW * _channels, dy, dyRow, _channels, last - first, _weightPartial, tap, _channels);
            }
        }
    }
}
