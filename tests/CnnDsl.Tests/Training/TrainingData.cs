using System;
using System.Collections.Generic;
using System.Linq;
using CnnDsl.Oracles;
using CnnDsl.Tests.Inference;
using CnnDsl.Training;

namespace CnnDsl.Tests.Training;

/// <summary>Seeded weights, images, labels and targets for a case, and the matching engine and reference settings.</summary>
internal sealed class TrainingData
{
    public TrainingData(TrainingCase c, int seed = 11)
    {
        Case = c;
        Weights = c.Create();
        RandomWeights.Fill(Weights, seed);
        var graph = Weights.Graph;
        int batch = c.Batch;
        Images = RandomWeights.Input(batch * graph[0].Output.Length, seed + 2);
        var random = new Random(seed + 3);
        int outputs = graph[^1].Output.Length;
        Labels = Enumerable.Range(0, batch).Select(_ => random.Next(outputs)).ToArray();
        Targets = RandomWeights.Input(batch * outputs, seed + 4);
    }

    public TrainingCase Case { get; }
    public NetworkWeights Weights { get; }
    public float[] Images { get; }
    public int[] Labels { get; }
    public float[] Targets { get; }

    public TrainingOptions Options(int threads = 2) => new()
    {
        Loss = Case.Loss,
        LabelSmoothing = Case.LabelSmoothing,
        Frozen = Case.Frozen,
        DropoutRates = Case.DropoutRates(Weights),
        InputGradient = true,
        Threads = threads,
        Seed = 5,
    };

    public ReferenceTrainingOptions ReferenceOptions(long step = 0)
    {
        var frozen = new HashSet<string>(Weights.Tensors.Where(t => Case.Frozen.Any(f => t.Name == f || Weights.Graph[t.Node].Name.StartsWith(f, StringComparison.Ordinal))).Select(t => t.Name));
        return new ReferenceTrainingOptions
        {
            Loss = Case.Loss == TrainingLoss.SoftmaxCrossEntropy ? ReferenceLossKind.SoftmaxCrossEntropy : ReferenceLossKind.MeanSquaredError,
            LabelSmoothing = Case.LabelSmoothing,
            IsFrozen = frozen.Contains,
            DropoutSeed = 5,
            Step = step,
            DropoutRates = Case.DropoutRates(Weights).ToDictionary(p => p.Key, p => (double)p.Value),
        };
    }

    /// <summary>The network's generated <c>Training</c> type on these weights (its trainer, and the type to dispose).</summary>
    public (IDisposable Owner, Trainer Trainer) Generated(TrainingOptions options) => Weights switch
    {
        TinyMobileNetV2.Weights w => WithTrainer(new TinyMobileNetV2.Training(w, options)),
        TrainMerges.Weights w => WithTrainer(new TrainMerges.Training(w, options)),
        TrainStandaloneBatchNorm.Weights w => WithTrainer(new TrainStandaloneBatchNorm.Training(w, options)),
        TrainPools.Weights w => WithTrainer(new TrainPools.Training(w, options)),
        TrainWidePools.Weights w => WithTrainer(new TrainWidePools.Training(w, options)),
        TrainTiedPools.Weights w => WithTrainer(new TrainTiedPools.Training(w, options)),
        TrainPointwise.Weights w => WithTrainer(new TrainPointwise.Training(w, options)),
        TrainDepthwise.Weights w => WithTrainer(new TrainDepthwise.Training(w, options)),
        TrainGeneralDepthwisePools.Weights w => WithTrainer(new TrainGeneralDepthwisePools.Training(w, options)),
        TrainWinograd.Weights w => WithTrainer(new TrainWinograd.Training(w, options)),
        TrainWinogradTiles.Weights w => WithTrainer(new TrainWinogradTiles.Training(w, options)),
        TrainDirectBlocks.Weights w => WithTrainer(new TrainDirectBlocks.Training(w, options)),
        TrainWinogradBlocks.Weights w => WithTrainer(new TrainWinogradBlocks.Training(w, options)),
        TrainWinogradKernels.Weights w => WithTrainer(new TrainWinogradKernels.Training(w, options)),
        TrainWide.Weights w => WithTrainer(new TrainWide.Training(w, options)),
        TrainGeneralConvolutions.Weights w => WithTrainer(new TrainGeneralConvolutions.Training(w, options)),
        TrainConvolutions.Weights w => WithTrainer(new TrainConvolutions.Training(w, options)),
        TrainDense.Weights w => WithTrainer(new TrainDense.Training(w, options)),
        TrainFusedBatchNorm.Weights w => WithTrainer(new TrainFusedBatchNorm.Training(w, options)),
        TrainLongRows.Weights w => WithTrainer(new TrainLongRows.Training(w, options)),
        TrainForwardEdges.Weights w => WithTrainer(new TrainForwardEdges.Training(w, options)),
        TrainResNetStem.Weights w => WithTrainer(new TrainResNetStem.Training(w, options)),
        TrainWeightGradientTiles.Weights w => WithTrainer(new TrainWeightGradientTiles.Training(w, options)),
        TrainPointwiseWeightGradient.Weights w => WithTrainer(new TrainPointwiseWeightGradient.Training(w, options)),
        TrainDepthwiseStride2.Weights w => WithTrainer(new TrainDepthwiseStride2.Training(w, options)),
        TrainDepthwiseStride2Geometries.Weights w => WithTrainer(new TrainDepthwiseStride2Geometries.Training(w, options)),
        TrainDepthwiseExplicitPads.Weights w => WithTrainer(new TrainDepthwiseExplicitPads.Training(w, options)),
        TrainStridedInputGradients.Weights w => WithTrainer(new TrainStridedInputGradients.Training(w, options)),
        _ => throw new ArgumentException($"No generated training type listed for {Weights.GetType()}."),
    };

