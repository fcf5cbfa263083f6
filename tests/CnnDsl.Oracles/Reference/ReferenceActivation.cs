using System;

namespace CnnDsl.Oracles;

/// <summary>
/// Every activation and its derivative, from the formulas. At the kinks the derivative takes PyTorch's side:
/// ReLU 0 at 0, ReLU6 0 at 0 and 6, HardSwish (2x + 3) / 6 on [-3, 3].
/// </summary>
internal static class ReferenceActivation
{
    /// <summary>Applies <paramref name="act"/> in place; softmax runs over each position's channels.</summary>
    public static void Forward(double[] y, Act act, int channels)
    {
        switch (act)
        {
            case Act.None:
                return;
            case Act.Softmax:
                Softmax(y, channels);
                return;
        }
        for (int i = 0; i < y.Length; i++)
        {
            double x = y[i];
            y[i] = act switch
            {
                Act.Relu => Math.Max(0, x),
                Act.Relu6 => Math.Min(Math.Max(0, x), 6),
                Act.Sigmoid => 1 / (1 + Math.Exp(-x)),
                Act.Swish => x / (1 + Math.Exp(-x)),
                Act.HardSwish => x * Math.Min(Math.Max(0, x + 3), 6) / 6,
                _ => throw new NotSupportedException($"The reference executor does not know activation {act}."),
            };
        }
    }

    /// <summary>
    /// Replaces <paramref name="dy"/> (the gradient of the activation's output) by the gradient of its input, given
    /// the input <paramref name="z"/> and output <paramref name="y"/>.
    /// Softmax: dz_c = y_c (dy_c - sum over k of dy_k y_k), per position.
    /// </summary>
    public static void Backward(double[] dy, double[] z, double[] y, Act act, int channels)
    {
        if (act == Act.Softmax)
        {
            for (int start = 0; start < dy.Length; start += channels)
            {
                double dot = 0;
                for (int c = 0; c < channels; c++) dot += dy[start + c] * y[start + c];
                for (int c = 0; c < channels; c++) dy[start + c] = y[start + c] * (dy[start + c] - dot);
            }
            return;
        }
        for (int i = 0; i < dy.Length; i++)
        {
            double x = z[i];
            double s = 1 / (1 + Math.Exp(-x));
            dy[i] *= act switch
            {
                Act.None => 1,
                Act.Relu => x > 0 ? 1 : 0,
                Act.Relu6 => x > 0 && x < 6 ? 1 : 0,
                Act.Sigmoid => s * (1 - s),
                Act.Swish => s + x * s * (1 - s),
                Act.HardSwish => x < -3 ? 0 : x <= 3 ? (2 * x + 3) / 6 : 1,
                _ => throw new NotSupportedException($"The reference executor does not know activation {act}."),
            };
        }
    }

    /// <summary>exp(x_c - max) / sum over the position's channels of exp(x_k - max); subtracting the max changes nothing but overflow.</summary>
    private static void Softmax(double[] y, int channels)
    {
        for (int start = 0; start < y.Length; start += channels)
        {
            double max = double.NegativeInfinity;
            for (int c = 0; c < channels; c++) max = Math.Max(max, y[start + c]);
            double sum = 0;
            for (int c = 0; c < channels; c++) sum += Math.Exp(y[start + c] - max);
            for (int c = 0; c < channels; c++) y[start + c] = Math.Exp(y[start + c] - max) / sum;
        }
    }
}
