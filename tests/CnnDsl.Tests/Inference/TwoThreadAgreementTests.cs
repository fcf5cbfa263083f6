using CnnDsl.Zoo;

namespace CnnDsl.Tests.Inference;

/// <summary>
/// Networks made with two threads (one image split across the caller and a helper thread) against both oracles,
/// and bit for bit against the same network on one thread: every value is computed by one thread with the same sums
/// in the same order, so the split must not change a single bit.
/// </summary>
public class TwoThreadAgreementTests
{
    [Fact] public void Odd_row_counts_partial_tiles_and_channel_splits() => Agreement.CheckOnTwoThreads(new OddRowSplits.Weights(), (w, t) => new OddRowSplits(w, t), batch: 3);
    [Fact] public void Channel_splits_with_fused_residuals_and_concatenation() => Agreement.CheckOnTwoThreads(new ChannelSplits.Weights(), (w, t) => new ChannelSplits(w, t), batch: 2);
    [Fact] public void Strided_same_convolutions() => Agreement.CheckOnTwoThreads(new StridedSameConvs.Weights(), (w, t) => new StridedSameConvs(w, t), batch: 3);
    [Fact] public void Seven_by_seven_convolutions() => Agreement.CheckOnTwoThreads(new SevenBySevenConvs.Weights(), (w, t) => new SevenBySevenConvs(w, t), batch: 2);
    [Fact] public void Explicitly_padded_convolutions_with_exp_activations() => Agreement.CheckOnTwoThreads(new ExplicitPadConvs.Weights(), (w, t) => new ExplicitPadConvs(w, t), batch: 2);
    [Fact] public void Wide_convolutions_and_channel_softmax() => Agreement.CheckOnTwoThreads(new WideConvs.Weights(), (w, t) => new WideConvs(w, t), batch: 2);
    [Fact] public void Standalone_batch_norms_and_activations() => Agreement.CheckOnTwoThreads(new StandaloneBatchNorms.Weights(), (w, t) => new StandaloneBatchNorms(w, t), batch: 2);
    [Fact] public void Depthwise_convolutions() => Agreement.CheckOnTwoThreads(new DepthwiseConvs.Weights(), (w, t) => new DepthwiseConvs(w, t), batch: 2);
    [Fact] public void Pools_and_dense_head() => Agreement.CheckOnTwoThreads(new Pools.Weights(), (w, t) => new Pools(w, t), batch: 2);
    [Fact] public void Flatten_dropout_and_dense() => Agreement.CheckOnTwoThreads(new DenseLayers.Weights(), (w, t) => new DenseLayers(w, t), batch: 3);
    [Fact] public void One_by_one_spatial_input() => Agreement.CheckOnTwoThreads(new OnePixel.Weights(), (w, t) => new OnePixel(w, t), batch: 2);
    [Fact] public void Inception_writes_branches_into_the_concat() => Agreement.CheckOnTwoThreads(new SmallInception.Weights(), (w, t) => new SmallInception(w, t), batch: 2);
    [Fact] public void Inverted_residuals_with_fused_residual_add() => Agreement.CheckOnTwoThreads(new SmallInvertedResiduals.Weights(), (w, t) => new SmallInvertedResiduals(w, t), batch: 2);
    [Fact] public void User_blocks_concat_add_and_identity() => Agreement.CheckOnTwoThreads(new UserBlocks.Weights(), (w, t) => new UserBlocks(w, t), batch: 2);
    [Fact] public void Dilated_convolutions() => Agreement.CheckOnTwoThreads(new DilatedConvs.Weights(), (w, t) => new DilatedConvs(w, t), batch: 2);
    [Fact] public void Grouped_convolution_with_fused_residual() => Agreement.CheckOnTwoThreads(new GroupedResiduals.Weights(), (w, t) => new GroupedResiduals(w, t), batch: 2);
    [Fact] public void Wide_depthwise_convolutions_in_tiles_and_channel_blocks() => Agreement.CheckOnTwoThreads(new WideDepthwiseConvs.Weights(), (w, t) => new WideDepthwiseConvs(w, t), batch: 3);
    [Fact] public void Image_and_result_copied_in_parts_by_both_threads() => Agreement.CheckOnTwoThreads(new LargeCopies.Weights(), (w, t) => new LargeCopies(w, t), batch: 3);
    [Fact] public void GoogLeNet_on_two_threads() => Agreement.CheckOnTwoThreads(new GoogLeNet.Weights(), (w, t) => new GoogLeNet(w, t), batch: 1, seed: 11);
    [Fact] public void MobileNetV2_on_two_threads() => Agreement.CheckOnTwoThreads(new MobileNetV2.Weights(), (w, t) => new MobileNetV2(w, t), batch: 2, seed: 13);
    [Fact] public void EfficientNetB0_on_two_threads() => Agreement.CheckOnTwoThreads(new EfficientNetB0.Weights(), (w, t) => new EfficientNetB0(w, t), batch: 1, seed: 14);
    [Fact] public void ResNet50_graph_on_two_threads() => Agreement.CheckOnTwoThreads(new ResNet50At72.Weights(), (w, t) => new ResNet50At72(w, t), batch: 1, seed: 15);

