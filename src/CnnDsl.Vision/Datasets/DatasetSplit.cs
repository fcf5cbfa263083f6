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
        var random = new Random(seed);
        var train = new System.Collections.Generic.List<int>();
        var validation = new System.Collections.Generic.List<int>();
        foreach (var group in Enumerable.Range(0, dataset.Count).GroupBy(dataset.LabelOf).OrderBy(g => g.Key))
        {
            int[] members = group.ToArray();
            random.Shuffle(members);
            int held = (int)Math.Round(validationShare * members.Length);
            validation.AddRange(members.Take(held));
            train.AddRange(members.Skip(held));
        }
        train.Sort();
        validation.Sort();
        return (train.ToArray(), validation.ToArray());
    }
}
