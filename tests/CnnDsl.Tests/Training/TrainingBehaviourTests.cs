using System;
using System.Linq;
using CnnDsl.Tests.Inference;
using CnnDsl.Training;

namespace CnnDsl.Tests.Training;

/// <summary>Whole-network behaviour: learning, determinism across thread counts, freezing, no allocation per step.</summary>
public class TrainingBehaviourTests
{
    [Fact]
    public void A_small_network_overfits_a_fixed_batch_of_16()
    {
        var weights = new TinyMobileNetV2.Weights();
        weights.InitializeRandom(1);
        float[] images = RandomWeights.Input(16 * TinyMobileNetV2.Graph[0].Output.Length, 2);
        int[] labels = Enumerable.Range(0, 16).Select(i => i % 5).ToArray();
        using var trainer = new Trainer(weights, new TrainingOptions { Optimizer = new AdamOptimizer { LearningRate = 0.01f }, Threads = 2 });
        float first = trainer.Step(images, labels);
        float loss = first;
        for (int step = 0; step < 150 && loss > 0.02f; step++) loss = trainer.Step(images, labels);
        Assert.True(loss < 0.02f, $"loss went from {first} to only {loss}");
        // Training mode normalized with batch statistics; the running statistics have followed, so inference agrees.
        Assert.Equal(16, trainer.Evaluate(images, labels).Correct);
    }

    [Fact]
    public void Trained_weights_run_in_the_generated_inference_class()
    {
        // The trainer updates the Weights object in place: a new generated instance (which packs the weights when
        // built) gives outputs whose cross-entropy is the trainer's inference-mode evaluation.
        var data = new TrainingData(TrainingCase.Get("mobilenet-v2-like"));
        using var trainer = new Trainer(data.Weights, data.Options() with { Optimizer = new SgdOptimizer { LearningRate = 0.1f, Momentum = 0.9f } });
        for (int step = 0; step < 9; step++) data.Step(trainer);
        var output = new float[data.Case.Batch * TinyMobileNetV2.Graph[^1].Output.Length];
        new TinyMobileNetV2((TinyMobileNetV2.Weights)data.Weights).Forward(data.Images, output);
        double expected = CnnDsl.Oracles.ReferenceLoss.SoftmaxCrossEntropy(output.Select(v => (double)v).ToArray(), data.Labels,
            TinyMobileNetV2.Graph[^1].Output.Length, 0, outputIsProbabilities: false).Loss;
        float actual = trainer.Evaluate(data.Images, data.Labels).Loss;
        Assert.True(Math.Abs(actual - expected) <= 1e-4 * Math.Max(1, expected), $"evaluation {actual} vs generated inference {expected}");
    }

