using System.Linq;
using CnnDsl.Training;

namespace CnnDsl.Tests.Training;

/// <summary>
/// Every operation's gradients in the engine (float32, vectorized, two threads) against the reference backward in
/// double precision (tests/CnnDsl.Oracles/Reference), for the input and every trainable parameter: within 1e-4 of the
/// tensor's largest gradient (or its node's, for gradients that are zero in exact arithmetic).
/// </summary>
public class GradientAgreementTests
{
    private const double Tolerance = 1e-4;

    public static TheoryData<string> Cases => TrainingCase.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Engine_gradients_match_the_reference_backward(string name)
    {
        var data = new TrainingData(TrainingCase.Get(name));
        var reference = data.Reference(CnnDsl.Oracles.ReferenceTraining.Parameters(data.Weights));
        using var trainer = new Trainer(data.Weights, data.Options());
        float loss = data.ComputeGradients(trainer);

        Assert.True(System.Math.Abs(loss - reference.Loss) <= Tolerance * System.Math.Max(1, System.Math.Abs(reference.Loss)), $"loss {loss} vs reference {reference.Loss}");
        Assert.NotEmpty(reference.Gradients);
        foreach (var (tensor, expected) in reference.Gradients) TrainingData.AssertClose(expected, trainer.Gradient(tensor), Tolerance, tensor, data.NodeScale(reference.Gradients, tensor));
        TrainingData.AssertClose(reference.InputGradient, trainer.InputGradient, Tolerance, "input");
        foreach (var tensor in data.Weights.Tensors.Where(t => !reference.Gradients.ContainsKey(t.Name)))
            Assert.False(trainer.IsTrainable(tensor.Name), $"{tensor.Name} is trained by the engine but frozen (or a statistic) in the reference.");
    }

    [Fact]
    public void Every_operation_has_a_training_kernel()
    {
        foreach (var op in System.Enum.GetValues<Op>()) Assert.True(TrainingKernels.Supports(op), $"No training kernel for {op}.");
    }
}