    /// <summary>
    /// <c>Forward()</c> on the image in <c>InputBuffer</c> (nothing to copy) after and before <c>Forward(input, output)</c>
    /// (which copies in parts on both threads): the same bits as one thread's, and no copy from the last call's spans.
    /// </summary>
    [Fact]
    public void Buffers_and_spans_alternate_on_two_threads()
    {
        var weights = new LargeCopies.Weights();
        RandomWeights.Fill(weights, 21);
        using var one = new LargeCopies(weights, 1);
        using var two = new LargeCopies(weights, 2);
        float[] a = RandomWeights.Input(LargeCopies.InputLength, 22), b = RandomWeights.Input(LargeCopies.InputLength, 23);
        var expectedA = new float[LargeCopies.OutputLength];
        var expectedB = new float[LargeCopies.OutputLength];
        one.Forward(a, expectedA);
        one.Forward(b, expectedB);
        for (int round = 0; round < 3; round++)
        {
            var spans = new float[LargeCopies.OutputLength];
            two.Forward(a, spans);
            Assert.Equal(expectedA, spans);
            new System.ReadOnlySpan<float>(b).CopyTo(two.InputBuffer);
            two.Forward();
            Assert.Equal(expectedB, two.OutputBuffer.ToArray());
        }
    }

    /// <summary>
    /// <c>Forward()</c> (nothing to copy) and <c>Forward(input, output)</c> (copies in parts) back to back many times: the
    /// helper must take each call's copies as that call set them, never the next call's (a helper that read them after
    /// the caller had left and begun the next call would meet it once too often and both would wait forever).
    /// </summary>
    [Fact]
    public async System.Threading.Tasks.Task Calls_with_and_without_copies_back_to_back_never_mix()
    {
        var weights = new LargeCopies.Weights();
        RandomWeights.Fill(weights, 31);
        using var one = new LargeCopies(weights, 1);
        // Disposed only once the calls have finished: Dispose waits for a running call, which a deadlock never ends.
        var two = new LargeCopies(weights, 2);
        float[] a = RandomWeights.Input(LargeCopies.InputLength, 32), b = RandomWeights.Input(LargeCopies.InputLength, 33);
        var expectedA = new float[LargeCopies.OutputLength];
        var expectedB = new float[LargeCopies.OutputLength];
        one.Forward(a, expectedA);
        one.Forward(b, expectedB);
        var spans = new float[LargeCopies.OutputLength];
        var calls = System.Threading.Tasks.Task.Run(() =>
        {
            for (int i = 0; i < 2000; i++)
            {
                new System.ReadOnlySpan<float>(b).CopyTo(two.InputBuffer);
                two.Forward();
                if (i % 100 == 0) Assert.Equal(expectedB, two.OutputBuffer.ToArray());
                two.Forward(a, spans);
                if (i % 100 == 0) Assert.Equal(expectedA, spans);
            }
        });
        // A TimeoutException: the calls did not finish in 2 minutes, the threads waiting for each other.
        await calls.WaitAsync(System.TimeSpan.FromMinutes(2));
        two.Dispose();
    }
}