    [Theory]
    [InlineData("mobilenet-v2-like", false)]
    [InlineData("wide-channels-batch-5", false)] // image blocks of four and one, several channel blocks, gathered weight-gradient chunks
    [InlineData("general-convolutions", false)]
    [InlineData("winograd-odd-sizes-channels-paddings-residual-batch-3", false)] // image x tile-row items; weights transformed each step
    [InlineData("mobilenet-v2-like", true)] // the generated type: its pointwise and depthwise layers one image per item
    [InlineData("general-convolutions", true)] // grouped, dilated, strided, padded forwards on ConvolutionTraining one image per item
    [InlineData("convolutions", true)] // ConvolutionTraining beside a narrow layer on the trainer's kernel
    [InlineData("resnet-stem-7x7-on-3-channels-batch-3", true)] // weight gradients on ConvolutionTraining: the 7x7 stride-2 stem by kernel rows
    [InlineData("weight-gradient-tiles-chunks-paddings-batch-3", true)]
    [InlineData("direct-weight-gradient-blocks-70-66-130-37-stride-2-groups-dilations-batch-3", true)] // several blocks of channels: two to eight items
    [InlineData("pointwise-depthwise-branches-residuals-270-channels-batch-3", true)]
    [InlineData("pointwise-weight-gradient-runs-odd-channels-batch-3", true)] // weight gradients in halves of the batch, each over chunks of positions, vectors along the outputs or the inputs
    [InlineData("depthwise-stride-2-same-same-lower-odd-even-13-channels-batch-3", true)] // depthwise weight gradients in parts of the batch at stride 2
    [InlineData("depthwise-stride-2-dilated-valid-one-axis-19-channels-batch-3", true)]
    [InlineData("winograd-generated-f4-14x14-f2-7x7-f4-9x9-pads-0-1-2-residual-batch-3", true)] // Winograd layers one image per item; F(3x3, 2x2) weight gradients per block of channels
    [InlineData("winograd-weight-gradient-blocks-70-129-35-channels-pads-2-1-0-1-batch-3", true)] // weight gradients of two to six items, partial blocks
    [InlineData("winograd-odd-sizes-channels-paddings-residual-batch-3", true)]
    [InlineData("winograd-generated-5x5-1x7-7x1-odd-sizes-pads-0-to-4-3x3-pad-3-inception-concat-batch-3", true)] // F(2x2,5x5) and F(4,7) one image per item; their direct weight gradients
    [InlineData("strided-input-gradients-image-blocks-of-4-and-1-batch-5", true)] // ConvolutionTraining's input gradients in blocks of images and rows
    public void A_step_is_the_same_whatever_the_thread_count(string name, bool generated)
    {
        var c = TrainingCase.Get(name);
        float[][] results = new float[3][];
        float[] losses = new float[3];
        for (int threads = 1; threads <= 3; threads++)
        {
            var data = new TrainingData(c);
            var (owner, trainer) = data.Trainer(data.Options(threads) with { InputGradient = !generated, Optimizer = new SgdOptimizer { LearningRate = 0.1f, Momentum = 0.9f } }, generated);
            using var _ = owner;
            Assert.Equal(generated, trainer.GeneratedLayers.Count > 0);
            for (int step = 0; step < 3; step++) losses[threads - 1] = data.Step(trainer);
            results[threads - 1] = data.Weights.Tensors.SelectMany(t => data.Weights[t.Name]).ToArray();
        }
        Assert.Equal(losses[0], losses[1]);
        Assert.Equal(losses[0], losses[2]);
        Assert.Equal(results[0], results[1]);
        Assert.Equal(results[0], results[2]);
    }

    [Fact]
    public void Frozen_parameters_and_frozen_batch_norm_statistics_do_not_change()
    {
        var data = new TrainingData(TrainingCase.Get("frozen-stem-and-one-tensor"));
        var frozen = data.Weights.Tensors.Where(t => t.Name.StartsWith("stem", StringComparison.Ordinal) || t.Name == "classifier.bias").Select(t => t.Name).ToArray();
        Assert.Contains("stem.bn.running_mean", frozen);
        var before = data.Weights.Tensors.ToDictionary(t => t.Name, t => data.Weights[t.Name].ToArray());
        using var trainer = new Trainer(data.Weights, data.Options() with { Optimizer = new SgdOptimizer { LearningRate = 0.1f } });
        for (int step = 0; step < 2; step++) data.Step(trainer);
        foreach (string name in frozen)
        {
            Assert.Equal(before[name], data.Weights[name]);
            Assert.False(trainer.IsTrainable(name));
            Assert.Throws<InvalidOperationException>(() => trainer.Gradient(name).Length);
        }
        Assert.NotEqual(before["classifier.weight"], data.Weights["classifier.weight"]);
        // A batch norm that is trained updates its running statistics.
        Assert.NotEqual(before["head.bn.running_mean"], data.Weights["head.bn.running_mean"]);
        Assert.NotEqual(before["head.bn.running_var"], data.Weights["head.bn.running_var"]);
    }

    [Fact]
    public void A_frozen_stem_gets_no_gradient_memory()
    {
        var data = new TrainingData(TrainingCase.Get("mobilenet-v2-like"));
        var all = new Trainer(data.Weights, data.Options() with { InputGradient = false });
        var frozen = new Trainer(data.Weights, data.Options() with { InputGradient = false, Frozen = ["stem"] });
        all.Step(data.Images, data.Labels);
        frozen.Step(data.Images, data.Labels);
        // Nothing upstream of the stem's output is trained: the input and stem keep no gradient buffer.
        Assert.True(frozen.BytesPerImage < all.BytesPerImage, $"{frozen.BytesPerImage} vs {all.BytesPerImage}");
        all.Dispose();
        frozen.Dispose();
    }

