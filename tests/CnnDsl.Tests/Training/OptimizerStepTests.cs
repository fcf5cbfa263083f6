using System;
using System.Collections.Generic;
using System.Linq;
using CnnDsl.Oracles;
using CnnDsl.Training;

namespace CnnDsl.Tests.Training;

/// <summary>
/// Whole steps (forward, backward, update, running statistics) of the engine against the reference pass followed by
/// the reference update rules (PyTorch's, in double). Two steps, so momentum and Adam's moments matter. Compared on
/// each tensor's change, the quantity a step produces, within 1e-4 of its largest change (or its node's largest, for
/// biases whose gradient is zero in exact arithmetic).
/// </summary>
public class OptimizerStepTests
{
    private const double Tolerance = 1e-4;

    [Fact]
    public void Sgd_steps_on_a_small_mobilenet_v2_equal_the_reference_steps()
        => CheckSteps("mobilenet-v2-like", new SgdOptimizer { LearningRate = 0.05f, Momentum = 0.9f, WeightDecay = 1e-3f },
            (p, g, state, step, lr) => ReferenceOptimizers.Sgd(p, g, state[0], lr, 0.9, nesterov: false, 1e-3));

    [Fact]
    public void Nesterov_sgd_steps_equal_the_reference()
        => CheckSteps("fused-batch-norm", new SgdOptimizer { LearningRate = 0.05f, Momentum = 0.8f, Nesterov = true, WeightDecay = 1e-2f },
            (p, g, state, step, lr) => ReferenceOptimizers.Sgd(p, g, state[0], lr, 0.8, nesterov: true, 1e-2));

    [Fact]
    public void Adam_steps_equal_the_reference()
        => CheckSteps("add-concat-squeeze-excite", new AdamOptimizer { LearningRate = 0.01f, WeightDecay = 1e-2f },
            (p, g, state, step, lr) => ReferenceOptimizers.Adam(p, g, state[0], state[1], step, lr, 0.9, 0.999, 1e-8, 1e-2, decoupled: false));

    [Fact]
    public void AdamW_steps_with_a_warm_up_equal_the_reference()
        => CheckSteps("pools", AdamOptimizer.AdamW(0.01f, 0.05f),
            (p, g, state, step, lr) => ReferenceOptimizers.Adam(p, g, state[0], state[1], step, lr, 0.9, 0.999, 1e-8, 0.05, decoupled: true),
            new LinearWarmup(2, new CosineDecay(10)));

    [Fact]
    public void Global_norm_clipping_scales_the_gradient_to_the_limit()
    {
        var data = new TrainingData(TrainingCase.Get("convolutions"));
        var before = ReferenceTraining.Parameters(data.Weights);
        var reference = data.Reference(before);
        double norm = Math.Sqrt(reference.Gradients.Values.Sum(g => g.Sum(v => v * v)));
        double limit = norm / 4;
        using var trainer = new Trainer(data.Weights, data.Options() with { Optimizer = new SgdOptimizer { LearningRate = 1 }, ClipGlobalNorm = (float)limit });
        data.Step(trainer);
        foreach (var (name, g) in reference.Gradients)
        {
            var expected = g.Select(v => -v * limit / (norm + 1e-6)).ToArray();
            var change = data.Weights[name].Select((v, i) => v - before[name][i]).ToArray();
            TrainingData.AssertClose(expected, change.Select(v => (float)v).ToArray(), Tolerance, name);
        }
    }

    [Fact]
    public void Schedules_follow_their_definitions()
    {
        Assert.Equal(1.0, LearningRateSchedule.Constant.Factor(1000));
        Assert.Equal(0.25, new StepDecay(10, 0.5).Factor(25), 12); // two decays: 0.5^2
        Assert.Equal(1.0, new CosineDecay(100).Factor(0), 12);
        Assert.Equal(0.5, new CosineDecay(100).Factor(50), 12); // (1 + cos(pi/2)) / 2
        Assert.Equal(0.1, new CosineDecay(100, 0.1).Factor(100), 12);
        Assert.Equal(0.1, new CosineDecay(100, 0.1).Factor(500), 12); // held at the minimum
        var warm = new LinearWarmup(4, new StepDecay(2, 0.1));
        Assert.Equal(new[] { 0.25, 0.5, 0.75, 1, 1, 1, 0.1 }, Enumerable.Range(0, 7).Select(s => Math.Round(warm.Factor(s), 12)));
    }

    private delegate void ReferenceUpdate(Dictionary<string, double[]> parameters, IReadOnlyDictionary<string, double[]> gradients,
        Dictionary<string, double[]>[] state, int step, double learningRate);

    private static void CheckSteps(string caseName, Optimizer optimizer, ReferenceUpdate update, LearningRateSchedule? schedule = null)
    {
        var data = new TrainingData(TrainingCase.Get(caseName));
        schedule ??= LearningRateSchedule.Constant;
        var parameters = ReferenceTraining.Parameters(data.Weights);
        var state = new[] { new Dictionary<string, double[]>(), new Dictionary<string, double[]>() };
        using var trainer = new Trainer(data.Weights, data.Options() with { Optimizer = optimizer, Schedule = schedule });
        for (int step = 0; step < 2; step++)
        {
            var changes = new Dictionary<string, double[]>();
            var before = ReferenceTraining.Parameters(data.Weights);
            var pass = data.Reference(parameters, step);
            update(parameters, pass.Gradients, state, step + 1, optimizer.LearningRate * schedule.Factor(step));
            foreach (var (name, values) in pass.RunningStatistics) parameters[name] = values;
            float loss = data.Step(trainer);
            Assert.True(Math.Abs(loss - pass.Loss) <= Tolerance * Math.Max(1, Math.Abs(pass.Loss)), $"step {step}: loss {loss} vs reference {pass.Loss}");
            foreach (var tensor in data.Weights.Tensors)
            {
                // The change this step made (from the engine's own starting point) against the reference's change.
                changes[tensor.Name] = parameters[tensor.Name].Select((v, i) => v - before[tensor.Name][i]).ToArray();
            }
            foreach (var tensor in data.Weights.Tensors)
            {
                var expected = changes[tensor.Name];
                if (expected.All(v => v == 0) && !pass.Gradients.ContainsKey(tensor.Name) && !pass.RunningStatistics.ContainsKey(tensor.Name)) continue;
                var actual = data.Weights[tensor.Name].Select((v, i) => (float)(v - before[tensor.Name][i])).ToArray();
                bool statistic = pass.RunningStatistics.ContainsKey(tensor.Name);
                TrainingData.AssertClose(expected, actual, Tolerance, $"step {step}: {tensor.Name}", statistic ? 0 : data.NodeScale(changes, tensor.Name));
            }
            // Carry the engine's float weights into the reference so the next step starts from the same point.
            parameters = ReferenceTraining.Parameters(data.Weights);
        }
    }
}
