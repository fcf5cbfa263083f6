using System;
using System.Collections.Generic;

namespace CnnDsl.Oracles;

/// <summary>
/// The optimizers' update rules as PyTorch documents them (torch.optim.SGD, Adam, AdamW), in double precision.
/// Each updates <c>parameters</c> in place for every tensor that has a gradient; the state dictionaries start empty.
/// </summary>
public static class ReferenceOptimizers
{
    /// <summary>g += wd w; v = momentum v + g (v = g on the first step); g = nesterov ? g + momentum v : v; w -= lr g.</summary>
    public static void Sgd(IDictionary<string, double[]> parameters, IReadOnlyDictionary<string, double[]> gradients, Dictionary<string, double[]> velocity,
        double learningRate, double momentum, bool nesterov, double weightDecay)
    {
        foreach (var (name, grad) in gradients)
        {
            var w = parameters[name];
            bool first = !velocity.TryGetValue(name, out var v);
            if (first) velocity[name] = v = new double[w.Length];
            for (int i = 0; i < w.Length; i++)
            {
                double g = grad[i] + weightDecay * w[i];
                if (momentum != 0)
                {
                    v![i] = first ? g : momentum * v[i] + g;
                    g = nesterov ? g + momentum * v[i] : v[i];
                }
                w[i] -= learningRate * g;
            }
        }
    }

    /// <summary>
    /// Adam (step t counts from 1): decoupled ? w -= lr wd w : g += wd w; m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
    /// w -= lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps).
    /// </summary>
    public static void Adam(IDictionary<string, double[]> parameters, IReadOnlyDictionary<string, double[]> gradients, Dictionary<string, double[]> first,
        Dictionary<string, double[]> second, int t, double learningRate, double beta1, double beta2, double epsilon, double weightDecay, bool decoupled)
    {
        foreach (var (name, grad) in gradients)
        {
            var w = parameters[name];
            if (!first.TryGetValue(name, out var m)) first[name] = m = new double[w.Length];
            if (!second.TryGetValue(name, out var v)) second[name] = v = new double[w.Length];
            for (int i = 0; i < w.Length; i++)
            {
                double g = grad[i];
                if (decoupled) w[i] -= learningRate * weightDecay * w[i];
                else g += weightDecay * w[i];
                m[i] = beta1 * m[i] + (1 - beta1) * g;
                v[i] = beta2 * v[i] + (1 - beta2) * g * g;
                double mHat = m[i] / (1 - Math.Pow(beta1, t));
                double vHat = v[i] / (1 - Math.Pow(beta2, t));
                w[i] -= learningRate * mHat / (Math.Sqrt(vHat) + epsilon);
            }
        }
    }
}
