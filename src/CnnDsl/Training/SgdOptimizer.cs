using System;

namespace CnnDsl.Training;

/// <summary>
/// Stochastic gradient descent as torch.optim.SGD (dampening 0): g = grad + wd w; v = momentum v + g (v = g on the first
/// step); g = nesterov ? g + momentum v : v; w -= lr g.
/// </summary>
public sealed record SgdOptimizer : Optimizer
{
    /// <summary>Momentum (0: plain SGD).</summary>
    public float Momentum { get; init; }

    /// <summary>Nesterov momentum.</summary>
    public bool Nesterov { get; init; }

    internal override void Update(Parameter parameter, float learningRate, long step)
    {
        float[] w = parameter.Values;
        float[] grad = parameter.Gradient!;
        float momentum = Momentum, decay = WeightDecay;
        if (momentum == 0)
        {
            for (int i = 0; i < w.Length; i++) w[i] -= learningRate * (grad[i] + decay * w[i]);
            return;
        }
        bool first = parameter.State1 is null;
        float[] v = parameter.State1 ??= new float[w.Length];
        for (int i = 0; i < w.Length; i++)
        {
            float g = grad[i] + decay * w[i];
            v[i] = first ? g : momentum * v[i] + g;
            w[i] -= learningRate * (Nesterov ? g + momentum * v[i] : v[i]);
        }
    }

    /// <summary>Checks the settings.</summary>
    internal void Validate()
    {
        if (!(Momentum >= 0 && Momentum < 1)) throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "SGD momentum must be in [0, 1).");
        if (Nesterov && Momentum == 0) throw new ArgumentException("Nesterov momentum needs a momentum above 0.", nameof(Nesterov));
    }
}
