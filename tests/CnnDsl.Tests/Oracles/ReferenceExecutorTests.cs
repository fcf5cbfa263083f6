using System;
using CnnDsl.Oracles;

namespace CnnDsl.Tests.Oracles;

/// <summary>
/// The reference executor against values worked out by hand from the definitions of the operations: the yardstick
/// must itself be checked against something other than code.
/// </summary>
[Trait("Category", "Oracles")] // independent of the managed SIMD paths: no need to rerun with intrinsics disabled
public class ReferenceExecutorTests
{
    private const double Tolerance = 1e-5;

    [Fact]
    public void Conv_with_a_kernel_of_ones_sums_each_neighbourhood()
    {
        // Image 1 2 3 / 4 5 6 / 7 8 9, 3x3 kernel of ones, same padding (1 on each side, zeros outside):
        // corner (0,0) = 1+2+4+5 = 12, edge (0,1) = 1+2+3+4+5+6 = 21, centre = 1+...+9 = 45, and by symmetry the rest.
        var weights = new TestWeights(OnesKernel3x3.Graph, OnesKernel3x3.Tensors);
        weights["conv1.weight"].AsSpan().Fill(1f);
        float[] output = ReferenceExecutor.Run(OnesKernel3x3.Graph, weights, [1, 2, 3, 4, 5, 6, 7, 8, 9], 1);
        AssertClose([12, 21, 16, 27, 45, 33, 24, 39, 28], output);
    }

    [Fact]
    public void Conv_is_a_cross_correlation_with_kernels_stored_row_major()
    {
        // A single 1 at kernel row 0, column 2 (flat index 2 of OIHW [1,1,3,3]) reads in[y - 1, x + 1]:
        // out(y,x) = in(y-1, x+1), zero where that falls outside. A flipped (true) convolution would read in(y+1, x-1).
        var weights = new TestWeights(ShiftKernel3x3.Graph, ShiftKernel3x3.Tensors);
        weights["conv1.weight"][2] = 1f;
        float[] output = ReferenceExecutor.Run(ShiftKernel3x3.Graph, weights, [1, 2, 3, 4, 5, 6, 7, 8, 9], 1);
        // Row 0 reads row -1: zeros. Row 1 reads row 0 shifted left: 2 3 0. Row 2 reads row 1: 5 6 0.
        AssertClose([0, 0, 0, 2, 3, 0, 5, 6, 0], output);
    }

    [Fact]
    public void Pointwise_identity_kernel_adds_only_the_bias()
    {
        // 1x1 conv with the 3x3 identity matrix as weights: out = in + bias at each of the 2 positions.
        var weights = new TestWeights(PointwiseWithBias.Graph, PointwiseWithBias.Tensors);
        float[] w = weights["conv1.weight"];
        w[0] = 1; w[4] = 1; w[8] = 1; // [o, i] = o == i in OIHW [3, 3, 1, 1]
        weights.Set("conv1.bias", [10, 20, 30]);
        float[] output = ReferenceExecutor.Run(PointwiseWithBias.Graph, weights, [1, 2, 3, 4, 5, 6], 1);
        AssertClose([11, 22, 33, 14, 25, 36], output);
    }

    [Fact]
    public void Conv_weights_are_indexed_output_then_input()
    {
        // in = (a, b) = (2, 3); W[o, i] = [[1, 10], [100, 1000]]: out0 = 1*2 + 10*3 = 32, out1 = 100*2 + 1000*3 = 3200.
        var weights = new TestWeights(TwoByTwoMixing.Graph, TwoByTwoMixing.Tensors);
        weights.Set("conv1.weight", [1, 10, 100, 1000]);
        AssertClose([32, 3200], ReferenceExecutor.Run(TwoByTwoMixing.Graph, weights, [2, 3], 1));
    }

    [Fact]
    public void Strided_valid_conv_visits_non_overlapping_windows()
    {
        // 4x4 image of 0..15, kernel [[1, 0], [0, -1]], stride 2, no padding: each output = top-left - bottom-right of
        // its 2x2 window = v - (v + 5) = -5 everywhere.
        var weights = new TestWeights(StridedValid2x2.Graph, StridedValid2x2.Tensors);
        weights.Set("conv1.weight", [1, 0, 0, -1]);
        float[] image = new float[16];
        for (int i = 0; i < 16; i++) image[i] = i;
        AssertClose([-5, -5, -5, -5], ReferenceExecutor.Run(StridedValid2x2.Graph, weights, image, 1));
    }

