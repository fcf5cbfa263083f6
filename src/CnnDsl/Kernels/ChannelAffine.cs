using System;
using System.ComponentModel;

namespace CnnDsl.Kernels;

/// <summary>
/// A per-output-channel y = scale * x + shift accumulated at load time: a layer's bias, then every batch
/// normalization folded into it (fused or standalone after the layer). Computed in double, applied once to the
/// packed weights. For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ChannelAffine
{
    private readonly double[] _scale;
    private readonly double[] _shift;

    /// <summary>The identity on <paramref name="channels"/> channels.</summary>
    public ChannelAffine(int channels)
    {
        _scale = new double[channels];
        _shift = new double[channels];
        _scale.AsSpan().Fill(1.0);
    }

    /// <summary>Number of channels.</summary>
    public int Channels => _scale.Length;

    /// <summary>Multiplier of channel <paramref name="c"/>.</summary>
    public double Scale(int c) => _scale[c];

    /// <summary>Offset of channel <paramref name="c"/>.</summary>
    public double Shift(int c) => _shift[c];

    /// <summary>Adds a bias tensor ([channels]) after the current transform.</summary>
    public ChannelAffine AddBias(float[] bias)
    {
        Check(bias, "bias");
        for (int c = 0; c < _shift.Length; c++) _shift[c] += bias[c];
        return this;
    }

    /// <summary>Composes an inference batch norm y = (x - mean) / sqrt(var + eps) * weight + bias after the current transform.</summary>
    public ChannelAffine FoldBatchNorm(float[] weight, float[] bias, float[] runningMean, float[] runningVar, float epsilon)
    {
        Check(weight, "weight");
        Check(bias, "bias");
        Check(runningMean, "running_mean");
        Check(runningVar, "running_var");
        for (int c = 0; c < _scale.Length; c++)
        {
            double s = weight[c] / Math.Sqrt((double)runningVar[c] + epsilon);
            _scale[c] *= s;
            _shift[c] = (_shift[c] * s) + bias[c] - (runningMean[c] * s);
        }
        return this;
    }

    private void Check(float[] values, string what)
    {
        ArgumentNullException.ThrowIfNull(values, what);
        if (values.Length != _scale.Length)
            throw new ArgumentException($"The {what} tensor must have {_scale.Length} values, got {values.Length}.", what);
    }
}
