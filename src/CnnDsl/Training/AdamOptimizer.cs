using System;

namespace CnnDsl.Training;

/// <summary>
/// Adam (Kingma and Ba), and AdamW (Loshchilov and Hutter) when <see cref="DecoupledWeightDecay"/>, as torch.optim.Adam
/// and AdamW: decoupled ? w -= lr wd w : g += wd w; m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
/// w -= lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps).
/// </summary>
public sealed record AdamOptimizer : Optimizer
{
    /// <summary>Creates Adam with PyTorch's defaults (lr 0.001, betas 0.9 and 0.999, eps 1e-8).</summary>
    public AdamOptimizer() => LearningRate = 0.001f;

    /// <summary>AdamW: Adam with decoupled weight decay (PyTorch's AdamW default decay is 0.01).</summary>
    public static AdamOptimizer AdamW(float learningRate = 0.001f, float weightDecay = 0.01f)
        => new() { LearningRate = learningRate, WeightDecay = weightDecay, DecoupledWeightDecay = true };

    /// <summary>First-moment decay.</summary>
    public float Beta1 { get; init; } = 0.9f;

    /// <summary>Second-moment decay.</summary>
    public float Beta2 { get; init; } = 0.999f;

    /// <summary>Added to the root of the second moment.</summary>
    public float Epsilon { get; init; } = 1e-8f;

    /// <summary>AdamW's decay of the weights themselves instead of an L2 term in the gradient.</summary>
    public bool DecoupledWeightDecay { get; init; }

    internal override void Update(Parameter parameter, float learningRate, long step)
    {
        float[] w = parameter.Values;
        float[] grad = parameter.Gradient!;
        float[] m = parameter.State1 ??= new float[w.Length];
        float[] v = parameter.State2 ??= new float[w.Length];
        float b1 = Beta1, b2 = Beta2, decay = WeightDecay;
        float correction1 = (float)(1 - Math.Pow(b1, step));
        float correction2 = (float)(1 - Math.Pow(b2, step));
        for (int i = 0; i < w.Length; i++)
        {
            float g = grad[i];
            if (DecoupledWeightDecay) w[i] -= learningRate * decay * w[i];
            else g += decay * w[i];
            m[i] = b1 * m[i] + (1 - b1) * g;
            v[i] = b2 * v[i] + (1 - b2) * g * g;
            w[i] -= learningRate * (m[i] / correction1) / (MathF.Sqrt(v[i] / correction2) + Epsilon);
        }
    }
}
