using System;
using System.Collections.Generic;
using System.Diagnostics;
using CnnDsl.Training;

namespace CnnDsl.Vision;

/// <summary>
/// The output of a trainer's frozen prefix (<see cref="Trainer.FeatureNode"/>) for every sample a reader yields,
/// computed on first use, in the reader's batches (by the trainer, or by generated inference code of the prefix), and
/// kept with the labels. Batches are served by copying rows into
/// one reused buffer, so an epoch from the cache allocates nothing per batch.
/// </summary>
internal sealed class FeatureCache
{
    private readonly Trainer _trainer;
    private readonly INetwork? _network;
    private readonly BatchReader _reader;
    private readonly int _length;
    private float[] _features = [];
    private int[] _labels = [];
    private int _count = -1;
    private int[] _order = [];
    private float[] _batchFeatures = [];
    private int[] _batchLabels = [];

    public FeatureCache(Trainer trainer, BatchReader reader, INetwork? network)
    {
        _trainer = trainer;
        _network = network;
        _reader = reader;
        _length = trainer.FeatureLength;
    }

    /// <summary>Time spent computing the features.</summary>
    public TimeSpan Time { get; private set; }

    /// <summary>Computes the features of every readable sample, once.</summary>
    public void Fill(int seed)
    {
        if (_count >= 0) return;
        var clock = Stopwatch.StartNew();
        _features = new float[checked(_reader.Count * _length)];
        _labels = new int[_reader.Count];
        int count = 0;
        foreach (var batch in _reader.Epoch(seed, shuffle: false))
        {
            var target = _features.AsSpan(count * _length, batch.Count * _length);
            if (_network is not null) _network.Forward(batch.Inputs, target);
            else _trainer.ComputeFeatures(batch.Inputs, target);
            batch.Labels.CopyTo(_labels.AsSpan(count));
            count += batch.Count;
        }
        _count = count;
        Time = clock.Elapsed;
    }

    /// <summary>The cached samples in batches of <paramref name="batchSize"/>, shuffled by (seed, epoch) unless epoch is negative (evaluation).</summary>
    public IEnumerable<(ReadOnlyMemory<float> Features, ReadOnlyMemory<int> Labels)> Batches(int seed, int epoch, int batchSize)
    {
        if (_order.Length != _count) _order = new int[_count];
        for (int i = 0; i < _order.Length; i++) _order[i] = i;
        if (epoch >= 0) new Random(HashCode.Combine(seed, epoch)).Shuffle(_order);
        if (_batchLabels.Length != batchSize)
        {
            _batchFeatures = new float[batchSize * _length];
            _batchLabels = new int[batchSize];
        }
        for (int start = 0; start < _count; start += batchSize)
        {
            int size = Math.Min(batchSize, _count - start);
            for (int k = 0; k < size; k++)
            {
                int row = _order[start + k];
                _features.AsSpan(row * _length, _length).CopyTo(_batchFeatures.AsSpan(k * _length));
                _batchLabels[k] = _labels[row];
            }
            yield return (_batchFeatures.AsMemory(0, size * _length), _batchLabels.AsMemory(0, size));
        }
    }
}
