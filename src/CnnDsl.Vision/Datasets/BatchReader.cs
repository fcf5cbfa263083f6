using System;
using System.Collections.Generic;
using System.IO;

namespace CnnDsl.Vision;

/// <summary>
/// Enumerates a dataset (or a subset of its indices) in batches: shuffled with a seed per epoch, each sample loaded,
/// optionally augmented, then normalized. A sample that fails to load is reported in the dataset's
/// <see cref="IImageDataset.Problems"/> by its file (once) and skipped in this and later epochs; the batch fills up
/// from the next samples.
/// </summary>
public sealed class BatchReader
{
    private readonly IImageDataset _dataset;
    private readonly int[] _indices;
    private readonly Batch _batch;
    private readonly ImageData _image;
    private readonly AugmentationPipeline? _augmentation;
    private readonly Normalization? _normalization;
    private readonly HashSet<int> _unreadable = [];

    /// <summary>A reader of <paramref name="indices"/> (all samples when null) in batches of <paramref name="batchSize"/>.</summary>
    /// <param name="dataset">The samples.</param>
    /// <param name="batchSize">Samples per batch.</param>
    /// <param name="indices">The subset to read, e.g. one side of <see cref="DatasetSplit.Split"/>.</param>
    /// <param name="normalization">Applied last; null leaves values 0..255.</param>
    /// <param name="augmentation">Applied to each sample before normalization; it must keep the sample shape.</param>
    public BatchReader(IImageDataset dataset, int batchSize, IReadOnlyList<int>? indices = null, Normalization? normalization = null, AugmentationPipeline? augmentation = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), $"The batch size must be positive; got {batchSize}.");
        _dataset = dataset;
        _indices = indices is null ? CountUp(dataset.Count) : [.. indices];
        foreach (int i in _indices)
        {
            if ((uint)i >= (uint)dataset.Count) throw new ArgumentOutOfRangeException(nameof(indices), $"Index {i} is outside the dataset's {dataset.Count} samples.");
        }
        var shape = dataset.SampleShape;
        _batch = new Batch(batchSize, shape.Length);
        _image = new ImageData(shape.Width, shape.Height, shape.Channels);
        _normalization = normalization;
        _augmentation = augmentation;
    }

    /// <summary>Whether samples are augmented, so that a sample differs from epoch to epoch.</summary>
    public bool Augments => _augmentation is not null;

    /// <summary>The dataset read.</summary>
    public IImageDataset Dataset => _dataset;

    /// <summary>Samples this reader covers (before any are skipped).</summary>
    public int Count => _indices.Length;

    /// <summary>
    /// One pass over the samples in an order shuffled by <c>(seed, epoch)</c>; <paramref name="shuffle"/> false keeps
    /// index order (evaluation). The yielded <see cref="Batch"/> is the same object each time, refilled.
    /// </summary>
    public IEnumerable<Batch> Epoch(int seed, int epoch = 0, bool shuffle = true)
    {
        int[] order = (int[])_indices.Clone();
        if (shuffle) new Random(HashCode.Combine(seed, epoch)).Shuffle(order);
        var random = new Random(HashCode.Combine(seed, epoch, 0x5eed));
        var shape = _dataset.SampleShape;
        int filled = 0;
        foreach (int index in order)
        {
            if (!TryLoad(index, _batch.Slot(filled), shape, random)) continue;
            _batch.Set(filled, _dataset.LabelOf(index), index);
            filled++;
            if (filled < _batch.Capacity) continue;
            _batch.Count = filled;
            yield return _batch;
            filled = 0;
        }
        if (filled > 0)
        {
            _batch.Count = filled;
            yield return _batch;
        }
    }

    private bool TryLoad(int index, Span<float> slot, TensorShape shape, Random random)
    {
        if (_unreadable.Contains(index)) return false;
        try
        {
            _dataset.Load(index, slot);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            _dataset.Report(new DatasetProblem(_dataset.Describe(index), e.Message));
            _unreadable.Add(index);
            return false;
        }
        if (_augmentation is not null)
        {
            _image.Reshape(shape.Width, shape.Height, shape.Channels);
            slot.CopyTo(_image.Pixels);
            _augmentation.Apply(_image, random);
            if (_image.Width != shape.Width || _image.Height != shape.Height || _image.Channels != shape.Channels)
                throw new InvalidOperationException($"The augmentation turned a {shape} sample into {_image.Height}x{_image.Width}x{_image.Channels}; a batch needs the sample shape kept.");
            _image.Pixels.CopyTo(slot);
        }
        _normalization?.Apply(slot, slot, shape.Channels);
        return true;
    }

    private static int[] CountUp(int count)
    {
        var all = new int[count];
        for (int i = 0; i < count; i++) all[i] = i;
        return all;
    }
}
