using System;
using System.Linq;
using CnnDsl.Training;

namespace CnnDsl.Tests.Training;

/// <summary>
/// The generated <c>Training</c> type: it trains on the compile-time memory plan (buffers shared between values that
/// live at different times) and on its generated layers (pointwise convolutions' forward and input gradient on the
/// inference's kernel), and gives the reference backward's gradients (double precision, written from the
/// definitions), the same values on any plan and any thread count, and the runtime trainer's losses to rounding.
/// </summary>
public class GeneratedTrainingTests
{
    public static TheoryData<string> Cases => TrainingCase.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generated_gradients_match_the_reference_backward(string name)
    {
        var data = new TrainingData(TrainingCase.Get(name));
        var reference = data.Reference(CnnDsl.Oracles.ReferenceTraining.Parameters(data.Weights));
        var (owner, trainer) = data.Generated(data.Options() with { InputGradient = false });
        using var _ = owner;
        Assert.Equal(data.Case.Frozen.Count == 0, trainer.PlannedAtCompileTime);
        float loss = data.ComputeGradients(trainer);

        Assert.True(Math.Abs(loss - reference.Loss) <= 1e-4 * Math.Max(1, Math.Abs(reference.Loss)), $"loss {loss} vs reference {reference.Loss}");
        Assert.NotEmpty(reference.Gradients);
        foreach (var (tensor, expected) in reference.Gradients)
            TrainingData.AssertClose(expected, trainer.Gradient(tensor), 1e-4, tensor, data.NodeScale(reference.Gradients, tensor));
    }

    [Theory]
    [InlineData("convolutions")] // a 5x5 at stride 2 on 3 channels
    [InlineData("general-convolutions")] // 3 groups of 2
    [InlineData("resnet-stem-7x7-on-3-channels-batch-3")] // the 7x7 stride-2 stem
    [InlineData("direct-weight-gradient-blocks-70-66-130-37-stride-2-groups-dilations-batch-3")] // stride 2, asymmetric pads, 70 channels: input blocks of 64 and 6
    [InlineData("strided-input-gradients-1x1-stride-2-branches-groups-7-dilated-131-channels-asymmetric-pads-batch-3")] // a 1x1 at stride 2; a block's two strided branches
    [InlineData("strided-input-gradients-image-blocks-of-4-and-1-batch-5")]
    public void Generated_input_gradients_of_direct_convolutions_match_the_reference_backward(string name)
    {
        // The first layer's input gradient, asked for, on ConvolutionTraining (the cases above check the layers after
        // the first through the weight gradients they feed).
        var data = new TrainingData(TrainingCase.Get(name));
        var first = data.Weights.Graph.First(n => n.Op == Op.Conv);
        var reference = data.Reference(CnnDsl.Oracles.ReferenceTraining.Parameters(data.Weights));
        var (owner, trainer) = data.Generated(data.Options(threads: 3));
        using var _ = owner;
        Assert.Contains(first.Name, trainer.GeneratedLayers);
        data.ComputeGradients(trainer);
        TrainingData.AssertClose(reference.InputGradient, trainer.InputGradient, 1e-4, "input");
        foreach (var (tensor, expected) in reference.Gradients)
            TrainingData.AssertClose(expected, trainer.Gradient(tensor), 1e-4, tensor, data.NodeScale(reference.Gradients, tensor));
    }

    [Fact]
    public void Pooling_layers_train_on_their_generated_layers()
    {
        // The gradient checks above run these layers' backward; this checks that they run the generated ones.
        var data = new TrainingData(TrainingCase.Get("pools-21-channels-relu-ties-batch-3"));
        var (owner, trainer) = data.Generated(data.Options());
        using var _ = owner;
        var pools = TrainWidePools.Graph.Where(n => n.Op is Op.MaxPool or Op.AvgPool).Select(n => n.Name).ToList();
        Assert.Equal(4, pools.Count);
        Assert.All(pools, name => Assert.Contains(name, trainer.GeneratedLayers));
    }

