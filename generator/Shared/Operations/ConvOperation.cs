using System.Collections.Generic;
using CnnDsl.Model;
using CnnDsl.Text;

namespace CnnDsl.Operations;

/// <summary>
/// Standard convolution: weights OIHW <c>[filters, inChannels / groups, kH, kW]</c> (ONNX's layout), then bias, then
/// an optional batch normalization (<c>{name}.bn.*</c>) folded at load, then the activation. With groups, output
/// channels of group g read only input channels of group g.
/// </summary>
internal sealed record ConvOperation(int Filters, Window Window, bool Bias, bool BatchNorm, float Epsilon, Act Act, int Groups = 1) : Operation, IWindowed
{
    public override Op Op => Op.Conv;

    public override Act Act { get; } = Act;

    public override Fusion Accepts
        => Fusion.FoldBatchNorm | Fusion.ActivationEpilogue | Fusion.ResidualEpilogue | Fusion.ConcatSlice | Fusion.ZeroBorderedInput
            | (Pointwise ? Fusion.GatedWeights : Fusion.None);

    /// <summary>A 1x1, stride-1, unpadded, undilated, ungrouped convolution: a matrix multiply over the positions.</summary>
    public bool Pointwise => Window.KernelH == 1 && Window.KernelW == 1 && Window.StrideH == 1 && Window.StrideW == 1
        && !Window.Pads.Any && !Window.Dilated && Groups == 1;

    public override long MultiplyAdds(Shape input, Shape output)
        => checked((long)output.Height * output.Width * Weights(input));

    public override long Parameters(Shape input) => checked(Weights(input) + (Bias ? Filters : 0));

    public override long BatchNormParameters(Shape output) => BatchNorm ? 2L * Filters : 0;

    /// <summary>
    /// By rows, except late layers of fewer than 14 rows and at least 64 filters (two pairs of 16-float vectors):
    /// 7 rows split 3 + 4, while 512 channels split evenly and each thread reads half the weights.
    /// </summary>
    public override ThreadSplit Split(Shape input, Shape output)
        => Groups == 1 && output.Height < 14 && Filters >= 64 ? ThreadSplit.Channels : base.Split(input, output);

    /// <summary>Weights without the bias.</summary>
    /// <summary>
    /// The direct kernel broadcasts one input value at a time (a padded layer reads its bordered copy, made row by row);
    /// Winograd's input transform loads whole channel vectors and the channels left over one by one.
    /// </summary>
    public override bool ReadsInputInside(Node node, NodePlan plan) => true;

    /// <summary>The direct kernel reads its stored sums back as whole channel vectors (its stores are masked past the channels).</summary>
    public override bool WritesOutputInside(Node node, NodePlan plan) => CallerTensors.WholeVectors(Filters);

    public long Weights(Shape input) => checked(Window.Taps * (input.Channels / Groups) * Filters);

    public override IEnumerable<ParameterTensor> Tensors(string name, Shape input)
        => ParameterLayout.Convolution(name, Filters, input.Channels / Groups, Window.KernelH, Window.KernelW, Bias, BatchNorm);

    public override string Describe() => NodeText.Convolution(Window.Text, Groups, BatchNorm, Act);
}
