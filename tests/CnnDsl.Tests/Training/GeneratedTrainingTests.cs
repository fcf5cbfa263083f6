using System;
using System.Linq;
using CnnDsl.Training;

namespace CnnDsl.Tests.Training;

/// <summary>
/// The generated <c>Training</c> type: it trains on the compile-time memory plan (buffers shared between values that
/// live at different times), and gives the runtime trainer's losses and weights bit for bit, and the reference
/// backward's gradients (double precision, written from the definitions).
/// </summary>
public class GeneratedTrainingTests
{
    [Theory]
    [InlineData("mobilenet-v2-like")]
    [InlineData("add-concat-squeeze-excite")]
    [InlineData("standalone-batch-norm-channel-softmax")]
    [InlineData("pools")]
    public void Generated_gradients_match_the_reference_backward(string name)
    {
        var data = new TrainingData(TrainingCase.Get(name));
        var reference = data.Reference(CnnDsl.Oracles.ReferenceTraining.Parameters(data.Weights));
        var (owner, trainer) = Generated(data.Weights, data.Options() with { InputGradient = false });
        using var _ = owner;
        Assert.True(trainer.PlannedAtCompileTime);
        float loss = data.ComputeGradients(trainer);

        Assert.True(Math.Abs(loss - reference.Loss) <= 1e-4 * Math.Max(1, Math.Abs(reference.Loss)), $"loss {loss} vs reference {reference.Loss}");
        Assert.NotEmpty(reference.Gradients);
        foreach (var (tensor, expected) in reference.Gradients)
            TrainingData.AssertClose(expected, trainer.Gradient(tensor), 1e-4, tensor, data.NodeScale(reference.Gradients, tensor));
    }

    [Fact]
    public void Generated_steps_equal_the_runtime_trainer_on_another_plan()
    {
        // The runtime trainer asks for the input gradient too, so it plans again (more kept, other slots); neither
        // plan may change a value: losses and weights agree exactly over steps with momentum, dropout and batch norm.
        var optimizer = new SgdOptimizer { LearningRate = 0.1f, Momentum = 0.9f };
        var generatedData = new TrainingData(TrainingCase.Get("mobilenet-v2-like"));
        var runtimeData = new TrainingData(TrainingCase.Get("mobilenet-v2-like"));
        using var training = new TinyMobileNetV2.Training((TinyMobileNetV2.Weights)generatedData.Weights, generatedData.Options() with { InputGradient = false, Optimizer = optimizer });
        using var trainer = new Trainer(runtimeData.Weights, runtimeData.Options() with { Optimizer = optimizer with { } });
        Assert.True(training.Trainer.PlannedAtCompileTime);
        Assert.False(trainer.PlannedAtCompileTime);
        Assert.Equal(TinyMobileNetV2.Training.BytesPerImage, training.Trainer.BytesPerImage);
        Assert.NotEqual(-1, trainer.Plan.Nodes[0].Gradient);
        Assert.False(trainer.Plan.Nodes.SequenceEqual(training.Trainer.Plan.Nodes));
        for (int step = 0; step < 4; step++)
            Assert.Equal(runtimeData.Step(trainer), training.Step(generatedData.Images, generatedData.Labels));
        foreach (var tensor in generatedData.Weights.Tensors) Assert.Equal(runtimeData.Weights[tensor.Name], generatedData.Weights[tensor.Name]);
        Assert.Equal(trainer.Evaluate(runtimeData.Images, runtimeData.Labels), training.Evaluate(generatedData.Images, generatedData.Labels));
    }

