using System;
using System.Numerics;

namespace CnnDsl.Training;

/// <summary>
/// Batch normalization per channel, y = (x - mean) / sqrt(var + eps) * scale + shift: fused after a convolution
/// (tensors <c>{node}.bn.*</c>) or standalone (<c>{node}.*</c>). In training mode, unless frozen, mean and var are the
/// batch's statistics over every image and position (var biased) and backward runs through them:
/// dshift = sum dy, dscale = sum dy xhat, dx = scale invstd / M (M dy - dshift - xhat dscale). The running statistics
/// move towards the batch's only when the step commits: running = (1 - m) running + m batch, the variance taking the
/// unbiased batch variance (PyTorch's convention, m = 0.1 by default). Frozen, or in inference mode, the running
/// statistics normalize and the map is affine. Sums across images are per-image partials added in image order, so
/// the result does not depend on the thread count.
/// </summary>
internal sealed class BatchNormStage : IParallelWork
{
    /// <summary>Floats normalized before the activation runs on them (16 KB: they are still in the first-level cache).</summary>
    private const int ActivationStretch = 4096;
    private readonly TrainingNode _node;
    private readonly TrainingRun _run;
    private readonly ActivationStage? _activation;
    private readonly Parameter _scale;
    private readonly Parameter _shift;
    private readonly float[] _runningMean;
    private readonly float[] _runningVariance;
    private readonly float _epsilon;
    private readonly int _channels;
    private readonly float[] _mean;
    private readonly float[] _inverseStd;
    private readonly float[] _variance;
    private readonly float[] _a;
    private readonly float[] _b;
    private readonly float[] _backD;
    private readonly float[] _backF;
    private readonly double[] _total1;
    private readonly double[] _total2;
    private double[] _partial1 = Array.Empty<double>();
    private double[] _partial2 = Array.Empty<double>();
    private int _phase;
    private bool _batchStatistics;

    /// <summary>A batch norm on <paramref name="node"/>, applying <paramref name="activation"/> (the node's, when it has one) in its normalizing pass.</summary>
    public BatchNormStage(TrainingNode node, TrainingRun run, string prefix, Func<string, Parameter> parameter, ActivationStage? activation)
    {
        _node = node;
        _run = run;
        _activation = activation;
        _scale = parameter(prefix + "weight");
        _shift = parameter(prefix + "bias");
        _runningMean = parameter(prefix + "running_mean").Values;
        _runningVariance = parameter(prefix + "running_var").Values;
        _epsilon = node.Info.Epsilon;
        _channels = node.Info.Output.Channels;
        _mean = new float[_channels];
        _inverseStd = new float[_channels];
        _variance = new float[_channels];
        _a = new float[_channels];
        _b = new float[_channels];
        _backD = new float[_channels];
        _backF = new float[_channels];
        _total1 = new double[_channels];
        _total2 = new double[_channels];
    }

    /// <summary>Frozen: both the scale and the shift are frozen; then the running statistics normalize, and stay as they are.</summary>
    public bool Frozen => !_scale.Trainable && !_shift.Trainable;

    /// <summary>Training through batch statistics needs the input kept (xhat is recomputed from it in backward).</summary>
    public bool KeepsInput => !Frozen;

    public void Allocate(int capacity)
    {
        _partial1 = new double[capacity * _channels];
        _partial2 = new double[capacity * _channels];
    }

    /// <summary>Normalizes the node's core output into its pre-activation buffer, and applies the node's activation from there into its output.</summary>
    public void Forward()
    {
        _batchStatistics = _run.Training && !Frozen;
        if (_batchStatistics)
        {
            int count = _run.Batch * _node.Info.Output.Height * _node.Info.Output.Width;
            Phase(0); // sums and sums of squares, in double, in one pass
            Reduce(_partial1, _total1, null);
            Reduce(_partial2, _total2, null);
            for (int c = 0; c < _channels; c++)
            {
                double mean = _total1[c] / count;
                // E[x^2] - mean^2 in double: float values squared are exact, and the cancellation costs a few of double's 16 digits.
                double variance = Math.Max(0, _total2[c] / count - mean * mean);
                _mean[c] = (float)mean;
                _variance[c] = (float)variance;
                _inverseStd[c] = (float)(1 / Math.Sqrt(variance + _epsilon));
                _a[c] = _scale.Values[c] * _inverseStd[c];
                _b[c] = _shift.Values[c] - _mean[c] * _a[c];
            }
        }
        else
        {
            for (int c = 0; c < _channels; c++)
            {
                _a[c] = (float)(_scale.Values[c] / Math.Sqrt(_runningVariance[c] + (double)_epsilon));
                _b[c] = _shift.Values[c] - _runningMean[c] * _a[c];
            }
        }
        Phase(2); // z = a x + b, y = act(z)
    }