    [Fact]
    public void Max_pooling_sends_a_tie_to_the_first_position_of_its_window()
    {
        // An image of few distinct values ties in most windows: the input gradient shows which position took each one.
        var data = new TrainingData(TrainingCase.Get("max-pools-on-the-input-batch-2"));
        for (int i = 0; i < data.Images.Length; i++) data.Images[i] = MathF.Round(data.Images[i] * 2) / 2;
        var reference = data.Reference(CnnDsl.Oracles.ReferenceTraining.Parameters(data.Weights));
        var (owner, trainer) = data.Generated(data.Options());
        using var _ = owner;
        Assert.Contains(TrainTiedPools.Graph[1].Name, trainer.GeneratedLayers);
        data.ComputeGradients(trainer);
        TrainingData.AssertClose(reference.InputGradient, trainer.InputGradient, 1e-4, "input");
    }

    [Fact]
    public void Generated_steps_are_the_same_on_another_plan_and_close_to_the_runtime_trainer()
    {
        // Asking for the input gradient makes the generated type plan again (more kept, other slots); no plan may
        // change a value: losses and weights agree exactly over steps with momentum, dropout and batch norm. The
        // runtime trainer (its own kernels for the pointwise layers too) agrees to rounding.
        var optimizer = new SgdOptimizer { LearningRate = 0.1f, Momentum = 0.9f };
        var compiled = new TrainingData(TrainingCase.Get("mobilenet-v2-like"));
        var replanned = new TrainingData(TrainingCase.Get("mobilenet-v2-like"));
        var runtime = new TrainingData(TrainingCase.Get("mobilenet-v2-like"));
        using var training = new TinyMobileNetV2.Training((TinyMobileNetV2.Weights)compiled.Weights, compiled.Options() with { InputGradient = false, Optimizer = optimizer });
        using var other = new TinyMobileNetV2.Training((TinyMobileNetV2.Weights)replanned.Weights, replanned.Options() with { Optimizer = optimizer with { } });
        using var trainer = new Trainer(runtime.Weights, runtime.Options() with { Optimizer = optimizer with { } });
        Assert.True(training.Trainer.PlannedAtCompileTime);
        Assert.False(other.Trainer.PlannedAtCompileTime);
        Assert.Equal(TinyMobileNetV2.Training.BytesPerImage, training.Trainer.BytesPerImage);
        Assert.NotEqual(-1, other.Trainer.Plan.Nodes[0].Gradient);
        Assert.False(other.Trainer.Plan.Nodes.SequenceEqual(training.Trainer.Plan.Nodes));
        Assert.NotEmpty(training.Trainer.GeneratedLayers);
        Assert.Equal(training.Trainer.GeneratedLayers, other.Trainer.GeneratedLayers);
        Assert.Empty(trainer.GeneratedLayers);
        for (int step = 0; step < 4; step++)
        {
            float loss = training.Step(compiled.Images, compiled.Labels);
            Assert.Equal(loss, other.Step(replanned.Images, replanned.Labels));
            float expected = runtime.Step(trainer);
            Assert.True(Math.Abs(loss - expected) <= 1e-4 * Math.Max(1, Math.Abs(expected)), $"step {step}: generated {loss} vs runtime {expected}");
        }
        foreach (var tensor in compiled.Weights.Tensors)
        {
            Assert.Equal(replanned.Weights[tensor.Name], compiled.Weights[tensor.Name]);
            TrainingData.AssertClose(runtime.Weights[tensor.Name].Select(v => (double)v).ToArray(), compiled.Weights[tensor.Name], 1e-3, tensor.Name);
        }
        Assert.Equal(other.Evaluate(replanned.Images, replanned.Labels), training.Evaluate(compiled.Images, compiled.Labels));
    }

    [Fact]
    public void Convolutions_outside_winograd_train_on_generated_layers_except_pointwise_ones_of_few_positions()
    {
        // 9 x 8 = 72 positions: every 1x1 convolution, the depthwise one and the 3x3 stem (3 input channels: direct in
        // inference, not Winograd). TinyMobileNetV2's 1x1 layers at 3 x 3 run the trainer's kernels (which take several
        // images per weight load), its 6 x 6 ones generated code, and its stride-2 stem (rows of 6) the trainer's kernel.
        using var pointwise = new TrainPointwise.Training(new TrainPointwise.Weights());
        var expected = TrainPointwise.Graph.Where(n => n.Op is Op.DepthwiseConv or Op.Conv).Select(n => n.Name).ToArray();
        Assert.Equal(10, expected.Length);
        Assert.Equal(expected, pointwise.Trainer.GeneratedLayers);
        using var mobile = new TinyMobileNetV2.Training(new TinyMobileNetV2.Weights());
        var generated = mobile.Trainer.GeneratedLayers;
        Assert.DoesNotContain("stem", generated);
        Assert.All(TinyMobileNetV2.Graph.Where(n => n.Op == Op.DepthwiseConv), n => Assert.Contains(n.Name, generated));
        var pointwiseLayers = TinyMobileNetV2.Graph.Where(n => n.Op == Op.Conv && n.KernelH == 1).ToArray();
        Assert.Contains(pointwiseLayers, n => n.Output.Height * n.Output.Width < 12);
        Assert.All(pointwiseLayers, n => Assert.Equal(n.Output.Height * n.Output.Width >= 12, generated.Contains(n.Name)));
    }

