using System;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CnnDsl.Benchmarks.Torch;

/// <summary>
/// Times what the CnnDsl training rows time, in PyTorch: one step (forward in training mode, softmax cross-entropy,
/// backward, SGD with momentum 0.9) on a batch of random images with labels n mod classes, after a few warm-up steps,
/// as medians of wall-clock and process CPU seconds; then one batch inference (eval mode, no gradients) on one thread,
/// as the CnnDsl rows compare with their single-threaded batch inference.
/// </summary>
internal static class TrainingPeer
{
    public sealed record Result(double Step, double StepCpu, double Inference, double InferenceCpu);

    public static Result Run(nn.Module<Tensor, Tensor> model, int batch, int size, int classes, bool channelsLast, int threads, int warmup, int steps, int inferenceRuns)
    {
        // The images as NHWC in memory, NCHW in shape (PyTorch's channels-last layout), or copied to plain NCHW.
        using var nhwc = rand(batch, size, size, 3).mul_(2).sub_(1);
        using var images = channelsLast ? nhwc.permute(0, 3, 1, 2) : nhwc.permute(0, 3, 1, 2).contiguous();
        using var labels = arange(batch, ScalarType.Int64).remainder_(classes);
        if (channelsLast) ToChannelsLast(model);

        // The CnnDsl rows' optimizer: a tiny learning rate, so the weights barely move and every step does the same work.
        using var optimizer = optim.SGD(model.parameters(), learningRate: 1e-6, momentum: 0.9);
        model.train();
        set_num_threads(threads);
        var (step, stepCpu) = StepTiming.Median(warmup, steps, () =>
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(model.forward(images), labels);
            loss.backward();
            optimizer.step();
        }, StepTiming.ProcessCpuSeconds);

        model.eval();
        set_num_threads(1);
        var (inference, inferenceCpu) = StepTiming.Median(1, inferenceRuns, () =>
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            model.forward(images);
        }, StepTiming.ProcessCpuSeconds);
        model.train();
        return new Result(step, stepCpu, inference, inferenceCpu);
    }

    /// <summary>Every 4-D weight to channels-last strides (NHWC in memory), as PyTorch's <c>model.to(memory_format=torch.channels_last)</c> does.</summary>
    private static void ToChannelsLast(nn.Module<Tensor, Tensor> model)
    {
        using var noGrad = no_grad();
        foreach (var conv in model.modules().OfType<Conv2d>())
        {
            var weight = conv.weight!;
            // clone() keeps the strides and makes a tensor of its own rather than a view (autograd refuses views made here).
            conv.weight = new Parameter(weight.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2).clone());
            weight.Dispose();
        }
    }
}