    [Theory]
    [InlineData(1, "mobilenet-v2-like", false)]
    [InlineData(2, "mobilenet-v2-like", false)]
    [InlineData(1, "winograd-odd-sizes-channels-paddings-residual-batch-3", false)] // weights transformed in place each step
    [InlineData(2, "winograd-odd-sizes-channels-paddings-residual-batch-3", false)]
    [InlineData(1, "pointwise-depthwise-branches-residuals-270-channels-batch-3", true)] // generated layers: weights packed again each step, scratch per thread
    [InlineData(2, "pointwise-depthwise-branches-residuals-270-channels-batch-3", true)]
    [InlineData(1, "winograd-generated-f4-14x14-f2-7x7-f4-9x9-pads-0-1-2-residual-batch-3", true)] // both Winograd weight sets packed into buffers made once
    [InlineData(2, "winograd-generated-f4-14x14-f2-7x7-f4-9x9-pads-0-1-2-residual-batch-3", true)]
    [InlineData(1, "winograd-generated-5x5-1x7-7x1-odd-sizes-pads-0-to-4-3x3-pad-3-inception-concat-batch-3", true)]
    [InlineData(2, "winograd-generated-5x5-1x7-7x1-odd-sizes-pads-0-to-4-3x3-pad-3-inception-concat-batch-3", true)]
    [InlineData(1, "winograd-weight-gradient-blocks-70-129-35-channels-pads-2-1-0-1-batch-3", true)] // the weight gradient's buffer made at the first step
    [InlineData(2, "winograd-weight-gradient-blocks-70-129-35-channels-pads-2-1-0-1-batch-3", true)]
    [InlineData(1, "direct-weight-gradient-blocks-70-66-130-37-stride-2-groups-dilations-batch-3", true)] // ConvolutionTraining's packed weight gradient made at the first step
    [InlineData(2, "direct-weight-gradient-blocks-70-66-130-37-stride-2-groups-dilations-batch-3", true)]
    [InlineData(1, "strided-input-gradients-image-blocks-of-4-and-1-batch-5", true)] // ConvolutionTraining's input-gradient weights packed into a buffer made at the first step
    [InlineData(2, "strided-input-gradients-image-blocks-of-4-and-1-batch-5", true)]
    public void Steps_after_the_first_allocate_nothing(int threads, string name, bool generated)
    {
        // Counted on the calling thread (the process-wide count includes tests running in parallel); with two threads
        // the pool's hand-over is on this thread too, and each worker runs the same kernels as the caller.
        var data = new TrainingData(TrainingCase.Get(name));
        var (owner, trainer) = data.Trainer(data.Options(threads) with { InputGradient = !generated, Optimizer = new AdamOptimizer(), ClipGlobalNorm = 1 }, generated);
        using var _ = owner;
        // Warm-up past the JIT's tier-up (call counting promotes a method after 30 calls, and the thread that reaches
        // the count allocates a few bytes once): what is measured is the engine's own per-step allocation.
        for (int step = 0; step < 40; step++) data.Step(trainer);
        // Six windows of three steps: an engine that allocates per step (or every few steps) allocates in several
        // windows. The runtime can still allocate once, late, on this thread while other tests load the machine (24
        // bytes seen once with AVX-512 on, 8,144 once with intrinsics off, every other window 0), so one window of
        // under 16 KB is let pass, and only one.
        var windows = new long[6];
        for (int w = 0; w < windows.Length; w++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int step = 0; step < 3; step++) data.Step(trainer);
            windows[w] = GC.GetAllocatedBytesForCurrentThread() - before;
        }
        int allocating = windows.Count(bytes => bytes != 0);
        Assert.True(allocating == 0 || (allocating == 1 && windows.Max() < 16 * 1024),
            $"Bytes allocated in six windows of three steps: {string.Join(", ", windows)}.");
    }
}