    [Fact]
    public void Direct_convolutions_train_on_generated_layers_from_seven_output_columns()
    {
        // Convolutions inference runs row by row on the direct kernel (neither pointwise nor Winograd) train their forward
        // on ConvolutionTraining where the output rows are 7 columns or more (ConvolutionTrainingRule), else on the
        // trainer's kernel, which takes the whole batch at once. TrainConvolutions: 4 x 7 at stride 2 and pad 1 generated,
        // the valid 2x2 (3 x 6) not, the 1x1 after it (18 positions) on the pointwise layer; TrainGeneralConvolutions:
        // every grouped, dilated, per-axis-strided, explicitly padded layer (7 to 26 columns); TrainResNetStem: the 7x7
        // stem (10 x 20) and the valid stride-2 3x3 (4 x 9), not the 3x3 between (Winograd of 15 tiles).
        using var plain = new TrainConvolutions.Training(new TrainConvolutions.Weights());
        Assert.Equal(["conv1", "conv2", "conv4"], plain.Trainer.GeneratedLayers);
        Assert.Equal(6, TrainConvolutions.Graph.Single(n => n.Name == "conv3").Output.Width);
        using var general = new TrainGeneralConvolutions.Training(new TrainGeneralConvolutions.Weights());
        Assert.Equal(["conv1", "conv2", "conv3", "conv4", "conv5", "conv6"], general.Trainer.GeneratedLayers);
        Assert.Equal(7, TrainGeneralConvolutions.Graph.Single(n => n.Name == "conv6").Output.Width);
        using var stem = new TrainResNetStem.Training(new TrainResNetStem.Weights());
        Assert.Equal(["conv1", "conv3"], stem.Trainer.GeneratedLayers);
        // Their weight gradients too (the trainer's direct algorithm, the shape's sizes constant).
        Assert.Equal(plain.Trainer.GeneratedLayers, plain.Trainer.GeneratedWeightGradients);
        Assert.Equal(general.Trainer.GeneratedLayers, general.Trainer.GeneratedWeightGradients);
        Assert.Equal(stem.Trainer.GeneratedLayers, stem.Trainer.GeneratedWeightGradients);
        using var blocks = new TrainDirectBlocks.Training(new TrainDirectBlocks.Weights());
        Assert.Equal(["conv1", "conv2", "conv3"], blocks.Trainer.GeneratedWeightGradients);
        // A 1x1 at stride 2 is not pointwise (PointwiseTraining): ConvolutionTraining runs it, input gradient too.
        using var strided = new TrainStridedInputGradients.Training(new TrainStridedInputGradients.Weights());
        var convolutions = TrainStridedInputGradients.Graph.Where(n => n.Op == Op.Conv).Select(n => n.Name).ToArray();
        Assert.Equal(4, convolutions.Length);
        Assert.Equal(convolutions, strided.Trainer.GeneratedLayers);
    }

