using System;

namespace CnnDsl.Oracles;

/// <summary>
/// The losses, averaged over the batch, and their gradients with respect to the network's output.
/// Softmax cross-entropy: targets t = (1 - s) one-hot(label) + s / K (label smoothing s); loss = -sum t log p.
/// When the network ends in a softmax its output is p; otherwise its output is the logits and p = softmax(output).
/// Mean squared error: mean over every value of the batch of (y - target)^2.
/// </summary>
public static class ReferenceLoss
{
    /// <summary>Returns the loss and dloss/doutput.</summary>
    public static (double Loss, double[] Gradient) SoftmaxCrossEntropy(double[] output, int[] labels, int classes, double smoothing, bool outputIsProbabilities)
    {
        int batch = labels.Length;
        var gradient = new double[output.Length];
        double loss = 0;
        for (int n = 0; n < batch; n++)
        {
            var p = new double[classes];
            if (outputIsProbabilities)
            {
                for (int k = 0; k < classes; k++) p[k] = output[n * classes + k];
            }
            else
            {
                double max = double.NegativeInfinity;
                for (int k = 0; k < classes; k++) max = Math.Max(max, output[n * classes + k]);
                double sum = 0;
                for (int k = 0; k < classes; k++) sum += Math.Exp(output[n * classes + k] - max);
                for (int k = 0; k < classes; k++) p[k] = Math.Exp(output[n * classes + k] - max) / sum;
            }
            for (int k = 0; k < classes; k++)
            {
                double t = (k == labels[n] ? 1 - smoothing : 0) + smoothing / classes;
                loss -= t * Math.Log(p[k]) / batch;
                // d(-t log p)/dp = -t / p for probabilities; through the softmax the logits get p - t.
                gradient[n * classes + k] = (outputIsProbabilities ? -t / p[k] : p[k] - t) / batch;
            }
        }
        return (loss, gradient);
    }

    /// <summary>Returns the mean squared error and its gradient 2 (y - target) / count.</summary>
    public static (double Loss, double[] Gradient) MeanSquaredError(double[] output, double[] targets)
    {
        var gradient = new double[output.Length];
        double loss = 0;
        for (int i = 0; i < output.Length; i++)
        {
            double d = output[i] - targets[i];
            loss += d * d / output.Length;
            gradient[i] = 2 * d / output.Length;
        }
        return (loss, gradient);
    }
}
