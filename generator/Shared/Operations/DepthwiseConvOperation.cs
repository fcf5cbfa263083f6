using System.Collections.Generic;
using CnnDsl.Model;
using CnnDsl.Text;

namespace CnnDsl.Operations;

/// <summary>Depthwise convolution (multiplier 1): weights <c>[channels, 1, kH, kW]</c>, bias, optional folded batch norm, activation.</summary>
internal sealed record DepthwiseConvOperation(int Channels, Window Window, bool Bias, bool BatchNorm, float Epsilon, Act Act) : Operation, IWindowed
{
    public override Op Op => Op.DepthwiseConv;

    public override Act Act { get; } = Act;

    public override Fusion Accepts => Fusion.FoldBatchNorm | Fusion.ActivationEpilogue;

    public override long MultiplyAdds(Shape input, Shape output) => checked((long)output.Height * output.Width * Weights);

    public override long Parameters(Shape input) => checked(Weights + (Bias ? Channels : 0));

    public override long BatchNormParameters(Shape output) => BatchNorm ? 2L * Channels : 0;

    /// <summary>Weights without the bias.</summary>
    /// <summary>It loads and stores whole channel vectors of each position (the last one past the channels, unless they fill it).</summary>
    public override bool ReadsInputInside(Node node, NodePlan plan) => CallerTensors.WholeVectors(Channels);

    /// <inheritdoc cref="ReadsInputInside"/>
    public override bool WritesOutputInside(Node node, NodePlan plan) => CallerTensors.WholeVectors(Channels);

    public long Weights => checked(Window.Taps * Channels);

    public override IEnumerable<ParameterTensor> Tensors(string name, Shape input)
        => ParameterLayout.Convolution(name, Channels, 1, Window.KernelH, Window.KernelW, Bias, BatchNorm);

    public override string Describe() => NodeText.Depthwise(Window.Text, BatchNorm, Act);
}
