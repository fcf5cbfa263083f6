using System;
using System.Numerics.Tensors;

namespace CnnDsl.Training;

/// <summary>
/// Standard convolution, NHWC. The weights are repacked from OIHW to [kH][kW][I][O] (and [kH][kW][O][I] for backward)
/// each pass so that every input value multiplies a contiguous row of output channels (vectorized over O; see
/// <see cref="VectorRows"/>). Forward: per output row, y[pixel, :] += sum over i of x[in pixel, i] * w[ky, kx, i, :].
/// Backward: dx[in pixel, :] += sum over o of dy[pixel, o] * w[ky, kx, o, :] per image; dw[ky, kx, i, :] = sum over
/// images and pixels of x[in pixel, i] * dy[pixel, :], one item per tap and input channel (each item sums in a fixed
/// order); dbias from per-image partial sums added in image order.
/// </summary>
internal sealed class ConvolutionKernel : OperationKernel
{
    private readonly Parameter _weight;
    private readonly Parameter? _bias;
    private readonly float[] _packed;
    private readonly float[] _transposed;
    private readonly float[]? _packedGradient;
    private float[] _biasPartial = Array.Empty<float>();
    private readonly int _inC, _outC, _taps;

    public ConvolutionKernel(KernelSetup setup) : base(setup)
    {
        _weight = setup.Parameter(Info.Name + ".weight");
        _bias = Info.Bias ? setup.Parameter(Info.Name + ".bias") : null;
        _inC = Info.Input.Channels;
        _outC = Info.Output.Channels;
        _taps = Info.KernelH * Info.KernelW;
        _packed = new float[_weight.Values.Length];
        _transposed = new float[_packed.Length];
        _packedGradient = _weight.Trainable ? new float[_packed.Length] : null;
    }

    public override void Allocate(int capacity)
    {
        if (_bias is { Trainable: true }) _biasPartial = new float[capacity * _outC];
    }

    public override void Prepare()
    {
        float[] w = _weight.Values;
        for (int o = 0; o < _outC; o++)
        for (int i = 0; i < _inC; i++)
        for (int t = 0; t < _taps; t++)
        {
            _packed[(t * _inC + i) * _outC + o] = w[(o * _inC + i) * _taps + t];
            _transposed[(t * _outC + o) * _inC + i] = w[(o * _inC + i) * _taps + t];
        }
    }

    public override void Forward() => Parallel(0, Batch * Info.Output.Height);

    public override void Backward()
    {
        if (InputGradient(0) is not null) Parallel(1, Batch);
        if (_packedGradient is not null)
        {
            Parallel(2, _taps * _inC);
            float[] g = _weight.Gradient!;
            for (int o = 0; o < _outC; o++)
            for (int i = 0; i < _inC; i++)
            for (int t = 0; t < _taps; t++)
                g[(o * _inC + i) * _taps + t] = _packedGradient[(t * _inC + i) * _outC + o];
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
            case 1: InputGradientOfImage(item); return;
            case 2: WeightGradient(item / _inC, item % _inC); return;
            default: BiasPartial(item); return;
        }
    }

    private void ForwardRow(int n, int oy)
    {
        var (inH, inW, outW) = (Info.Input.Height, Info.Input.Width, Info.Output.Width);
        float[] x = Input(0);
        for (int ox = 0; ox < outW; ox++)
        {
            var acc = Node.Core.AsSpan(((n * Info.Output.Height + oy) * outW + ox) * _outC, _outC);
            if (_bias is null) acc.Clear();
            else _bias.Values.AsSpan().CopyTo(acc);
            for (int ky = 0; ky < Info.KernelH; ky++)
            {
                int iy = oy * Info.StrideH - Info.PadTop + ky;
                if (iy < 0 || iy >= inH) continue;
                for (int kx = 0; kx < Info.KernelW; kx++)
                {
                    int ix = ox * Info.StrideW - Info.PadLeft + kx;
                    if (ix < 0 || ix >= inW) continue;
                    int tap = ky * Info.KernelW + kx;
                    VectorRows.MultiplyAccumulate(x.AsSpan(((n * inH + iy) * inW + ix) * _inC, _inC), _packed.AsSpan(tap * _inC * _outC, _inC * _outC), acc);
                }
            }
        }
    }

    private void InputGradientOfImage(int n)
    {
        var (inH, inW, outH, outW) = (Info.Input.Height, Info.Input.Width, Info.Output.Height, Info.Output.Width);
        float[] dx = InputGradient(0)!;
        float[] dy = Node.OutputGradient!;
        for (int oy = 0; oy < outH; oy++)
        for (int ox = 0; ox < outW; ox++)
        {
            var dyRow = dy.AsSpan(((n * outH + oy) * outW + ox) * _outC, _outC);
            for (int ky = 0; ky < Info.KernelH; ky++)
            {
                int iy = oy * Info.StrideH - Info.PadTop + ky;
                if (iy < 0 || iy >= inH) continue;
                for (int kx = 0; kx < Info.KernelW; kx++)
                {
                    int ix = ox * Info.StrideW - Info.PadLeft + kx;
                    if (ix < 0 || ix >= inW) continue;
                    int tap = ky * Info.KernelW + kx;
                    VectorRows.MultiplyAccumulate(dyRow, _transposed.AsSpan(tap * _outC * _inC, _outC * _inC), dx.AsSpan(((n * inH + iy) * inW + ix) * _inC, _inC));
                }
            }
        }
    }

    /// <summary>dw[tap, i, :] = sum over images and output rows of x[in pixels of the row, i] (gathered) times the row's dy block.</summary>
    private void WeightGradient(int tap, int i)
    {
        var (inH, inW, outH, outW) = (Info.Input.Height, Info.Input.Width, Info.Output.Height, Info.Output.Width);
        int ky = tap / Info.KernelW, kx = tap % Info.KernelW;
        var dw = _packedGradient.AsSpan((tap * _inC + i) * _outC, _outC);
        dw.Clear();
        // The output columns whose input column lies inside the image: a contiguous range.
        int first = 0, last = outW;
        while (first < outW && first * Info.StrideW - Info.PadLeft + kx < 0) first++;
        while (last > first && (last - 1) * Info.StrideW - Info.PadLeft + kx >= inW) last--;
        if (first >= last) return;
        Span<float> column = stackalloc float[last - first];
        float[] x = Input(0);
        float[] dy = Node.OutputGradient!;
        for (int n = 0; n < Batch; n++)
        for (int oy = 0; oy < outH; oy++)
        {
            int iy = oy * Info.StrideH - Info.PadTop + ky;
            if (iy < 0 || iy >= inH) continue;
            for (int ox = first; ox < last; ox++)
                column[ox - first] = x[((n * inH + iy) * inW + ox * Info.StrideW - Info.PadLeft + kx) * _inC + i];
            VectorRows.MultiplyAccumulate(column, dy.AsSpan(((n * outH + oy) * outW + first) * _outC, (last - first) * _outC), dw);
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
