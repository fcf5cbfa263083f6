using System;
using System.Reflection;

namespace CnnDsl.Tests.Inference;

[Network(Input = "7x6x5")]
[Conv(9, 3, Act = Act.Relu)]
[GlobalAvgPool]
[Dense(37, Act = Act.Relu)]
[Dropout(0.3)]
[Dense(19, Act = Act.Softmax)]
public partial class GatheredDenseHead { }

[Network(Input = "5x4x6")]
[Conv(7, 3, Act = Act.Swish)]
[Flatten]
[Dense(29, Act = Act.Swish)]
[Dense(11, Bias = false)]
public partial class FlattenedDenseHead { }

/// <summary>A head on precomputed features (a cached backbone's): every layer is in the gathered chain, whose input is the network's.</summary>
[Network(Input = "1x1x40")]
[Dense(33, Act = Act.Relu)]
[Dense(7)]
public partial class FeatureHead { }

/// <summary>
/// The dense layers ending a network run on up to <c>DenseBatch.Images</c> images of a batch at once: against both
/// oracles at batch sizes below, at and past a full gathering (and a last partial one), bit for bit against the same
/// images one at a time, and on two threads.
/// </summary>
public class DenseTailTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(19)]
    public void Pooled_head_with_softmax(int batch) => Agreement.Check(new GatheredDenseHead.Weights(), w => new GatheredDenseHead(w).Forward, batch);

    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(17)]
    public void Flattened_head_with_swish(int batch) => Agreement.Check(new FlattenedDenseHead.Weights(), w => new FlattenedDenseHead(w).Forward, batch);

    [Theory]
    [InlineData(1)]
    [InlineData(9)]
    [InlineData(16)]
    public void Head_on_features_gathers_the_network_input(int batch) => Agreement.Check(new FeatureHead.Weights(), w => new FeatureHead(w).Forward, batch);

    [Fact]
    public void On_two_threads() => Agreement.CheckOnTwoThreads(new GatheredDenseHead.Weights(), (w, t) => new GatheredDenseHead(w, t), batch: 9);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_batch_equals_its_images_run_one_by_one(int threads)
    {
        var weights = new FlattenedDenseHead.Weights();
        RandomWeights.Fill(weights, 5);
        using var network = new FlattenedDenseHead(weights, threads);
        const int batch = 11;
        float[] input = RandomWeights.Input(batch * FlattenedDenseHead.InputLength, 6);
        var batched = new float[batch * FlattenedDenseHead.OutputLength];
        network.Forward(input, batched);
        for (int n = 0; n < batch; n++)
        {
            var single = new float[FlattenedDenseHead.OutputLength];
            network.Forward(input.AsSpan(n * FlattenedDenseHead.InputLength, FlattenedDenseHead.InputLength), single);
            Assert.Equal(single, batched.AsSpan(n * FlattenedDenseHead.OutputLength, FlattenedDenseHead.OutputLength).ToArray());
        }
    }

    [Fact]
    public void Only_networks_ending_in_dense_layers_gather_them()
    {
        // The tests above pass as well when nothing is gathered: these say the gathering is there to test.
        Assert.NotNull(typeof(GatheredDenseHead).GetMethod("RunBatchTail", BindingFlags.NonPublic | BindingFlags.Instance));
        Assert.NotNull(typeof(FlattenedDenseHead).GetMethod("RunBatchTail", BindingFlags.NonPublic | BindingFlags.Instance));
        Assert.NotNull(typeof(FeatureHead).GetMethod("RunBatchTail", BindingFlags.NonPublic | BindingFlags.Instance));
        Assert.NotNull(typeof(CnnDsl.Zoo.MobileNetV2).GetMethod("RunBatchTail", BindingFlags.NonPublic | BindingFlags.Instance));
        // A standalone softmax after the last dense layer is not a dense layer: nothing to gather.
        Assert.Null(typeof(DenseLayers).GetMethod("RunBatchTail", BindingFlags.NonPublic | BindingFlags.Instance));
    }
}
