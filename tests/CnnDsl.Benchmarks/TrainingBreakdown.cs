using System;
using System.Linq;
using CnnDsl.Training;
using static System.FormattableString;

namespace CnnDsl.Benchmarks;

/// <summary>
/// Where one training step goes: the trainer's <see cref="TrainingProfile"/> over a few steps (one thread, after the
/// warm-up), in milliseconds per step, one row per operation kind and one column per stage, with the totals of the
/// forward pass (operation, batch-norm statistics and normalization, activation), the backward pass (activation and
/// batch-norm backward, input and parameter gradients) and the update. Timed on the thread's CPU clock (one thread does
/// all the work), so other processes on a shared machine do not inflate it.
/// </summary>
internal static class TrainingBreakdown
{
    private static readonly TrainingStage[] Stages = Enum.GetValues<TrainingStage>();

    public static void Print(string name, Trainer trainer, Action step, int steps)
    {
        var profile = new TrainingProfile(ThreadCpuClock.IsAvailable ? ThreadCpuClock.Seconds : null);
        trainer.Profile = profile;
        for (int s = 0; s < steps; s++) step();
        trainer.Profile = null;

        Console.WriteLine(Invariant($"{name}: ms per step by operation kind and stage, {trainer.Options.Threads} thread(s), {(ThreadCpuClock.IsAvailable ? "CPU" : "wall-clock")} time, mean of {steps} step(s)"));
        Console.WriteLine(Invariant($"{"kind",-16}") + string.Concat(Stages.Select(s => Invariant($" {Short(s),9}"))) + Invariant($" {"total",9}"));
        var totals = new double[Stages.Length];
        foreach (var (kind, seconds) in profile.Rows.OrderByDescending(r => r.Seconds.Sum()))
        {
            for (int s = 0; s < Stages.Length; s++) totals[s] += seconds[s];
            Console.WriteLine(Invariant($"{kind,-16}") + string.Concat(seconds.Select(v => Invariant($" {1000 * v / steps,9:F1}"))) + Invariant($" {1000 * seconds.Sum() / steps,9:F1}"));
        }
        Console.WriteLine(Invariant($"{"all",-16}") + string.Concat(totals.Select(v => Invariant($" {1000 * v / steps,9:F1}"))) + Invariant($" {1000 * totals.Sum() / steps,9:F1}"));
        double forward = Sum(totals, TrainingStage.Forward, TrainingStage.BatchNormStatistics, TrainingStage.BatchNormApply, TrainingStage.Activation);
        double backward = Sum(totals, TrainingStage.ActivationBackward, TrainingStage.BatchNormBackward, TrainingStage.InputGradient, TrainingStage.ParameterGradient);
        double update = Sum(totals, TrainingStage.Update), loss = Sum(totals, TrainingStage.Loss);
        Console.WriteLine(Invariant($"forward {1000 * forward / steps:F1} ms, loss {1000 * loss / steps:F1} ms, backward {1000 * backward / steps:F1} ms, update {1000 * update / steps:F1} ms: (backward + update) / forward = {(backward + update) / forward:F2}"));
    }

    private static double Sum(double[] totals, params TrainingStage[] stages) => stages.Sum(s => totals[(int)s]);

    private static string Short(TrainingStage stage) => stage switch
    {
        TrainingStage.Forward => "fwd",
        TrainingStage.BatchNormStatistics => "bn-stats",
        TrainingStage.BatchNormApply => "bn-apply",
        TrainingStage.Activation => "act",
        TrainingStage.Loss => "loss",
        TrainingStage.ActivationBackward => "act-back",
        TrainingStage.BatchNormBackward => "bn-back",
        TrainingStage.InputGradient => "dinput",
        TrainingStage.ParameterGradient => "dparam",
        _ => "update",
    };
}