    [Fact]
    public void Options_that_freeze_more_or_ask_for_the_input_gradient_plan_again()
    {
        var data = new TrainingData(TrainingCase.Get("mobilenet-v2-like"));
        var weights = (TinyMobileNetV2.Weights)data.Weights;
        using var frozen = new TinyMobileNetV2.Training(weights, new TrainingOptions { Frozen = ["stem"] });
        using var inputGradient = new TinyMobileNetV2.Training(weights, new TrainingOptions { InputGradient = true });
        Assert.False(frozen.Trainer.PlannedAtCompileTime);
        Assert.False(inputGradient.Trainer.PlannedAtCompileTime);
        // Frozen, the stem's weight gradient no longer reads the images, nor its batch norm its input.
        int stem = TinyMobileNetV2.Graph.Single(n => n.Name == "stem").Id;
        Assert.Equal(KeptValues.Output, TinyMobileNetV2.Training.MemoryPlan.Nodes[0].Kept);
        Assert.Equal(KeptValues.None, frozen.Trainer.Plan.Nodes[0].Kept);
        Assert.True((TinyMobileNetV2.Training.MemoryPlan.Nodes[stem].Kept & KeptValues.Core) != 0);
        Assert.Equal(KeptValues.None, frozen.Trainer.Plan.Nodes[stem].Kept & KeptValues.Core);
        Assert.True(frozen.Trainer.BytesPerImage <= TinyMobileNetV2.Training.BytesPerImage, $"{frozen.Trainer.BytesPerImage}");
        // The input gradient gets a slot that lives past the step.
        Assert.Equal(-1, TinyMobileNetV2.Training.MemoryPlan.Nodes[0].Gradient);
        Assert.NotEqual(-1, inputGradient.Trainer.Plan.Nodes[0].Gradient);
    }

    [Fact]
    public void A_plan_that_would_overwrite_a_kept_value_is_refused()
    {
        // The last node's gradient put in the slot of its output, which the loss reads while writing the gradient.
        var plan = TinyMobileNetV2.Training.MemoryPlan;
        var nodes = plan.Nodes.ToArray();
        nodes[^1] = nodes[^1] with { Gradient = nodes[^1].Output };
        var table = nodes.SelectMany(b => new[] { b.Core, b.Normalized, b.Output, b.Gradient, (int)b.Kept | (int)b.Trains << 3 }).ToArray();
        var bad = TrainingPlan.FromTable(plan.SlotLengths.ToArray(), table, false);
        var weights = new TinyMobileNetV2.Weights();
        var error = Assert.Throws<ArgumentException>(() => new OnPlan(weights, bad));
        Assert.Contains("does not fit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_trained_weights_run_in_the_generated_inference_class()
    {
        var data = new TrainingData(TrainingCase.Get("mobilenet-v2-like"));
        using var training = new TinyMobileNetV2.Training((TinyMobileNetV2.Weights)data.Weights, data.Options() with { InputGradient = false });
        for (int step = 0; step < 3; step++) training.Step(data.Images, data.Labels);
        var output = new float[data.Case.Batch * TinyMobileNetV2.OutputLength];
        training.ToNetwork().Forward(data.Images, output);
        double expected = CnnDsl.Oracles.ReferenceLoss.SoftmaxCrossEntropy(output.Select(v => (double)v).ToArray(), data.Labels,
            TinyMobileNetV2.OutputLength, 0, outputIsProbabilities: false).Loss;
        float actual = training.Evaluate(data.Images, data.Labels).Loss;
        Assert.True(Math.Abs(actual - expected) <= 1e-4 * Math.Max(1, expected), $"evaluation {actual} vs generated inference {expected}");
    }

    private static (IDisposable Owner, Trainer Trainer) Generated(NetworkWeights weights, TrainingOptions options) => weights switch
    {
        TinyMobileNetV2.Weights w => WithTrainer(new TinyMobileNetV2.Training(w, options)),
        TrainMerges.Weights w => WithTrainer(new TrainMerges.Training(w, options)),
        TrainStandaloneBatchNorm.Weights w => WithTrainer(new TrainStandaloneBatchNorm.Training(w, options)),
        TrainPools.Weights w => WithTrainer(new TrainPools.Training(w, options)),
        _ => throw new ArgumentException($"No generated training type listed for {weights.GetType()}."),
    };

    private static (IDisposable, Trainer) WithTrainer<TWeights>(NetworkTraining<TWeights> training) where TWeights : NetworkWeights => (training, training.Trainer);

    /// <summary>A training type on a plan of the test's making.</summary>
    private sealed class OnPlan(TinyMobileNetV2.Weights weights, TrainingPlan plan) : NetworkTraining<TinyMobileNetV2.Weights>(weights, null, plan);
}
