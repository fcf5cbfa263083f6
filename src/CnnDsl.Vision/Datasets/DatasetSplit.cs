using System;
using System.Linq;

namespace CnnDsl.Vision;

/// <summary>A seeded train/validation split of sample indices, stratified so each class keeps its share.</summary>
public static class DatasetSplit
{
    /// <summary>
    /// Splits the samples: in each class, a seeded shuffle, then the first round(share x class size) go to
    /// validation. The same seed gives the same split on every machine (<see cref="Random"/> with a seed is stable).
    /// </summary>
    public static (int[] Train, int[] Validation) Split(IImageDataset dataset, double validationShare, int seed)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (!(validationShare >= 0 && validationShare < 1)) throw new ArgumentOutOfRangeException(nameof(validationShare), $"The validation share must be in [0, 1); got {validationShare}.");
        var (validation, train) = PerClass(dataset, seed, (_, members) => ((int)Math.Round(validationShare * members), int.MaxValue));
        return (train, validation);
    }

    /// <summary>
    /// A fixed stratified subset, for experiments on part of a dataset: in each class, a seeded shuffle, then the
    /// first <paramref name="trainingPerClass"/> for training and the next <paramref name="validationPerClass"/>
    /// for validation. The same seed gives the same subset on every machine.
    /// </summary>
    /// <exception cref="ArgumentException">A class has fewer samples than the two counts together.</exception>
    public static (int[] Train, int[] Validation) Subset(IImageDataset dataset, int trainingPerClass, int validationPerClass, int seed)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentOutOfRangeException.ThrowIfNegative(trainingPerClass);
        ArgumentOutOfRangeException.ThrowIfNegative(validationPerClass);
        return PerClass(dataset, seed, (label, members) => members >= (long)trainingPerClass + validationPerClass
            ? (trainingPerClass, validationPerClass)
            : throw new ArgumentException($"Class {label} ('{dataset.ClassNames[label]}') has {members} samples; the subset takes {trainingPerClass} + {validationPerClass} from every class.", nameof(dataset)));
    }

    /// <summary>Per class in label order: a seeded shuffle, the first <c>First</c> members to one list and the next <c>Then</c> to the other, both sorted.</summary>
    private static (int[] First, int[] Then) PerClass(IImageDataset dataset, int seed, Func<int, int, (int First, int Then)> counts)
    {
        var random = new Random(seed);
        var first = new System.Collections.Generic.List<int>();
        var then = new System.Collections.Generic.List<int>();
        foreach (var group in Enumerable.Range(0, dataset.Count).GroupBy(dataset.LabelOf).OrderBy(g => g.Key))
        {
            int[] members = group.ToArray();
            random.Shuffle(members);
            var (firstCount, thenCount) = counts(group.Key, members.Length);
            first.AddRange(members.Take(firstCount));
            then.AddRange(members.Skip(firstCount).Take(thenCount));
        }
        first.Sort();
        then.Sort();
        return (first.ToArray(), then.ToArray());
    }
}
