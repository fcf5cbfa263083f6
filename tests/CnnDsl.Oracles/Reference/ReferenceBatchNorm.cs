using System;

namespace CnnDsl.Oracles;

/// <summary>
/// Batch normalization per channel (the channel is the innermost index): y = (x - mean) / sqrt(var + eps) * weight + bias.
/// At inference (and when frozen) mean and var are the running statistics; in training they are the batch's own
/// statistics over every image and position (var biased, divided by the count), and the running statistics move
/// towards them with momentum m (PyTorch's convention): running = (1 - m) running + m batch, the running variance
/// taking the unbiased batch variance (divided by count - 1).
/// </summary>
internal static class ReferenceBatchNorm
{
    /// <summary>Normalizes <paramref name="y"/> in place with the running statistics.</summary>
    public static void Inference(double[] y, int channels, double[] scale, double[] shift, double[] mean, double[] variance, float epsilon)
    {
        for (int i = 0; i < y.Length; i++)
        {
            int c = i % channels;
            y[i] = (y[i] - mean[c]) / Math.Sqrt(variance[c] + (double)epsilon) * scale[c] + shift[c];
        }
    }

    /// <summary>
    /// Normalizes <paramref name="y"/> in place with the batch statistics and returns the normalized values x-hat and
    /// 1 / sqrt(var + eps) per channel (what the backward needs). Updates the running statistics when given.
    /// </summary>
    public static (double[] Normalized, double[] InverseStd) Training(double[] y, int channels, double[] scale, double[] shift, float epsilon,
        double momentum, double[]? runningMean, double[]? runningVariance)
    {
        int count = y.Length / channels;
        var mean = new double[channels];
        var variance = new double[channels];
        for (int i = 0; i < y.Length; i++) mean[i % channels] += y[i];
        for (int c = 0; c < channels; c++) mean[c] /= count;
        for (int i = 0; i < y.Length; i++) variance[i % channels] += (y[i] - mean[i % channels]) * (y[i] - mean[i % channels]);
        for (int c = 0; c < channels; c++) variance[c] /= count;
        var inverseStd = new double[channels];
        for (int c = 0; c < channels; c++) inverseStd[c] = 1 / Math.Sqrt(variance[c] + (double)epsilon);
        var normalized = new double[y.Length];
        for (int i = 0; i < y.Length; i++)
        {
            int c = i % channels;
            normalized[i] = (y[i] - mean[c]) * inverseStd[c];
            y[i] = normalized[i] * scale[c] + shift[c];
        }
        if (runningMean is not null && runningVariance is not null)
        {
            for (int c = 0; c < channels; c++)
            {
                runningMean[c] = (1 - momentum) * runningMean[c] + momentum * mean[c];
                double unbiased = count > 1 ? variance[c] * count / (count - 1) : variance[c];
                runningVariance[c] = (1 - momentum) * runningVariance[c] + momentum * unbiased;
            }
        }
        return (normalized, inverseStd);
    }

    /// <summary>
    /// Backward of the training form, where mean and var depend on every value of the channel:
    /// dbias = sum dy, dweight = sum dy * xhat, dx = weight * invstd / count * (count * dy - dbias - xhat * dweight).
    /// Replaces <paramref name="dy"/> by dx; adds into the optional parameter gradients.
    /// </summary>
    public static void TrainingBackward(double[] dy, double[] normalized, double[] inverseStd, double[] scale, int channels, double[]? dscale, double[]? dshift)
    {
        int count = dy.Length / channels;
        var sumDy = new double[channels];
        var sumDyXhat = new double[channels];
        for (int i = 0; i < dy.Length; i++)
        {
            sumDy[i % channels] += dy[i];
            sumDyXhat[i % channels] += dy[i] * normalized[i];
        }
        for (int i = 0; i < dy.Length; i++)
        {
            int c = i % channels;
            dy[i] = scale[c] * inverseStd[c] / count * (count * dy[i] - sumDy[c] - normalized[i] * sumDyXhat[c]);
        }
        for (int c = 0; c < channels; c++)
        {
            if (dscale is not null) dscale[c] += sumDyXhat[c];
            if (dshift is not null) dshift[c] += sumDy[c];
        }
    }

    /// <summary>Backward of the inference form (fixed statistics): an affine map, dx = dy * weight / sqrt(var + eps). Replaces dy by dx.</summary>
    public static void InferenceBackward(double[] dy, double[] scale, double[] variance, float epsilon, int channels)
    {
        for (int i = 0; i < dy.Length; i++)
        {
            int c = i % channels;
            dy[i] *= scale[c] / Math.Sqrt(variance[c] + (double)epsilon);
        }
    }
}
