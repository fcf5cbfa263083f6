using System;
using System.Collections.Generic;
using CnnDsl.Oracles;
using CnnDsl.Zoo;

namespace CnnDsl.Tests.Inference;

/// <summary>
/// <c>Forward(input, output)</c>, which reads the image and writes the result where the caller holds them when the plan
/// allows it (on two threads pinned, the helper thread finding them by address): against the reference executor and bit
/// for bit against <c>Forward()</c> on <c>InputBuffer</c> (the arena's own regions, the same layer code) at batches 1, 3
/// and 9 on one and two threads; and with the caller's spans against a page no access is allowed to, so that a value
/// read or written past either end stops the test, and the floats on the other side checked untouched.
/// </summary>
public class CallerSpanTests
{
    private static readonly Dictionary<string, (Func<NetworkWeights> Weights, Func<NetworkWeights, int, INetworkBuffers> Create)> Networks = new()
    {
        ["W2"] = (() => new BottleneckInPlace.Weights(), (w, t) => new BottleneckInPlace((BottleneckInPlace.Weights)w, t)),
        ["W5"] = (() => new DepthwiseSeparableInPlace.Weights(), (w, t) => new DepthwiseSeparableInPlace((DepthwiseSeparableInPlace.Weights)w, t)),
        ["W6"] = (() => new PointwiseInPlace.Weights(), (w, t) => new PointwiseInPlace((PointwiseInPlace.Weights)w, t)),
        ["E1"] = (() => new ExpandSwishInPlace.Weights(), (w, t) => new ExpandSwishInPlace((ExpandSwishInPlace.Weights)w, t)),
        ["E2"] = (() => new DepthwiseSwishInPlace.Weights(), (w, t) => new DepthwiseSwishInPlace((DepthwiseSwishInPlace.Weights)w, t)),
        ["PaddedOdd"] = (() => new PaddedOddInPlace.Weights(), (w, t) => new PaddedOddInPlace((PaddedOddInPlace.Weights)w, t)),
        ["Winograd"] = (() => new WinogradInPlace.Weights(), (w, t) => new WinogradInPlace((WinogradInPlace.Weights)w, t)),
        ["InputResidual"] = (() => new InputResidualInPlace.Weights(), (w, t) => new InputResidualInPlace((InputResidualInPlace.Weights)w, t)),
        ["OutputCopiedOut"] = (() => new OutputCopiedOut.Weights(), (w, t) => new OutputCopiedOut((OutputCopiedOut.Weights)w, t)),
        ["InputCopiedIn"] = (() => new InputCopiedIn.Weights(), (w, t) => new InputCopiedIn((InputCopiedIn.Weights)w, t)),
        ["CourseExample"] = (() => new CourseExample.Weights(), (w, t) => new CourseExample((CourseExample.Weights)w, t)),
        ["CourseExampleBottleneck"] = (() => new CourseExampleBottleneck.Weights(), (w, t) => new CourseExampleBottleneck((CourseExampleBottleneck.Weights)w, t)),
        ["SmallInception"] = (() => new SmallInception.Weights(), (w, t) => new SmallInception((SmallInception.Weights)w, t)),
        ["SmallInvertedResiduals"] = (() => new SmallInvertedResiduals.Weights(), (w, t) => new SmallInvertedResiduals((SmallInvertedResiduals.Weights)w, t)),
        ["SmallDepthwiseSeparable"] = (() => new SmallDepthwiseSeparable.Weights(), (w, t) => new SmallDepthwiseSeparable((SmallDepthwiseSeparable.Weights)w, t)),
        ["DepthwiseConvs"] = (() => new DepthwiseConvs.Weights(), (w, t) => new DepthwiseConvs((DepthwiseConvs.Weights)w, t)),
        ["UserBlocks"] = (() => new UserBlocks.Weights(), (w, t) => new UserBlocks((UserBlocks.Weights)w, t)),
        ["DenseLayers"] = (() => new DenseLayers.Weights(), (w, t) => new DenseLayers((DenseLayers.Weights)w, t)),
    };

