using System;
using System.Collections.Generic;
using System.Linq;
using CnnDsl.Oracles;

namespace CnnDsl.Tests.Training;

/// <summary>
/// The reference backward against centred finite differences of the reference forward and loss (all in double), on
/// every case's network: the yardstick is checked against the definitions, not against itself. A seeded sample of
/// coordinates per tensor keeps it fast.
/// </summary>
[Trait("Category", "Oracles")] // plain double loops: independent of the hardware paths
public class ReferenceGradientTests
{
    private const double Step = 1e-5;
    private const int SamplesPerTensor = 6;

    public static TheoryData<string> Cases => TrainingCase.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reference_backward_matches_finite_differences(string name)
    {
        var data = new TrainingData(TrainingCase.Get(name));
        var parameters = ReferenceTraining.Parameters(data.Weights);
        double[] input = data.Images.Select(v => (double)v).ToArray();
        double[] targets = data.Targets.Select(v => (double)v).ToArray();
        var options = data.ReferenceOptions();
        var graph = data.Weights.Graph;
        var pass = ReferenceTraining.Run(graph, parameters, input, data.Case.Batch, data.Labels, targets, options);
        double Loss() => ReferenceTraining.Loss(graph, parameters, input, data.Case.Batch, data.Labels, targets, options);

        var random = new Random(3);
        var checks = pass.Gradients.Select(g => (g.Key, Values: parameters[g.Key], Gradient: g.Value)).Append(("input", input, pass.InputGradient));
        foreach (var (tensor, values, gradient) in checks)
        {
            double scale = gradient.Max(Math.Abs);
            for (int s = 0; s < SamplesPerTensor; s++)
            {
                int i = random.Next(values.Length);
                double saved = values[i];
                values[i] = saved + Step;
                double plus = Loss();
                values[i] = saved - Step;
                double minus = Loss();
                values[i] = saved;
                double numeric = (plus - minus) / (2 * Step);
                Assert.True(Math.Abs(numeric - gradient[i]) <= 1e-5 * Math.Max(scale, 1e-3),
                    $"{tensor}[{i}]: backward {gradient[i]:G8}, finite difference {numeric:G8} (tensor scale {scale:G4}).");
            }
        }
    }
}