    /// <summary>Replaces dloss/dnormalized by dloss/dinput in the node's gradient buffer; sets the scale and shift gradients.</summary>
    public void Backward()
    {
        if (!_batchStatistics)
        {
            Phase(3); // dx = a dy
            return;
        }
        Phase(4); // sum dy, sum dy xhat
        Reduce(_partial1, _total1, _shift.Gradient);
        Reduce(_partial2, _total2, _scale.Gradient);
        int count = _run.Batch * _node.Info.Output.Height * _node.Info.Output.Width;
        for (int c = 0; c < _channels; c++)
        {
            double a = _scale.Values[c] * (double)_inverseStd[c];
            _backD[c] = (float)(-a * _inverseStd[c] * _total2[c] / count);
            _backF[c] = (float)(-a * _total1[c] / count);
        }
        Phase(5);
    }

    /// <summary>Moves the running statistics towards the last training forward's batch statistics.</summary>
    public void Commit(float momentum)
    {
        if (!_batchStatistics) return;
        int count = _run.Batch * _node.Info.Output.Height * _node.Info.Output.Width;
        double unbias = count > 1 ? count / (count - 1.0) : 1;
        for (int c = 0; c < _channels; c++)
        {
            _runningMean[c] = (1 - momentum) * _runningMean[c] + momentum * _mean[c];
            _runningVariance[c] = (float)((1 - momentum) * _runningVariance[c] + momentum * _variance[c] * unbias);
        }
    }

    private void Phase(int phase)
    {
        _phase = phase;
        var profile = _run.Profile;
        double start = profile?.Now() ?? 0;
        _run.Pool.Run(this, _run.Batch);
        profile?.Add("BatchNorm", phase switch { < 2 => TrainingStage.BatchNormStatistics, 2 => TrainingStage.BatchNormApply, _ => TrainingStage.BatchNormBackward }, start);
    }

    /// <summary>Adds the per-image partials in image order; also copies the totals into <paramref name="gradient"/> when given.</summary>
    private void Reduce(double[] partial, double[] total, float[]? gradient)
    {
        Array.Clear(total);
        for (int n = 0; n < _run.Batch; n++)
            for (int c = 0; c < _channels; c++) total[c] += partial[n * _channels + c];
        if (gradient is not null)
            for (int c = 0; c < _channels; c++) gradient[c] = (float)total[c];
    }

    public void Execute(int image)
    {
        int length = _node.Info.Output.Length;
        int channels = _channels;
        var x = _node.Core.AsSpan(image * length, length);
        var p1 = _partial1.AsSpan(image * channels, channels);
        var p2 = _partial2.AsSpan(image * channels, channels);
        switch (_phase)
        {
            case 0:
                p1.Clear();
                p2.Clear();
                for (int start = 0; start < length; start += channels) AddWidenedWithSquares(x.Slice(start, channels), p1, p2);
                return;
            case 2:
            {
                // y = a x + b, then the node's activation on the same stretch while it is in cache (one pass, not two).
                var z = _node.PreActivation.AsSpan(image * length, length);
                var y = _node.Output.AsSpan(image * length, length);
                int stretch = Math.Max(1, ActivationStretch / channels) * channels;
                for (int at = 0; at < length; at += stretch)
                {
                    int end = Math.Min(length, at + stretch);
                    for (int start = at; start < end; start += channels)
                        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(x.Slice(start, channels), _a, _b, z.Slice(start, channels));
                    _activation?.Apply(z[at..end], y[at..end]);
                }
                return;
            }
            case 3:
            {
                var d = _node.OutputGradient.AsSpan(image * length, length);
                for (int start = 0; start < length; start += channels)
                    System.Numerics.Tensors.TensorPrimitives.Multiply(d.Slice(start, channels), _a, d.Slice(start, channels));
                return;
            }
            case 4:
            {
                var d = _node.OutputGradient.AsSpan(image * length, length);
                p1.Clear();
                p2.Clear();
                for (int start = 0; start < length; start += channels) GradientSums(x.Slice(start, channels), d.Slice(start, channels), p1, p2);
                return;
            }
            default:
            {
                var d = _node.OutputGradient.AsSpan(image * length, length);
                for (int start = 0; start < length; start += channels) InputGradient(x.Slice(start, channels), d.Slice(start, channels));
                return;
            }
        }
    }

