using System;
using System.Linq;
using CnnDsl.Training;

namespace CnnDsl.Tests.Training;

/// <summary>Bad input: a clear exception naming what was wrong, and nothing changed.</summary>
public class TrainingBadInputTests
{
    [Fact]
    public void A_label_outside_the_classes_is_refused()
        => AssertRefused<ArgumentOutOfRangeException>((data, trainer) => trainer.Step(data.Images, data.Labels.Select((l, i) => i == 2 ? 5 : l).ToArray()), "Label 2 is 5", "5 classes");

    [Fact]
    public void A_batch_that_is_not_whole_images_is_refused()
        => AssertRefused<ArgumentException>((data, trainer) => trainer.Step(data.Images.AsSpan(1).ToArray(), data.Labels), "whole number", "12x12x3");

    [Fact]
    public void Labels_that_do_not_match_the_batch_are_refused()
        => AssertRefused<ArgumentException>((data, trainer) => trainer.Step(data.Images, data.Labels.AsSpan(1).ToArray()), "4 image(s)", "3 label(s)");

    [Fact]
    public void A_frozen_entry_that_names_nothing_is_refused()
    {
        var data = new TrainingData(TrainingCase.Get("mobilenet-v2-like"));
        var error = Assert.Throws<ArgumentException>(() => new Trainer(data.Weights, data.Options() with { Frozen = ["steem"] }));
        Assert.Contains("'steem'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_finite_loss_names_the_first_node_and_changes_nothing()
    {
        var data = new TrainingData(TrainingCase.Get("mobilenet-v2-like"));
        string node = data.Weights.Graph.First(n => n.Op == Op.DepthwiseConv).Name;
        data.Weights[node + ".weight"][4] = float.NaN;
        var before = data.Weights.Tensors.ToDictionary(t => t.Name, t => data.Weights[t.Name].ToArray());
        using var trainer = new Trainer(data.Weights, data.Options() with { Optimizer = new SgdOptimizer { LearningRate = 0.1f, Momentum = 0.9f } });
        var error = Assert.Throws<NonFiniteTrainingException>(() => data.Step(trainer));
        Assert.Equal(node, error.Origin);
        Assert.Contains($"'{node}'", error.Message, StringComparison.Ordinal);
        foreach (var tensor in data.Weights.Tensors) Assert.Equal(before[tensor.Name], data.Weights[tensor.Name]);
        Assert.Equal(0, trainer.StepCount);
    }

    private static void AssertRefused<TException>(Action<TrainingData, Trainer> act, params string[] phrases) where TException : Exception
    {
        var data = new TrainingData(TrainingCase.Get("mobilenet-v2-like"));
        using var trainer = new Trainer(data.Weights, data.Options() with { Optimizer = new SgdOptimizer { LearningRate = 0.1f, Momentum = 0.9f } });
        data.Step(trainer); // a first step, so optimizer state and buffers exist
        var before = data.Weights.Tensors.ToDictionary(t => t.Name, t => data.Weights[t.Name].ToArray());
        var error = Assert.Throws<TException>(() => act(data, trainer));
        foreach (string phrase in phrases) Assert.Contains(phrase, error.Message, StringComparison.Ordinal);
        foreach (var tensor in data.Weights.Tensors) Assert.Equal(before[tensor.Name], data.Weights[tensor.Name]);
        Assert.Equal(1, trainer.StepCount);
    }
}