    [Fact]
    public void Winograd_layers_train_on_generated_layers()
    {
        // Every 3x3 stride-1 layer of 32 channels or more that inference runs by Winograd, of either tile, on 16 tiles or
        // more per image; the stride-2 layer on the direct kernel's generated forward. conv4 (9 x 9 by F(4x4): 9 tiles) is
        // left to the trainer's kernels, which take the whole batch at once.
        using var tiles = new TrainWinogradTiles.Training(new TrainWinogradTiles.Weights());
        Assert.Equal(TrainWinogradTiles.Graph.Where(n => n.Op == Op.Conv && n.Name != "conv4").Select(n => n.Name), tiles.Trainer.GeneratedLayers);
        using var odd = new TrainWinograd.Training(new TrainWinograd.Weights());
        Assert.Equal(TrainWinograd.Graph.Where(n => n.Op == Op.Conv).Select(n => n.Name), odd.Trainer.GeneratedLayers);
        // Their weight gradients too (F(3x3, 2x2) with the layer's sizes constant), as every 3x3 one of 32 channels or more in and out.
        Assert.Equal(tiles.Trainer.GeneratedLayers, tiles.Trainer.GeneratedWeightGradients);
        Assert.Equal(odd.Trainer.GeneratedLayers, odd.Trainer.GeneratedWeightGradients);
        using var blocks = new TrainWinogradBlocks.Training(new TrainWinogradBlocks.Weights());
        Assert.Equal(["conv1", "conv2", "conv3"], blocks.Trainer.GeneratedWeightGradients);
        // One shape struct per distinct geometry (the residual block's two layers share one), in the generated file's layer class.
        var shapes = typeof(TrainWinogradTiles).Assembly.GetTypes().Where(t => t.IsValueType && t.GetInterfaces().Contains(typeof(CnnDsl.Kernels.IWinogradShape))
            && t.DeclaringType?.Name.Contains("TrainWinogradTiles", StringComparison.Ordinal) == true).Select(t => t.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["Winograd_14x14x32_14x14x40_Pad1x1_F4", "Winograd_7x7x35_7x7x35_Pad1x1_F2", "Winograd_7x7x36_7x7x33_Pad1x1_F2", "Winograd_9x9x35_7x7x35_Pad0x0_F2"], shapes);
    }

    [Fact]
    public void Winograd_5x5_and_line_layers_train_on_generated_layers()
    {
        // Every 5x5, 1 x 7 and 7 x 1 layer that inference runs by Winograd on 16 tiles or more per image; the first,
        // pointwise layer on its own generated layer. Left to the trainer's kernels: the 3x3 with pads of 3 (10 x 12 by
        // F(4x4): 9 tiles), the valid 5x5 down to 6 x 8 (12 tiles), the valid 1 x 7 down to 6 x 2 and the Inception block on 6 x 2.
        using var kernels = new TrainWinogradKernels.Training(new TrainWinogradKernels.Weights());
        Assert.Equal(["conv1", "conv2", "conv3", "conv4", "conv5", "conv6", "conv7"], kernels.Trainer.GeneratedLayers);
        // Their weight gradients too: the trainer's direct algorithm, the layer's sizes constant.
        Assert.Equal(kernels.Trainer.GeneratedLayers, kernels.Trainer.GeneratedWeightGradients);
        var shapes = typeof(TrainWinogradKernels).Assembly.GetTypes().Where(t => t.IsValueType && t.GetInterfaces().Contains(typeof(CnnDsl.Kernels.IWinogradShape))
            && t.DeclaringType?.Name.Contains("TrainWinogradKernels", StringComparison.Ordinal) == true).Select(t => t.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["Winograd1x7_11x9x35_11x9x33_Pad0x3_F4", "Winograd1x7_11x9x36_12x8x37_Pad1x1_F4", "Winograd5x5_11x9x33_11x9x34_Pad2x2_F2", "Winograd5x5_11x9x34_11x9x35_Pad1x4_F2",
            "Winograd7x1_11x9x33_11x9x36_Pad3x0_F4", "Winograd7x1_12x8x37_6x8x35_Pad0x0_F4"], shapes);
    }

