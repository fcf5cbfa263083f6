using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CnnDsl.Training;

/// <summary>
/// Depthwise convolution (multiplier 1; dilation, non-square kernels and per-axis strides), NHWC, vectorized over
/// channels with the accumulators in registers across the taps: weights repacked from [C, 1, kH, kW] to [kH][kW][C].
/// Forward per image and output row: y[pixel, c] = bias[c] + sum over taps of x[in pixel, c] w[tap, c].
/// Input gradient per image and input row, gathered: dx[in pixel, c] += sum over the taps that reach it of dy[pixel, c] w[tap, c].
/// Weight and bias gradients: per-image partial sums (over output rows, each tap's row sum kept in a register) added
/// in image order.
/// </summary>
internal sealed class DepthwiseConvolutionKernel : OperationKernel
{
    private readonly Parameter _weight;
    private readonly Parameter? _bias;
    private readonly float[] _packed;
    private readonly float[] _packedGradient;
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
        _packed = new float[_weight.Values.Length];
        _packedGradient = new float[_weight.Trainable ? _packed.Length : 0];
    }

    public override void Allocate(int capacity)
    {
        if (_weight.Trainable) _weightPartial = new float[capacity * _packed.Length];
        if (_bias is { Trainable: true }) _biasPartial = new float[capacity * _channels];
    }

    public override void Prepare()
    {
        for (int c = 0; c < _channels; c++)
        for (int t = 0; t < _taps; t++)
            _packed[t * _channels + c] = _weight.Values[c * _taps + t];
    }

    public override void Forward() => Parallel(0, Batch * Info.Output.Height);

    public override void Backward()
    {
        bool weight = _weight.Trainable, bias = _bias is { Trainable: true };
        if (InputGradient(0) is not null) Parallel(1, Batch * Info.Input.Height);
        if (!weight && !bias) return;
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
            case 0: ForwardRow(item / Info.Output.Height, item % Info.Output.Height); return;
            case 1: InputGradientRow(item / Info.Input.Height, item % Info.Input.Height); return;
            default: ParameterPartials(item); return;
        }
    }

    private void ForwardRow(int n, int oy)
    {
        var (inH, inW, outW) = (Info.Input.Height, Info.Input.Width, Info.Output.Width);
        Span<int> taps = stackalloc int[_taps], pixels = stackalloc int[_taps];
        float[] x = Input(0), y = Node.Core;
        for (int ox = 0; ox < outW; ox++)
        {
            int count = 0;
            for (int ky = 0; ky < Info.KernelH; ky++)
            {
                int iy = oy * Info.StrideH - Info.PadTop + ky * Info.DilationH;
                if (iy < 0 || iy >= inH) continue;
                for (int kx = 0; kx < Info.KernelW; kx++)
                {
                    int ix = ox * Info.StrideW - Info.PadLeft + kx * Info.DilationW;
                    if (ix < 0 || ix >= inW) continue;
                    taps[count] = (ky * Info.KernelW + kx) * _channels;
                    pixels[count++] = ((n * inH + iy) * inW + ix) * _channels;
                }
            }
            int at = ((n * Info.Output.Height + oy) * outW + ox) * _channels;
            if (_bias is null) y.AsSpan(at, _channels).Clear();
            else _bias.Values.AsSpan().CopyTo(y.AsSpan(at, _channels));
            SumOfProducts(x, pixels[..count], _packed, taps[..count], y, at);
        }
    }

    private void InputGradientRow(int n, int iy)
    {
        var (inW, outH, outW) = (Info.Input.Width, Info.Output.Height, Info.Output.Width);
        Span<int> taps = stackalloc int[_taps], pixels = stackalloc int[_taps];
        float[] dx = InputGradient(0)!, dy = Node.OutputGradient!;
        for (int ix = 0; ix < inW; ix++)
        {
            int count = ConvolutionWindow.Reaching(Info, iy, ix, taps, pixels);
            for (int k = 0; k < count; k++)
            {
                taps[k] *= _channels;
                pixels[k] = (n * outH * outW + pixels[k]) * _channels;
            }
            SumOfProducts(dy, pixels[..count], _packed, taps[..count], dx, ((n * Info.Input.Height + iy) * inW + ix) * _channels);
        }
    }

    /// <summary>destination[at + c] += sum over k of a[aRows[k] + c] * b[bRows[k] + c], for every channel, in increasing k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SumOfProducts(float[] a, ReadOnlySpan<int> aRows, float[] b, ReadOnlySpan<int> bRows, float[] destination, int at)
    {
        int width = Vector<float>.Count, c = 0;
        var aSpan = a.AsSpan();
        var bSpan = b.AsSpan();
        var dSpan = destination.AsSpan(at, _channels);
        for (; c + width <= _channels; c += width)
        {
            var acc = new Vector<float>(dSpan.Slice(c));
            for (int k = 0; k < aRows.Length; k++)
                acc += new Vector<float>(aSpan.Slice(aRows[k] + c, width)) * new Vector<float>(bSpan.Slice(bRows[k] + c, width));
            acc.CopyTo(dSpan.Slice(c));
        }
        for (; c < _channels; c++)
        {
            float acc = dSpan[c];
            for (int k = 0; k < aRows.Length; k++) acc += a[aRows[k] + c] * b[bRows[k] + c];
            dSpan[c] = acc;
        }
    }

    /// <summary>Image <paramref name="n"/>'s weight gradient (per tap: sum over output rows of each row's sum in registers) and bias gradient.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ParameterPartials(int n)
    {
        var (inH, inW, outH, outW) = (Info.Input.Height, Info.Input.Width, Info.Output.Height, Info.Output.Width);
        float[] x = Input(0), dy = Node.OutputGradient!;
        if (_bias is { Trainable: true })
        {
            var db = Image(_biasPartial, n, _channels);
            db.Clear();
            for (int p = 0; p < outH * outW; p++) System.Numerics.Tensors.TensorPrimitives.Add(db, dy.AsSpan((n * outH * outW + p) * _channels, _channels), db);
        }
        if (!_weight.Trainable) return;
        var dw = Image(_weightPartial, n, _packed.Length);
        dw.Clear();
        int width = Vector<float>.Count;
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
                var dwTap = dw.Slice((ky * Info.KernelW + kx) * _channels, _channels);
                int xRow = ((n * inH + iy) * inW + first * Info.StrideW + offset) * _channels, xStep = Info.StrideW * _channels;
                int dyRow = ((n * outH + oy) * outW + first) * _channels;
                int c = 0;
                for (; c + width <= _channels; c += width)
                {
                    var acc = Vector<float>.Zero;
                    for (int ox = 0; ox < last - first; ox++)
                        acc += new Vector<float>(x.AsSpan(xRow + ox * xStep + c, width)) * new Vector<float>(dy.AsSpan(dyRow + ox * _channels + c, width));
                    (new Vector<float>(dwTap.Slice(c)) + acc).CopyTo(dwTap.Slice(c));
                }
                for (; c < _channels; c++)
                {
                    float acc = 0;
                    for (int ox = 0; ox < last - first; ox++) acc += x[xRow + ox * xStep + c] * dy[dyRow + ox * _channels + c];
                    dwTap[c] += acc;
                }
            }
        }
    }
}