    [Fact]
    public void Same_padding_with_an_even_kernel_pads_only_at_the_end()
    {
        // 2x2 kernel of ones on 3x3 with same padding: total padding 1 per axis, all of it after (SAME_UPPER),
        // so out(y,x) = sum of in(y..y+1, x..x+1). Image 1..9:
        // (0,0) = 1+2+4+5 = 12, (0,1) = 2+3+5+6 = 16, (0,2) = 3+6 = 9,
        // (1,0) = 4+5+7+8 = 24, (1,1) = 5+6+8+9 = 28, (1,2) = 6+9 = 15, (2,0) = 7+8 = 15, (2,1) = 8+9 = 17, (2,2) = 9.
        var node = SameEvenKernel.Graph[1];
        Assert.Equal((0, 0, 1, 1), (node.PadTop, node.PadLeft, node.PadBottom, node.PadRight));
        var weights = new TestWeights(SameEvenKernel.Graph, SameEvenKernel.Tensors);
        weights["conv1.weight"].AsSpan().Fill(1f);
        AssertClose([12, 16, 9, 24, 28, 15, 15, 17, 9], ReferenceExecutor.Run(SameEvenKernel.Graph, weights, [1, 2, 3, 4, 5, 6, 7, 8, 9], 1));
    }

    [Fact]
    public void Explicit_padding_grows_the_output()
    {
        // 2x2 image (1 2 / 3 4), 3x3 ones kernel, 2 zeros on every side: a 4x4 output whose (y,x) sums the image
        // pixels within rows y-2..y and columns x-2..x. Row 0: 1, 3, 3, 2 (pixel rows 0 only). Row 1: 4, 10, 10, 6.
        // Row 2: same as row 1 (both image rows in range). Row 3: only image row 1: 3, 7, 7, 4.
        var weights = new TestWeights(ExplicitPad2.Graph, ExplicitPad2.Tensors);
        weights["conv1.weight"].AsSpan().Fill(1f);
        AssertClose([1, 3, 3, 2, 4, 10, 10, 6, 4, 10, 10, 6, 3, 7, 7, 4], ReferenceExecutor.Run(ExplicitPad2.Graph, weights, [1, 2, 3, 4], 1));
    }

    [Fact]
    public void Depthwise_conv_keeps_channels_apart()
    {
        // Channel 0 has the ones kernel, channel 1 the centre-only kernel times 2. Channel 0 of the image is 1..9,
        // channel 1 is all 1: out channel 0 = neighbourhood sums (as above), channel 1 = 2 everywhere.
        var weights = new TestWeights(Depthwise3x3.Graph, Depthwise3x3.Tensors);
        float[] w = weights["dwconv1.weight"];
        for (int k = 0; k < 9; k++) w[k] = 1;
        w[9 + 4] = 2;
        float[] image = new float[18];
        for (int p = 0; p < 9; p++) { image[2 * p] = p + 1; image[2 * p + 1] = 1; }
        float[] output = ReferenceExecutor.Run(Depthwise3x3.Graph, weights, image, 1);
        float[] expectedSums = [12, 21, 16, 27, 45, 33, 24, 39, 28];
        for (int p = 0; p < 9; p++)
        {
            Assert.Equal(expectedSums[p], output[2 * p], Tolerance);
            Assert.Equal(2, output[2 * p + 1], Tolerance);
        }
    }

    [Fact]
    public void Max_pool_padding_never_wins_over_negative_values()
    {
        // All values negative: a zero from the padding would win if padding took part. Image -1..-9 (row-major),
        // 3x3 window, stride 1, same padding: (0,0) = max(-1,-2,-4,-5) = -1, (2,2) = max(-5,-6,-8,-9) = -5, etc.
        var weights = new TestWeights(MaxPoolSame.Graph, MaxPoolSame.Tensors);
        float[] output = ReferenceExecutor.Run(MaxPoolSame.Graph, weights, [-1, -2, -3, -4, -5, -6, -7, -8, -9], 1);
        AssertClose([-1, -1, -2, -1, -1, -2, -4, -4, -5], output);
    }

    [Fact]
    public void Avg_pool_divides_by_the_positions_inside_the_image()
    {
        // Image 1..9, 3x3 window, stride 1, same padding. Corner (0,0): (1+2+4+5)/4 = 3. Edge (0,1): 21/6 = 3.5.
        // Centre: 45/9 = 5. Counting the padding would give 12/9 at the corner instead.
        var weights = new TestWeights(AvgPoolSame.Graph, AvgPoolSame.Tensors);
        float[] output = ReferenceExecutor.Run(AvgPoolSame.Graph, weights, [1, 2, 3, 4, 5, 6, 7, 8, 9], 1);
        AssertClose([12 / 4.0, 21 / 6.0, 16 / 4.0, 27 / 6.0, 45 / 9.0, 33 / 6.0, 24 / 4.0, 39 / 6.0, 28 / 4.0], output);
    }