    [Fact]
    public void A_generated_winograd_layer_for_another_geometry_is_refused_with_its_numbers()
    {
        var weights = new TrainPointwise.Weights();
        var stem = TrainPointwise.Graph.Single(n => n.Name == "stem");
        var error = Assert.Throws<ArgumentException>(() => new OnLayers(weights, id => id == stem.Id ? new WinogradTraining<NineByNine>() : null));
        Assert.Contains("'stem'", error.Message, StringComparison.Ordinal);
        Assert.Contains("9x9x32 -> 9x9x48", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_generated_winograd_layer_for_another_kernel_or_tile_is_refused_with_its_numbers()
    {
        // The stem's geometry (9 x 8 x 3 -> 9 x 8 x 7, pads 1) but a 5x5 kernel; then its 3x3 kernel with a tile no kernel runs.
        var weights = new TrainPointwise.Weights();
        var stem = TrainPointwise.Graph.Single(n => n.Name == "stem");
        var kernel = Assert.Throws<ArgumentException>(() => new OnLayers(weights, id => id == stem.Id ? new WinogradTraining<StemShape<Kernel5x5>>() : null));
        Assert.Contains("'stem'", kernel.Message, StringComparison.Ordinal);
        Assert.Contains("kernel 3x3", kernel.Message, StringComparison.Ordinal);
        Assert.Contains("not the 5x5 stride-1 convolution 9x8x3 -> 9x8x7", kernel.Message, StringComparison.Ordinal);
        var tile = Assert.Throws<ArgumentException>(() => new OnLayers(weights, id => id == stem.Id ? new WinogradTraining<StemShape<Tile3>>() : null));
        Assert.Contains("'stem'", tile.Message, StringComparison.Ordinal);
        Assert.Contains("a 3x3 kernel and tiles of 3", tile.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_generated_layer_for_another_geometry_is_refused_with_its_node_named()
    {
        var weights = new TrainPointwise.Weights();
        CnnDsl.Tests.Inference.RandomWeights.Fill(weights, 3);
        var before = weights.Tensors.ToDictionary(t => t.Name, t => weights[t.Name].ToArray());
        var wrong = TrainPointwise.Graph.First(n => n.Op == Op.Conv && n.KernelH == 1);
        var stem = TrainPointwise.Graph.Single(n => n.Name == "stem");
        var error = Assert.Throws<ArgumentException>(() => new OnLayers(weights, id => id == wrong.Id ? new PointwiseTraining<TwelvePositions>() : null));
        Assert.Contains(wrong.Name, error.Message, StringComparison.Ordinal);
        Assert.Contains("12 positions", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<ArgumentException>(() => new OnLayers(weights, id => id == stem.Id ? new PointwiseTraining<TwelvePositions>() : null));
        Assert.Contains("'stem'", error.Message, StringComparison.Ordinal);
        foreach (var tensor in weights.Tensors) Assert.Equal(before[tensor.Name], weights[tensor.Name]);
    }

    [Fact]
    public void Options_that_freeze_more_or_ask_for_the_input_gradient_plan_again()
    {
        var data = new TrainingData(TrainingCase.Get("mobilenet-v2-like"));
        var weights = (TinyMobileNetV2.Weights)data.Weights;
        using var frozen = new TinyMobileNetV2.Training(weights, new TrainingOptions { Frozen = ["stem"] });
        using var inputGradient = new TinyMobileNetV2.Training(weights, new TrainingOptions { InputGradient = true });
        Assert.False(frozen.Trainer.PlannedAtCompileTime);
        Assert.False(inputGradient.Trainer.PlannedAtCompileTime);
        // Frozen, the stem's weight gradient no longer reads the images, nor its batch norm its input.
        int stem = TinyMobileNetV2.Graph.Single(n => n.Name == "stem").Id;
        Assert.Equal(KeptValues.Output, TinyMobileNetV2.Training.MemoryPlan.Nodes[0].Kept);
        Assert.Equal(KeptValues.None, frozen.Trainer.Plan.Nodes[0].Kept);
        Assert.True((TinyMobileNetV2.Training.MemoryPlan.Nodes[stem].Kept & KeptValues.Core) != 0);
        Assert.Equal(KeptValues.None, frozen.Trainer.Plan.Nodes[stem].Kept & KeptValues.Core);
        Assert.True(frozen.Trainer.BytesPerImage <= TinyMobileNetV2.Training.BytesPerImage, $"{frozen.Trainer.BytesPerImage}");
        // The input gradient gets a slot that lives past the step.
        Assert.Equal(-1, TinyMobileNetV2.Training.MemoryPlan.Nodes[0].Gradient);
        Assert.NotEqual(-1, inputGradient.Trainer.Plan.Nodes[0].Gradient);
    }

    [Fact]
    public void A_plan_that_would_overwrite_a_kept_value_is_refused()
    {
        // The last node's gradient put in the slot of its output, which the loss reads while writing the gradient.
        var plan = TinyMobileNetV2.Training.MemoryPlan;
        var nodes = plan.Nodes.ToArray();
        nodes[^1] = nodes[^1] with { Gradient = nodes[^1].Output };
        var table = nodes.SelectMany(b => new[] { b.Core, b.Normalized, b.Output, b.Gradient, (int)b.Kept | (int)b.Trains << 3 }).ToArray();
        var bad = TrainingPlan.FromTable(plan.SlotLengths.ToArray(), table, false);
        var weights = new TinyMobileNetV2.Weights();
        var error = Assert.Throws<ArgumentException>(() => new OnPlan(weights, bad));
        Assert.Contains("does not fit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_trained_weights_run_in_the_generated_inference_class()
    {
        var data = new TrainingData(TrainingCase.Get("mobilenet-v2-like"));
        using var training = new TinyMobileNetV2.Training((TinyMobileNetV2.Weights)data.Weights, data.Options() with { InputGradient = false });
        for (int step = 0; step < 3; step++) training.Step(data.Images, data.Labels);
        var output = new float[data.Case.Batch * TinyMobileNetV2.OutputLength];
        training.ToNetwork().Forward(data.Images, output);
        double expected = CnnDsl.Oracles.ReferenceLoss.SoftmaxCrossEntropy(output.Select(v => (double)v).ToArray(), data.Labels,
            TinyMobileNetV2.OutputLength, 0, outputIsProbabilities: false).Loss;
        float actual = training.Evaluate(data.Images, data.Labels).Loss;
        Assert.True(Math.Abs(actual - expected) <= 1e-4 * Math.Max(1, expected), $"evaluation {actual} vs generated inference {expected}");
    }

    /// <summary>A training type on a plan of the test's making.</summary>
    private sealed class OnPlan(TinyMobileNetV2.Weights weights, TrainingPlan plan) : NetworkTraining<TinyMobileNetV2.Weights>(weights, null, plan);

    /// <summary>A training type with generated layers of the test's choosing.</summary>
    private sealed class OnLayers(TrainPointwise.Weights weights, Func<int, TrainingLayer?> layers)
        : NetworkTraining<TrainPointwise.Weights>(weights, null, TrainPointwise.Training.MemoryPlan, layers);

    /// <summary>A Winograd geometry none of the test networks has: 9 x 9, 32 -> 48 channels, same padding, F(4x4,3x3).</summary>
    private readonly struct NineByNine : CnnDsl.Kernels.IWinogradShape
    {
        public static int Height => 9;
        public static int Width => 9;
        public static int InChannels => 32;
        public static int OutChannels => 48;
        public static int PadTop => 1;
        public static int PadLeft => 1;
        public static int OutHeight => 9;
        public static int OutWidth => 9;
        public static int TileSize => 4;
    }

    /// <summary>TrainPointwise's stem geometry with <typeparamref name="TKernel"/>'s kernel and tile.</summary>
    private readonly struct StemShape<TKernel> : CnnDsl.Kernels.IWinogradShape where TKernel : struct, IKernelAndTile
    {
        public static int Height => 9;
        public static int Width => 8;
        public static int InChannels => 3;
        public static int OutChannels => 7;
        public static int PadTop => 1;
        public static int PadLeft => 1;
        public static int OutHeight => 9;
        public static int OutWidth => 8;
        public static int TileSize => TKernel.TileSize;
        public static int KernelHeight => TKernel.Kernel;
        public static int KernelWidth => TKernel.Kernel;
    }

    private interface IKernelAndTile
    {
        static abstract int Kernel { get; }
        static abstract int TileSize { get; }
    }

    private readonly struct Kernel5x5 : IKernelAndTile { public static int Kernel => 5; public static int TileSize => 2; }

    private readonly struct Tile3 : IKernelAndTile { public static int Kernel => 3; public static int TileSize => 3; }

    /// <summary>A pointwise geometry none of the test networks has: 12 positions, 2 -> 3 channels.</summary>
    private readonly struct TwelvePositions : CnnDsl.Kernels.IConvShape
    {
        public static bool Flat => true;
        public static int Columns => 12;
        public static int ColumnStep => 2;
        public static int Run => 2;
        public static int Taps => 2;
        public static int OutChannels => 3;
        public static int GroupInChannels => 2;
        public static int GroupOutChannels => 3;
        public static int Stride => 3;
    }
}