    /// <summary>The runtime trainer (its own kernels for every layer), or (<paramref name="generated"/>) the generated type's.</summary>
    public (IDisposable Owner, Trainer Trainer) Trainer(TrainingOptions options, bool generated)
    {
        if (generated) return Generated(options);
        var trainer = new Trainer(Weights, options);
        return (trainer, trainer);
    }

    private static (IDisposable, Trainer) WithTrainer<TWeights>(NetworkTraining<TWeights> training) where TWeights : NetworkWeights => (training, training.Trainer);

    public float Step(Trainer trainer) => Case.Loss == TrainingLoss.SoftmaxCrossEntropy ? trainer.Step(Images, Labels) : trainer.Step(Images, Targets);

    public float ComputeGradients(Trainer trainer)
        => Case.Loss == TrainingLoss.SoftmaxCrossEntropy ? trainer.ComputeGradients(Images, Labels) : trainer.ComputeGradients(Images, Targets);

    public ReferencePass Reference(IReadOnlyDictionary<string, double[]> parameters, long step = 0)
        => ReferenceTraining.Run(Weights.Graph, parameters, Images.Select(v => (double)v).ToArray(), Case.Batch, Labels,
            Targets.Select(v => (double)v).ToArray(), ReferenceOptions(step));

    /// <summary>
    /// The largest magnitude among the values of every tensor of <paramref name="tensor"/>'s node: the scale a
    /// mathematically zero gradient (a bias before a batch norm in training mode) is judged against, as float32 sums
    /// cancel only to within the size of their terms.
    /// </summary>
    public double NodeScale(IReadOnlyDictionary<string, double[]> values, string tensor)
    {
        int node = Weights.Info(tensor).Node;
        double scale = 0;
        foreach (var t in Weights.Tensors)
            if (t.Node == node && values.TryGetValue(t.Name, out var v)) scale = Math.Max(scale, v.Max(Math.Abs));
        return scale;
    }

    /// <summary>max |actual - expected| &lt;= tolerance * max(max |expected|, <paramref name="floor"/>) (relative to the tensor's scale).</summary>
    public static void AssertClose(IReadOnlyList<double> expected, ReadOnlySpan<float> actual, double tolerance, string what, double floor = 0)
    {
        Assert.True(expected.Count == actual.Length, $"{what}: {actual.Length} values, expected {expected.Count}.");
        double scale = 0, worst = 0;
        int worstAt = 0;
        for (int i = 0; i < expected.Count; i++) scale = Math.Max(scale, Math.Abs(expected[i]));
        scale = Math.Max(scale, floor);
        for (int i = 0; i < expected.Count; i++)
        {
            double error = Math.Abs(actual[i] - expected[i]);
            if (!(error <= worst)) { worst = error; worstAt = i; }
        }
        Assert.True(worst <= tolerance * Math.Max(scale, 1e-6),
            $"{what}: max |error| {worst:G4} at {worstAt} (expected {expected[worstAt]:G6}, got {actual[worstAt]:G6}) exceeds {tolerance} x {scale:G4}.");
    }
}