    [Fact]
    public void Global_avg_pool_averages_each_channel_over_all_positions()
    {
        // 2x3 positions; channel 0 holds 1..6 (mean 3.5), channel 1 holds 10, 20, ..., 60 (mean 35).
        float[] image = [1, 10, 2, 20, 3, 30, 4, 40, 5, 50, 6, 60];
        var weights = new TestWeights(GlobalMean.Graph, GlobalMean.Tensors);
        AssertClose([3.5, 35], ReferenceExecutor.Run(GlobalMean.Graph, weights, image, 1));
    }

    [Fact]
    public void Dense_reads_features_in_nhwc_flatten_order()
    {
        // Input 1x2x2 stored (w0c0, w0c1, w1c0, w1c1) = (1, 2, 3, 4). Unit 0 weights (1, 10, 100, 1000) -> 4321;
        // unit 1 weights all 1 and bias 0.5 -> 10.5.
        var weights = new TestWeights(DenseNhwcOrder.Graph, DenseNhwcOrder.Tensors);
        weights.Set("dense1.weight", [1, 10, 100, 1000, 1, 1, 1, 1]);
        weights.Set("dense1.bias", [0, 0.5f]);
        AssertClose([4321, 10.5], ReferenceExecutor.Run(DenseNhwcOrder.Graph, weights, [1, 2, 3, 4], 1));
    }

    [Fact]
    public void Batch_norm_normalizes_then_scales_and_shifts_each_channel()
    {
        // Channel 0: x = 3, mean 1, var 4 - eps (so var + eps = 4), weight 2, bias 0.5: (3 - 1) / 2 * 2 + 0.5 = 2.5.
        // Channel 1: x = -1, mean -3, var 1 - eps, weight -1, bias 0: (-1 + 3) / 1 * -1 = -2.
        var weights = new TestWeights(StandaloneBatchNorm.Graph, StandaloneBatchNorm.Tensors);
        float eps = StandaloneBatchNorm.Graph[1].Epsilon;
        weights.Set("bn1.weight", [2, -1]);
        weights.Set("bn1.bias", [0.5f, 0]);
        weights.Set("bn1.running_mean", [1, -3]);
        weights.Set("bn1.running_var", [4 - eps, 1 - eps]);
        float[] output = ReferenceExecutor.Run(StandaloneBatchNorm.Graph, weights, [3, -1], 1);
        Assert.Equal(2.5, output[0], 1e-4);
        Assert.Equal(-2, output[1], 1e-4);
    }

    [Fact]
    public void Fused_batch_norm_comes_between_the_conv_and_its_activation()
    {
        // x = 1, conv weights (1, -1): conv outputs (1, -1). BN channel 0: mean 3 -> (1 - 3) = -2, ReLU -> 0.
        // BN channel 1: mean -4 -> (-1 + 4) = 3, ReLU -> 3. (Activation before BN would give -3 and 4.)
        var weights = new TestWeights(ConvBatchNormRelu.Graph, ConvBatchNormRelu.Tensors);
        float eps = ConvBatchNormRelu.Graph[1].Epsilon;
        weights.Set("conv1.weight", [1, -1]);
        weights.Set("conv1.bn.running_mean", [3, -4]);
        weights.Set("conv1.bn.running_var", [1 - eps, 1 - eps]);
        float[] output = ReferenceExecutor.Run(ConvBatchNormRelu.Graph, weights, [1], 1);
        Assert.Equal(0, output[0], 1e-4);
        Assert.Equal(3, output[1], 1e-4);
    }

    private static readonly float[] ActivationInputs = [-4, -1, 0, 1, 2, 4, 7];

    [Fact]
    public void Relu_and_relu6_clip_as_defined()
    {
        AssertClose([0, 0, 0, 1, 2, 4, 7], RunOn(ReluLayer.Graph, ReluLayer.Tensors));
        AssertClose([0, 0, 0, 1, 2, 4, 6], RunOn(Relu6Layer.Graph, Relu6Layer.Tensors));
    }

    [Fact]
    public void Sigmoid_and_swish_follow_the_logistic_function()
    {
        // sigmoid(0) = 1/2; sigmoid(-x) = 1 - sigmoid(x); sigmoid(1) = 1 / (1 + 1/e) = e / (e + 1).
        float[] sigmoid = RunOn(SigmoidLayer.Graph, SigmoidLayer.Tensors);
        Assert.Equal(0.5, sigmoid[2], Tolerance);
        Assert.Equal(Math.E / (Math.E + 1), sigmoid[3], Tolerance);
        Assert.Equal(1 - sigmoid[3], sigmoid[1], Tolerance);
        // swish(x) = x * sigmoid(x): swish(0) = 0, swish(1) = e / (e + 1), swish(-1) = -1 / (e + 1).
        float[] swish = RunOn(SwishLayer.Graph, SwishLayer.Tensors);
        Assert.Equal(0, swish[2], Tolerance);
        Assert.Equal(Math.E / (Math.E + 1), swish[3], Tolerance);
        Assert.Equal(-1 / (Math.E + 1), swish[1], Tolerance);
    }

