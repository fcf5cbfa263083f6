using System.Collections.Generic;
using CnnDsl.Model;

namespace CnnDsl.Operations;

/// <summary>Fully connected on the NHWC-flattened input: weights <c>[units, inFeatures]</c>, bias, activation.</summary>
internal sealed record DenseOperation(int Units, bool Bias, Act Act) : Operation
{
    public override Op Op => Op.Dense;

    public override Act Act { get; } = Act;

    public override Fusion Accepts => Fusion.ActivationEpilogue;

    /// <summary>The convolution kernel broadcasts one input value at a time.</summary>
    public override bool ReadsInputInside(Node node, NodePlan plan) => true;

    /// <summary>It stores (and reads back) whole vectors of its units.</summary>
    public override bool WritesOutputInside(Node node, NodePlan plan) => CallerTensors.WholeVectors(Units);

    public override long MultiplyAdds(Shape input, Shape output) => checked(input.Elements * Units);

    public override long Parameters(Shape input) => checked(input.Elements * Units + (Bias ? Units : 0));

    public override IEnumerable<ParameterTensor> Tensors(string name, Shape input)
        => ParameterLayout.Dense(name, Units, (int)input.Elements, Bias);

    /// <summary>One position: by channels when there are enough (each thread reads half the weights), else on one thread.</summary>
    public override ThreadSplit Split(Shape input, Shape output)
        => Units >= 64 && input.Elements * Units >= 65_536 ? ThreadSplit.Channels : ThreadSplit.FirstThread;

    public override string Describe() => "Dense";
}
