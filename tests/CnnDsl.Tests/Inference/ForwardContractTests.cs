using System;
using System.Threading.Tasks;

namespace CnnDsl.Tests.Inference;

/// <summary>The Forward contract: argument checks, batches, no allocation per call, parallel instances.</summary>
public class ForwardContractTests
{
    [Fact]
    public void Wrong_input_length_names_the_expected_shape()
    {
        var network = new SmallInception(new SmallInception.Weights());
        var error = Assert.Throws<ArgumentException>(() => network.Forward(new float[100], new float[SmallInception.OutputLength]));
        Assert.Equal("input", error.ParamName);
        Assert.StartsWith("input must be N x 12x12x13 (a multiple of 1872 values), got 100", error.Message);
        Assert.Throws<ArgumentException>(() => network.Forward(ReadOnlySpan<float>.Empty, Span<float>.Empty));
    }

    [Fact]
    public void Output_length_must_match_the_batch()
    {
        var network = new SmallInception(new SmallInception.Weights());
        var error = Assert.Throws<ArgumentException>(() => network.Forward(new float[2 * SmallInception.InputLength], new float[SmallInception.OutputLength]));
        Assert.Equal("output", error.ParamName);
        Assert.StartsWith("output must be 2 x 12x12x37 (10656 values) for 2 input image(s), got 5328", error.Message);
    }

