using System;
using System.Linq;
using CnnDsl.Training;
using static System.FormattableString;

namespace CnnDsl.Benchmarks;

/// <summary>
/// Where one training step goes: the trainer's <see cref="TrainingProfile"/> over a few steps (one thread, after the
/// warm-up), in milliseconds per step (the least of the steps per cell), one row per operation kind and one column per stage, with the totals of the
/// forward pass (operation, batch-norm statistics and normalization, activation), the backward pass (activation and
/// batch-norm backward, input and parameter gradients) and the update. Timed on the thread's CPU clock (one thread does
/// all the work), so other processes on a shared machine do not inflate it.
/// </summary>
internal static class TrainingBreakdown
{
    private static readonly TrainingStage[] Stages = Enum.GetValues<TrainingStage>();

    public static void Print(string name, Trainer trainer, Action step, int steps)
    {
        // Each step on its own profile, and per cell the least of the steps: on a shared machine a step that another
        // process interrupted (its caches evicted, its core shared) inflates some cells, the least of several does not.
        var least = new System.Collections.Generic.Dictionary<string, double[]>(StringComparer.Ordinal);
        for (int s = 0; s < steps; s++)
        {
            var profile = new TrainingProfile(ThreadCpuClock.IsAvailable ? ThreadCpuClock.Seconds : null);
            trainer.Profile = profile;
            step();
            trainer.Profile = null;
            foreach (var (kind, seconds) in profile.Rows)
            {
                if (!least.TryGetValue(kind, out var cells)) least.Add(kind, seconds);
                else for (int c = 0; c < cells.Length; c++) cells[c] = Math.Min(cells[c], seconds[c]);
            }
        }

        Console.WriteLine(Invariant($"{name}: ms per step by operation kind and stage, {trainer.Options.Threads} thread(s), {(ThreadCpuClock.IsAvailable ? "CPU" : "wall-clock")} time, least of {steps} step(s) per cell"));
        Console.WriteLine(Invariant($"{"kind",-16}") + string.Concat(Stages.Select(s => Invariant($" {Short(s),9}"))) + Invariant($" {"total",9}"));
        var totals = new double[Stages.Length];
        foreach (var (kind, seconds) in least.OrderByDescending(r => r.Value.Sum()).Select(r => (r.Key, r.Value)))
        {
            for (int s = 0; s < Stages.Length; s++) totals[s] += seconds[s];
            Console.WriteLine(Invariant($"{kind,-16}") + string.Concat(seconds.Select(v => Invariant($" {1000 * v,9:F1}"))) + Invariant($" {1000 * seconds.Sum(),9:F1}"));
        }
        Console.WriteLine(Invariant($"{"all",-16}") + string.Concat(totals.Select(v => Invariant($" {1000 * v,9:F1}"))) + Invariant($" {1000 * totals.Sum(),9:F1}"));
        double forward = Sum(totals, TrainingStage.Forward, TrainingStage.BatchNormStatistics, TrainingStage.BatchNormApply, TrainingStage.Activation);
        double backward = Sum(totals, TrainingStage.ActivationBackward, TrainingStage.BatchNormBackward, TrainingStage.InputGradient, TrainingStage.ParameterGradient);
        double update = Sum(totals, TrainingStage.Update), loss = Sum(totals, TrainingStage.Loss);
        Console.WriteLine(Invariant($"forward {1000 * forward:F1} ms, loss {1000 * loss:F1} ms, backward {1000 * backward:F1} ms, update {1000 * update:F1} ms: (backward + update) / forward = {(backward + update) / forward:F2}"));
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
