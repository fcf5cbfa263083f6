using System;
using CnnDsl.Oracles;

namespace CnnDsl.Tests.Inference;

/// <summary>
/// <see cref="INetworkBuffers"/>: an image written into a network's InputBuffer and run by Forward() gives, in
/// OutputBuffer, within the agreement tolerance of the reference executor and bit for bit what Forward(input, output)
/// gives, on one and two threads, after a batch that gathered dense layers too; with the Forward contract's errors and no
/// allocation.
/// </summary>
public class NetworkBuffersTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Inception_module(int threads) => SameAsForward(new SmallInception.Weights(), w => new SmallInception(w, threads));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Dense_head_after_a_gathered_batch(int threads) => SameAsForward(new GatheredDenseHead.Weights(), w => new GatheredDenseHead(w, threads));

    [Fact]
    public void Inverted_residuals() => SameAsForward(new SmallInvertedResiduals.Weights(), w => new SmallInvertedResiduals(w, 1));

    [Fact]
    public void Buffers_hold_one_image_and_the_call_keeps_the_forward_contract()
    {
        var weights = new SmallInception.Weights();
        RandomWeights.Fill(weights, 3);
        var network = new SmallInception(weights, 2);
        Assert.Equal(SmallInception.InputLength, network.InputBuffer.Length);
        Assert.Equal(SmallInception.OutputLength, network.OutputBuffer.Length);
        RandomWeights.Input(SmallInception.InputLength, 4).CopyTo(network.InputBuffer);
        WarmUp.AssertAllocatesNothing(() => network.Forward());
        network.Dispose();
        Assert.Throws<ObjectDisposedException>(() => network.Forward());
    }

    private static void SameAsForward<TWeights>(TWeights weights, Func<TWeights, INetworkBuffers> create) where TWeights : NetworkWeights
    {
        RandomWeights.Fill(weights, 5);
        var network = create(weights);
        try
        {
            const int batch = 9;
            float[] images = RandomWeights.Input(batch * network.InputLength, 6);
            var expected = new float[batch * network.OutputLength];
            network.Forward(images, expected); // a batch first: a network ending in dense layers gathers them
            for (int n = 0; n < batch; n++)
            {
                images.AsSpan(n * network.InputLength, network.InputLength).CopyTo(network.InputBuffer);
                network.Forward();
                float[] image = images.AsSpan(n * network.InputLength, network.InputLength).ToArray();
                Agreement.AssertClose(ReferenceExecutor.Run(weights.Graph, weights, image, 1), network.OutputBuffer.ToArray(), weights.Graph);
                Assert.Equal(expected.AsSpan(n * network.OutputLength, network.OutputLength).ToArray(), network.OutputBuffer.ToArray());
            }
        }
        finally
        {
            (network as IDisposable)?.Dispose();
        }
    }
}