    [Fact]
    public void A_batch_equals_its_images_run_one_by_one()
    {
        var weights = new SmallInvertedResiduals.Weights();
        RandomWeights.Fill(weights, 5);
        var network = new SmallInvertedResiduals(weights);
        float[] input = RandomWeights.Input(3 * SmallInvertedResiduals.InputLength, 6);
        var batched = new float[3 * SmallInvertedResiduals.OutputLength];
        network.Forward(input, batched);
        for (int n = 0; n < 3; n++)
        {
            var single = new float[SmallInvertedResiduals.OutputLength];
            network.Forward(input.AsSpan(n * SmallInvertedResiduals.InputLength, SmallInvertedResiduals.InputLength), single);
            Assert.Equal(single, batched.AsSpan(n * SmallInvertedResiduals.OutputLength, SmallInvertedResiduals.OutputLength).ToArray());
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Forward_allocates_nothing_once_warm(int threads)
    {
        var weights = new UserBlocks.Weights();
        RandomWeights.Fill(weights, 3);
        // With two threads this counts the calling thread's allocations; the helper runs the same generated layer code.
        using var network = new UserBlocks(weights, threads);
        float[] input = RandomWeights.Input(2 * UserBlocks.InputLength, 4);
        var output = new float[2 * UserBlocks.OutputLength];
        WarmUp.AssertAllocatesNothing(() => network.Forward(input, output));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Forward_copying_in_parts_allocates_nothing_once_warm(int threads)
    {
        var weights = new LargeCopies.Weights();
        RandomWeights.Fill(weights, 3);
        // Its image and result are copied in Run's parts (the spans pinned for the call): nothing may allocate there either.
        using var network = new LargeCopies(weights, threads);
        float[] input = RandomWeights.Input(2 * LargeCopies.InputLength, 4);
        var output = new float[2 * LargeCopies.OutputLength];
        WarmUp.AssertAllocatesNothing(() => network.Forward(input, output));
    }

    [Fact]
    public void Forward_allocates_nothing_when_the_helper_blocked_between_calls()
    {
        var weights = new UserBlocks.Weights();
        RandomWeights.Fill(weights, 3);
        // Warm calls (the helper blocks only in the warm-up's one pause), then calls after pauses longer than the
        // helper's spin: in each counted call the caller wakes a blocked helper.
        using var network = new UserBlocks(weights, 2);
        float[] input = RandomWeights.Input(UserBlocks.InputLength, 4);
        var output = new float[UserBlocks.OutputLength];
        WarmUp.PastTieredCompilation(() => network.Forward(input, output));
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++)
        {
            System.Threading.Thread.Sleep(2);
            network.Forward(input, output);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Thread_counts_other_than_one_or_two_are_refused()
    {
        var weights = new SmallInception.Weights();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SmallInception(weights, 3));
        Assert.Equal("threads", error.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SmallInception(weights, 0));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Forward_after_Dispose_throws_ObjectDisposedException(int threads)
    {
        var weights = new SmallInception.Weights();
        RandomWeights.Fill(weights, 8);
        var network = new SmallInception(weights, threads);
        float[] input = RandomWeights.Input(SmallInception.InputLength, 9);
        var output = new float[SmallInception.OutputLength];
        network.Forward(input, output);
        network.Dispose();
        network.Dispose(); // a second Dispose does nothing
        Assert.Throws<ObjectDisposedException>(() => network.Forward(input, output));
    }

    [Fact]
    public void Separate_instances_run_in_parallel_with_the_same_results()
    {
        var weights = new SmallInception.Weights();
        RandomWeights.Fill(weights, 8);
        float[] input = RandomWeights.Input(2 * SmallInception.InputLength, 9);
        var expected = new float[2 * SmallInception.OutputLength];
        new SmallInception(weights).Forward(input, expected);

        var results = new float[4][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, k =>
        {
            var network = new SmallInception(weights);
            var output = new float[expected.Length];
            for (int repeat = 0; repeat < 20; repeat++) network.Forward(input, output);
            results[k] = output;
        });
        foreach (var result in results) Assert.Equal(expected, result);
    }

    [Fact]
    public void Overlapping_spans_are_refused_before_anything_is_written()
    {
        var weights = new SmallInception.Weights();
        RandomWeights.Fill(weights, 8);
        var network = new SmallInception(weights);
        // Two images in one buffer, the results asked for where the second image still is.
        var buffer = RandomWeights.Input(2 * SmallInception.InputLength + 2 * SmallInception.OutputLength, 3);
        var before = (float[])buffer.Clone();
        var error = Assert.Throws<ArgumentException>(() => network.Forward(
            buffer.AsSpan(0, 2 * SmallInception.InputLength), buffer.AsSpan(SmallInception.InputLength, 2 * SmallInception.OutputLength)));
        Assert.Equal("output", error.ParamName);
        Assert.Equal(before, buffer);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void One_instance_used_from_two_threads_refuses_the_second_call_and_stays_correct(int threads)
    {
        var weights = new SmallInception.Weights();
        RandomWeights.Fill(weights, 8);
        float[] input = RandomWeights.Input(SmallInception.InputLength, 9);
        var expected = new float[SmallInception.OutputLength];
        new SmallInception(weights).Forward(input, expected);

        using var shared = new SmallInception(weights, threads);
        int refused = 0, wrong = 0;
        using var start = new System.Threading.Barrier(2);
        // At least 500 calls a thread, then on until two calls have overlapped (on a loaded machine the two threads can
        // take turns for a thousand calls) or 30 seconds have passed.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, _ =>
        {
            var output = new float[expected.Length];
            start.SignalAndWait();
            for (int i = 0; i < 500 || (System.Threading.Volatile.Read(ref refused) == 0 && clock.Elapsed.TotalSeconds < 30); i++)
            {
                try
                {
                    shared.Forward(input, output);
                    if (!output.AsSpan().SequenceEqual(expected)) System.Threading.Interlocked.Increment(ref wrong);
                }
                catch (InvalidOperationException)
                {
                    System.Threading.Interlocked.Increment(ref refused);
                }
            }
        });
        // Every call that ran computed the right answer; overlapping calls were refused, not corrupted.
        Assert.Equal(0, wrong);
        Assert.True(refused > 0, "Calls from two threads never overlapped in 30 seconds: the check cannot have been exercised");
        // The instance is usable afterwards.
        var after = new float[expected.Length];
        shared.Forward(input, after);
        Assert.Equal(expected, after);
    }

    [Fact]
    public void Scratch_is_planned_smaller_than_all_activations()
    {
        // Liveness lets buffers share memory: the arena holds far less than every node's output side by side. (A
        // block run in bands of rows keeps its input, expanded tensor, depthwise output and result apart for its whole
        // run: MobileNet V2's largest block needs 1.78M of the 7.05M floats, where layer by layer it needed 1.51M.)
        long all = 0;
        foreach (var node in Zoo.MobileNetV2.Graph) all += node.Output.Length;
        Assert.True(Zoo.MobileNetV2.ScratchLength < all / 3, $"{Zoo.MobileNetV2.ScratchLength} vs {all}");
    }

    [Fact]
    public void Weights_properties_name_the_canonical_tensors()
    {
        var weights = new FusedBatchNorms.Weights();
        Assert.Same(weights["conv1.weight"], weights.Conv1Weight);
        Assert.Equal(37 * 13 * 3 * 3, weights.Conv1Weight.Length);
        Assert.Same(weights["dwconv1.bn.running_var"], weights.Dwconv1BnRunningVar);
    }
}