    [Fact]
    public void Hard_swish_is_zero_below_minus_three_and_identity_above_three()
    {
        // x * clamp(x + 3, 0, 6) / 6: -4 -> 0, -1 -> -1*2/6, 0 -> 0, 1 -> 4/6, 2 -> 2*5/6, 4 -> 4, 7 -> 7.
        AssertClose([0, -2 / 6.0, 0, 4 / 6.0, 10 / 6.0, 4, 7], RunOn(HardSwishLayer.Graph, HardSwishLayer.Tensors));
    }

    [Fact]
    public void Softmax_normalizes_the_channels_of_each_position()
    {
        // Position 0: (0, ln 2, ln 3) -> exps (1, 2, 3) / 6. Position 1: (100, 100, 100 + ln 2) -> (1, 1, 2) / 4,
        // large values that would overflow a naive float exp.
        var weights = new TestWeights(SoftmaxLayer.Graph, SoftmaxLayer.Tensors);
        float[] input = [0, (float)Math.Log(2), (float)Math.Log(3), 100, 100, 100 + (float)Math.Log(2)];
        AssertClose([1 / 6.0, 2 / 6.0, 3 / 6.0, 0.25, 0.25, 0.5], ReferenceExecutor.Run(SoftmaxLayer.Graph, weights, input, 1));
    }

    [Fact]
    public void Concat_block_puts_branches_side_by_side_in_member_order()
    {
        // Branch Keep = x, branch Scale = 3x: each position becomes (x, 3x).
        var weights = new TestWeights(ConcatBlockNet.Graph, ConcatBlockNet.Tensors);
        weights[FindWeight(ConcatBlockNet.Tensors)].AsSpan().Fill(3f);
        AssertClose([2, 6, -1, -3], ReferenceExecutor.Run(ConcatBlockNet.Graph, weights, [2, -1], 1));
    }

    [Fact]
    public void Add_block_sums_branches_then_applies_the_block_activation()
    {
        // Branch Scale = -3x, shortcut = x: sum = -2x, then ReLU. x = 2 -> max(0, -4) = 0; x = -1 -> 2.
        var weights = new TestWeights(AddBlockNet.Graph, AddBlockNet.Tensors);
        weights[FindWeight(AddBlockNet.Tensors)].AsSpan().Fill(-3f);
        AssertClose([0, 2], ReferenceExecutor.Run(AddBlockNet.Graph, weights, [2, -1], 1));
    }

    [Fact]
    public void Each_image_of_a_batch_is_computed_on_its_own()
    {
        // Two images through the ones kernel: the second is the first times -2, so its output is too.
        var weights = new TestWeights(OnesKernel3x3.Graph, OnesKernel3x3.Tensors);
        weights["conv1.weight"].AsSpan().Fill(1f);
        float[] output = ReferenceExecutor.Run(OnesKernel3x3.Graph, weights, [1, 2, 3, 4, 5, 6, 7, 8, 9, -2, -4, -6, -8, -10, -12, -14, -16, -18], 2);
        AssertClose([12, 21, 16, 27, 45, 33, 24, 39, 28, -24, -42, -32, -54, -90, -66, -48, -78, -56], output);
    }

    [Fact]
    public void Wrong_input_length_is_rejected_with_the_expected_size()
    {
        var weights = new TestWeights(OnesKernel3x3.Graph, OnesKernel3x3.Tensors);
        var error = Assert.Throws<ArgumentException>(() => ReferenceExecutor.Run(OnesKernel3x3.Graph, weights, new float[8], 1));
        Assert.Contains("3x3x1", error.Message, StringComparison.Ordinal);
        Assert.Contains("9", error.Message, StringComparison.Ordinal);
    }

    private static float[] RunOn(System.Collections.Generic.IReadOnlyList<NodeInfo> graph, System.Collections.Generic.IReadOnlyList<TensorInfo> tensors)
        => ReferenceExecutor.Run(graph, new TestWeights(graph, tensors), ActivationInputs, 1);

    private static string FindWeight(System.Collections.Generic.IReadOnlyList<TensorInfo> tensors)
        => Assert.Single(tensors, t => t.Name.EndsWith(".weight", StringComparison.Ordinal)).Name;

    private static void AssertClose(double[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance * Math.Max(1, Math.Abs(expected[i])),
                $"Element {i}: expected {expected[i]}, got {actual[i]}.");
        }
    }
}