    /// <summary>One position's channels: sum[c] += dy[c] and products[c] += dy[c] xhat[c], xhat = (x - mean) invstd in float, the sums in double; one pass.</summary>
    private void GradientSums(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<double> sum, Span<double> products)
    {
        int c = 0, width = Vector<float>.Count, half = Vector<double>.Count;
        for (; c + width <= x.Length; c += width)
        {
            var d = new Vector<float>(dy.Slice(c));
            var product = (new Vector<float>(x.Slice(c)) - new Vector<float>(_mean, c)) * new Vector<float>(_inverseStd, c) * d;
            Vector.Widen(d, out var low, out var high);
            (new Vector<double>(sum.Slice(c)) + low).CopyTo(sum.Slice(c));
            (new Vector<double>(sum.Slice(c + half)) + high).CopyTo(sum.Slice(c + half));
            Vector.Widen(product, out low, out high);
            (new Vector<double>(products.Slice(c)) + low).CopyTo(products.Slice(c));
            (new Vector<double>(products.Slice(c + half)) + high).CopyTo(products.Slice(c + half));
        }
        for (; c < x.Length; c++)
        {
            sum[c] += dy[c];
            products[c] += (x[c] - _mean[c]) * _inverseStd[c] * dy[c];
        }
    }

    /// <summary>
    /// One position's channels, in place: dx = scale invstd / M (M dy - sum dy - xhat sum dy xhat) = A dy + D (x - mean) + F
    /// per channel; one pass.
    /// </summary>
    private void InputGradient(ReadOnlySpan<float> x, Span<float> dy)
    {
        int c = 0, width = Vector<float>.Count;
        for (; c + width <= x.Length; c += width)
        {
            var centred = (new Vector<float>(x.Slice(c)) - new Vector<float>(_mean, c)) * new Vector<float>(_backD, c) + new Vector<float>(_backF, c);
            (new Vector<float>(dy.Slice(c)) * new Vector<float>(_a, c) + centred).CopyTo(dy.Slice(c));
        }
        for (; c < x.Length; c++) dy[c] = dy[c] * _a[c] + ((x[c] - _mean[c]) * _backD[c] + _backF[c]);
    }

    /// <summary>sum[c] += values[c] and squares[c] += values[c]^2 in double, vectorized (each float widened first).</summary>
    private static void AddWidenedWithSquares(ReadOnlySpan<float> values, Span<double> sum, Span<double> squares)
    {
        int c = 0, width = Vector<float>.Count, half = Vector<double>.Count;
        for (; c + width <= values.Length; c += width)
        {
            Vector.Widen(new Vector<float>(values.Slice(c)), out var low, out var high);
            (new Vector<double>(sum.Slice(c)) + low).CopyTo(sum.Slice(c));
            (new Vector<double>(sum.Slice(c + half)) + high).CopyTo(sum.Slice(c + half));
            (new Vector<double>(squares.Slice(c)) + low * low).CopyTo(squares.Slice(c));
            (new Vector<double>(squares.Slice(c + half)) + high * high).CopyTo(squares.Slice(c + half));
        }
        for (; c < values.Length; c++)
        {
            sum[c] += values[c];
            squares[c] += (double)values[c] * values[c];
        }
    }
}