    public static TheoryData<string, int> NetworksAndThreads()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in Networks.Keys)
        {
            data.Add(name, 1);
            data.Add(name, 2);
        }
        return data;
    }

    public static TheoryData<string, int, bool> NetworksAndGuards()
    {
        var data = new TheoryData<string, int, bool>();
        foreach (var name in Networks.Keys)
        {
            foreach (int threads in new[] { 1, 2 })
            {
                data.Add(name, threads, true);
                data.Add(name, threads, false);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(NetworksAndThreads))]
    public void Batches_match_the_reference_and_the_arena_buffers_bit_for_bit(string name, int threads)
    {
        var (makeWeights, create) = Networks[name];
        var weights = makeWeights();
        RandomWeights.Fill(weights, 5);
        using var network = (IDisposable)create(weights, threads);
        var buffers = (INetworkBuffers)network;
        foreach (int batch in new[] { 1, 3, 9 })
        {
            float[] images = RandomWeights.Input(batch * buffers.InputLength, 6 + batch);
            float[] original = (float[])images.Clone();
            var results = new float[batch * buffers.OutputLength];
            buffers.Forward(images, results);
            Assert.Equal(original, images);
            for (int n = 0; n < batch; n++)
            {
                var image = images.AsSpan(n * buffers.InputLength, buffers.InputLength);
                var result = results.AsSpan(n * buffers.OutputLength, buffers.OutputLength).ToArray();
                image.CopyTo(buffers.InputBuffer);
                buffers.Forward();
                Assert.Equal(buffers.OutputBuffer.ToArray(), result);
                if (batch == 3) Agreement.AssertClose(ReferenceExecutor.Run(weights.Graph, weights, image.ToArray(), 1), result, weights.Graph);
            }
        }
    }

    [Theory]
    [MemberData(nameof(NetworksAndGuards))]
    public void Nothing_is_read_or_written_outside_the_callers_spans(string name, int threads, bool guardAfter)
    {
        var (makeWeights, create) = Networks[name];
        var weights = makeWeights();
        RandomWeights.Fill(weights, 5);
        using var network = (IDisposable)create(weights, threads);
        var buffers = (INetworkBuffers)network;
        const int batch = 2;
        float[] images = RandomWeights.Input(batch * buffers.InputLength, 8);
        var expected = new float[batch * buffers.OutputLength];
        buffers.Forward(images, expected);

        using var input = new GuardedBuffer(images.Length, guardAfter);
        using var output = new GuardedBuffer(expected.Length, guardAfter);
        images.CopyTo(input.Span);
        output.Span.Fill(-7f);
        buffers.Forward(input.Span, output.Span);
        Assert.Equal(expected, output.Span.ToArray());
        Assert.Equal(images, input.Span.ToArray());
        AssertSentinel(input.Margin);
        AssertSentinel(output.Margin);
        if (OperatingSystem.IsLinux()) Assert.True(input.Guarded && output.Guarded);
    }

    /// <summary>A pretrained-size network whose first layer (7x7, 3 channels, padded) reads the 224x224 image in place.</summary>
    [Fact]
    public void A_whole_network_reads_the_image_in_place_within_it()
    {
        var weights = new ResNet18.Weights();
        RandomWeights.Fill(weights, 5);
        using var network = new ResNet18(weights);
        float[] image = RandomWeights.Input(ResNet18.InputLength, 8);
        image.CopyTo(network.InputBuffer);
        network.Forward();
        float[] expected = network.OutputBuffer.ToArray();
        foreach (bool guardAfter in new[] { true, false })
        {
            using var input = new GuardedBuffer(image.Length, guardAfter);
            image.CopyTo(input.Span);
            var output = new float[ResNet18.OutputLength];
            network.Forward(input.Span, output);
            Assert.Equal(expected, output);
            AssertSentinel(input.Margin);
        }
    }

    private static void AssertSentinel(Span<float> margin)
    {
        foreach (float value in margin) Assert.Equal(BitConverter.SingleToInt32Bits(float.NaN), BitConverter.SingleToInt32Bits(value));
    }
}
