using System.Collections.Generic;
using CnnDsl.Model;

namespace CnnDsl.Operations;

/// <summary>
/// Inference-form batch normalization with tensors <c>{name}.weight/bias/running_mean/running_var</c>, then the
/// activation. Folds into a preceding convolution that allows it; otherwise runs channelwise, in place.
/// </summary>
internal sealed record BatchNormOperation(float Epsilon, Act Act) : Operation
{
    public override Op Op => Op.BatchNorm;

    public override Act Act { get; } = Act;

    public override Join Joins => Join.FoldIntoProducer;

    public override Fusion Accepts => Fusion.ActivationEpilogue;

    public override bool InPlace => true;

    public override long BatchNormParameters(Shape output) => 2L * output.Channels;

    public override IEnumerable<ParameterTensor> Tensors(string name, Shape input) => ParameterLayout.BatchNorm(name + ".", input.Channels);

    public override string Describe() => "BatchNorm";
}
