using System;
using System.Numerics.Tensors;

namespace CnnDsl.Training;

/// <summary>
/// Depthwise convolution (multiplier 1), NHWC, vectorized over channels: weights repacked from [C, 1, kH, kW] to
/// [kH][kW][C]. Forward: y[pixel, :] += x[in pixel, :] * w[tap, :]. Backward per image: dx[in pixel, :] += dy[pixel, :] * w[tap, :],
/// and per-image partial weight and bias gradients added in image order.
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
        if (InputGradient(0) is null && !weight && !bias) return;
        Parallel(1, Batch);
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
        if (phase == 0) ForwardRow(item / Info.Output.Height, item % Info.Output.Height);
        else BackwardImage(item);
    }

    private void ForwardRow(int n, int oy)
    {
        var (inH, inW, outW) = (Info.Input.Height, Info.Input.Width, Info.Output.Width);
        float[] x = Input(0);
        for (int ox = 0; ox < outW; ox++)
        {
            var acc = Node.Core.AsSpan(((n * Info.Output.Height + oy) * outW + ox) * _channels, _channels);
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
                    var xRow = x.AsSpan(((n * inH + iy) * inW + ix) * _channels, _channels);
                    TensorPrimitives.MultiplyAdd(xRow, _packed.AsSpan((ky * Info.KernelW + kx) * _channels, _channels), acc, acc);
                }
            }
        }
    }

    private void BackwardImage(int n)
    {
        var (inH, inW, outH, outW) = (Info.Input.Height, Info.Input.Width, Info.Output.Height, Info.Output.Width);
        float[] x = Input(0);
        float[]? dx = InputGradient(0);
        float[] dy = Node.OutputGradient!;
        var dw = _weight.Trainable ? Image(_weightPartial, n, _packed.Length) : default;
        dw.Clear();
        if (_bias is { Trainable: true })
        {
            var db = Image(_biasPartial, n, _channels);
            db.Clear();
            for (int p = 0; p < outH * outW; p++) TensorPrimitives.Add(db, dy.AsSpan((n * outH * outW + p) * _channels, _channels), db);
        }
        for (int oy = 0; oy < outH; oy++)
        for (int ox = 0; ox < outW; ox++)
        {
            var dyRow = dy.AsSpan(((n * outH + oy) * outW + ox) * _channels, _channels);
            for (int ky = 0; ky < Info.KernelH; ky++)
            {
                int iy = oy * Info.StrideH - Info.PadTop + ky;
                if (iy < 0 || iy >= inH) continue;
                for (int kx = 0; kx < Info.KernelW; kx++)
                {
                    int ix = ox * Info.StrideW - Info.PadLeft + kx;
                    if (ix < 0 || ix >= inW) continue;
                    int pixel = ((n * inH + iy) * inW + ix) * _channels;
                    int tap = (ky * Info.KernelW + kx) * _channels;
                    if (dx is not null)
                    {
                        var dxRow = dx.AsSpan(pixel, _channels);
                        TensorPrimitives.MultiplyAdd(dyRow, _packed.AsSpan(tap, _channels), dxRow, dxRow);
                    }
                    if (!dw.IsEmpty)
                    {
                        var dwRow = dw.Slice(tap, _channels);
                        TensorPrimitives.MultiplyAdd(dyRow, x.AsSpan(pixel, _channels), dwRow, dwRow);
                    }
                }
            }
        }
    }
}
