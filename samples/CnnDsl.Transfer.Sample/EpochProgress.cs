using System;
using CnnDsl.Vision;
using Spectre.Console;

namespace CnnDsl.Transfer.Sample;

/// <summary>
/// Runs epochs of a <see cref="TrainingLoop"/> under a Spectre.Console progress bar per epoch (loss, accuracy and
/// images per second as it goes), then prints one line per epoch, which is what stays in a log.
/// </summary>
internal static class EpochProgress
{
    public static EpochResult Run(TrainingLoop loop, string stage, int seed, System.Threading.CancellationToken cancellation = default)
    {
        EpochResult result = default;
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask($"{stage} epoch {loop.History.Count + 1}");
                var progress = new Progress(task, stage);
                result = loop.RunEpoch(seed, progress, cancellation);
                task.Value = task.MaxValue;
            });
        Console.WriteLine(FormattableString.Invariant(
            $"  {stage} epoch {result.Epoch + 1}: {result.Images:N0} images, loss {result.Loss:0.000}, accuracy {result.Accuracy:P1}; held out: loss {result.ValidationLoss:0.000}, accuracy {result.ValidationAccuracy:P1}; {result.TrainingTime.TotalSeconds:0.0} s, {result.ImagesPerSecond:N0} images/s{(result.FromCachedFeatures ? " (cached features)" : "")}"));
        return result;
    }

    /// <summary>Reports synchronously (System.Progress would post to the thread pool and lag behind).</summary>
    private sealed class Progress(ProgressTask task, string stage) : IProgress<BatchProgress>
    {
        public void Report(BatchProgress value)
        {
            task.MaxValue = value.TotalImages;
            task.Value = value.Images;
            task.Description = FormattableString.Invariant($"{stage} epoch {value.Epoch + 1}: loss {value.Loss:0.000} acc {value.Accuracy:P1} {value.ImagesPerSecond:N0} img/s");
        }
    }
}
