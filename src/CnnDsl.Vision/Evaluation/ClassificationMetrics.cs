using System;
using System.Collections.Generic;

namespace CnnDsl.Vision;

/// <summary>
/// Top-1 and top-k accuracy and a <see cref="ConfusionMatrix"/> accumulated from class scores (logits or
/// probabilities; only their order matters). A sample counts as top-k correct when fewer than k classes score
/// strictly higher than the true class (ties go to the true class).
/// </summary>
public sealed class ClassificationMetrics
{
    private long _top1;
    private long _topK;

    /// <summary>Metrics over <paramref name="classNames"/>; <paramref name="k"/> for top-k (5, as ImageNet reports).</summary>
    public ClassificationMetrics(IReadOnlyList<string> classNames, int k = 5)
    {
        if (k <= 0) throw new ArgumentOutOfRangeException(nameof(k), $"k must be positive; got {k}.");
        Confusion = new ConfusionMatrix(classNames);
        K = k;
    }

    /// <summary>The k of top-k.</summary>
    public int K { get; }

    /// <summary>Rows actual, columns the top-1 prediction.</summary>
    public ConfusionMatrix Confusion { get; }

    /// <summary>Samples counted.</summary>
    public long Total => Confusion.Total;

    /// <summary>Share whose highest score is the true class.</summary>
    public double Top1 => Total == 0 ? double.NaN : _top1 / (double)Total;

    /// <summary>Share whose true class is among the <see cref="K"/> highest scores.</summary>
    public double TopK => Total == 0 ? double.NaN : _topK / (double)Total;

    /// <summary>Counts one sample from its <paramref name="scores"/> (one per class) and true <paramref name="label"/>.</summary>
    public void Add(ReadOnlySpan<float> scores, int label)
    {
        if (scores.Length != Confusion.Classes) throw new ArgumentException($"{scores.Length} scores for {Confusion.Classes} classes.", nameof(scores));
        if ((uint)label >= (uint)scores.Length) throw new ArgumentOutOfRangeException(nameof(label), $"Label {label} is outside 0..{scores.Length - 1}.");
        int best = 0, higher = 0;
        for (int c = 0; c < scores.Length; c++)
        {
            if (scores[c] > scores[best]) best = c;
            if (scores[c] > scores[label]) higher++;
        }
        if (higher == 0) best = label;
        Confusion.Add(label, best);
        if (best == label) _top1++;
        if (higher < K) _topK++;
    }

    /// <summary>Counts a batch: <paramref name="scores"/> holds one row per label.</summary>
    public void AddBatch(ReadOnlySpan<float> scores, ReadOnlySpan<int> labels)
    {
        int classes = Confusion.Classes;
        if (scores.Length != labels.Length * classes) throw new ArgumentException($"{scores.Length} scores for {labels.Length} labels of {classes} classes.", nameof(scores));
        for (int i = 0; i < labels.Length; i++) Add(scores.Slice(i * classes, classes), labels[i]);
    }
}
