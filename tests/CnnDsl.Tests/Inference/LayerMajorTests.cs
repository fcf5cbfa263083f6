using System;
using System.Reflection;

namespace CnnDsl.Tests.Inference;

// Networks whose weights exceed LayerMajor.MinWeights (8M floats, 32 MB), on few positions so that the oracles stay quick.

[Block(Merge = Merge.Add, Act = Act.Relu)]
public partial class LayerMajorProjection
{
    [Conv(512, 1, BatchNorm = true, Act = Act.Relu)] [Conv(512, 3, Stride = 2, BatchNorm = true, Act = Act.Relu)] [Conv(2048, 1, BatchNorm = true)] partial void Main();
    [Conv(2048, 1, Stride = 2, BatchNorm = true)] partial void Shortcut();
}

[Block(Merge = Merge.Add, Act = Act.Relu)]
public partial class LayerMajorIdentity
{
    [Conv(512, 1, Act = Act.Relu)] [Conv(512, 3, Act = Act.Relu)] [Conv(2048, 1)] partial void Main();
    [Identity] partial void Shortcut();
}

/// <summary>ResNet-50's stage 4 in small: a strided projection block, then a residual block, 9.2M weights on 4x4 and 2x2 positions.</summary>
[Network(Input = "4x4x512")]
[Use<LayerMajorProjection>]
[Use<LayerMajorIdentity>]
public partial class LayerMajorResidual { }

[Block(Merge = Merge.Concat)]
public partial class LayerMajorBranches
{
    [Conv(512, 1, Act = Act.Relu)] partial void Narrow();
    [Conv(512, 1, Act = Act.Relu)] [Conv(1024, 3, Act = Act.Relu)] partial void Wide();
    [MaxPool(3, Stride = 1)] [Conv(512, 1, Act = Act.Relu)] partial void Pooled();
}

/// <summary>A concatenation on 2x2 positions, then the dense layers a batch gathers: the chunk hands them over.</summary>
[Network(Input = "3x3x256")]
[Conv(512, 3, Stride = 2, Act = Act.Relu)]
[Use<LayerMajorBranches>]
[GlobalAvgPool]
[Dense(1024, Act = Act.Relu)]
[Dense(10, Act = Act.Softmax)]
public partial class LayerMajorConcat { }

[Block(Merge = Merge.Add, Act = Act.Relu)]
public partial class LayerMajorPair
{
    [Conv(1024, 1, Act = Act.Relu)] [Conv(2048, 1)] partial void Main();
    [Identity] partial void Shortcut();
}

/// <summary>Every layer after the cut, the first reading the caller's image in place and the last writing the caller's output.</summary>
[Network(Input = "1x1x2048")]
[Use<LayerMajorPair>(Repeat = 3)]
public partial class LayerMajorInPlace { }

/// <summary>
/// A batch on one thread runs its late layers layer by layer over chunks of <c>DenseBatch.Images</c> images: against
/// both oracles at batch sizes below, at and past a chunk, bit for bit against the same images one at a time, on two
/// threads (which run image by image), and with nothing allocated once warm.
/// </summary>
public class LayerMajorTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(9)]
    public void Residual_blocks_with_a_strided_shortcut(int batch) => Agreement.Check(new LayerMajorResidual.Weights(), w => new LayerMajorResidual(w).Forward, batch);

    [Theory]
    [InlineData(2)]
    [InlineData(9)]
    [InlineData(17)]
    public void Concatenation_then_gathered_dense_layers(int batch) => Agreement.Check(new LayerMajorConcat.Weights(), w => new LayerMajorConcat(w).Forward, batch);

    [Theory]
    [InlineData(3)]
    [InlineData(9)]
    [InlineData(19)]
    public void Caller_spans_in_place(int batch) => Agreement.Check(new LayerMajorInPlace.Weights(), w => new LayerMajorInPlace(w).Forward, batch);

    [Fact]
    public void On_two_threads() => Agreement.CheckOnTwoThreads(new LayerMajorResidual.Weights(), (w, t) => new LayerMajorResidual(w, t), batch: 9);

    [Fact]
    public void Concatenation_on_two_threads() => Agreement.CheckOnTwoThreads(new LayerMajorConcat.Weights(), (w, t) => new LayerMajorConcat(w, t), batch: 10);

    [Fact]
    public void A_batch_equals_its_images_run_one_by_one()
    {
        AssertEqualsOneByOne(new LayerMajorResidual.Weights(), w => new LayerMajorResidual(w), LayerMajorResidual.InputLength, LayerMajorResidual.OutputLength);
        AssertEqualsOneByOne(new LayerMajorConcat.Weights(), w => new LayerMajorConcat(w), LayerMajorConcat.InputLength, LayerMajorConcat.OutputLength);
        AssertEqualsOneByOne(new LayerMajorInPlace.Weights(), w => new LayerMajorInPlace(w), LayerMajorInPlace.InputLength, LayerMajorInPlace.OutputLength);
    }

    private static void AssertEqualsOneByOne<TWeights>(TWeights weights, Func<TWeights, INetwork> create, int inputLength, int outputLength)
        where TWeights : NetworkWeights
    {
        RandomWeights.Fill(weights, 5);
        var network = create(weights);
        const int batch = 11;
        float[] input = RandomWeights.Input(batch * inputLength, 6);
        var batched = new float[batch * outputLength];
        network.Forward(input, batched);
        for (int n = 0; n < batch; n++)
        {
            var single = new float[outputLength];
            network.Forward(input.AsSpan(n * inputLength, inputLength), single);
            Assert.Equal(single, batched.AsSpan(n * outputLength, outputLength).ToArray());
        }
    }

    [Fact]
    public void Forward_allocates_nothing_once_warm()
    {
        var weights = new LayerMajorConcat.Weights();
        RandomWeights.Fill(weights, 3);
        var network = new LayerMajorConcat(weights);
        float[] input = RandomWeights.Input(9 * LayerMajorConcat.InputLength, 4);
        var output = new float[9 * LayerMajorConcat.OutputLength];
        WarmUp.AssertAllocatesNothing(() => network.Forward(input, output));
    }

    [Fact]
    public void The_networks_above_take_the_layer_major_path()
    {
        // The tests above pass as well when a batch runs image by image: these say the path is there to test.
        foreach (var type in new[] { typeof(LayerMajorResidual), typeof(LayerMajorConcat), typeof(LayerMajorInPlace), typeof(CnnDsl.Zoo.ResNet50), typeof(CnnDsl.Zoo.ResNet18) })
            Assert.NotNull(type.GetMethod("ForwardLayerMajor", BindingFlags.NonPublic | BindingFlags.Instance));
        // Networks whose weights stay in the L3 between images keep running a batch image by image.
        foreach (var type in new[] { typeof(CnnDsl.Zoo.MobileNetV2), typeof(CnnDsl.Zoo.EfficientNetB0), typeof(CnnDsl.Zoo.GoogLeNet) })
            Assert.Null(type.GetMethod("ForwardLayerMajor", BindingFlags.NonPublic | BindingFlags.Instance));
        // The dense layers ending the concatenation network still run gathered, now from the chunk's copies.
        Assert.NotNull(typeof(LayerMajorConcat).GetMethod("RunBatchTail", BindingFlags.NonPublic | BindingFlags.Instance));
    }
}
