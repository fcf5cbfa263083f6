using System;

namespace CnnDsl.Vision;

/// <summary>
/// One batch from a <see cref="BatchReader"/>: <see cref="Count"/> samples, NHWC, and their labels. The buffers
/// belong to the reader and are overwritten by the next batch.
/// </summary>
public sealed class Batch
{
    private readonly float[] _inputs;
    private readonly int[] _labels;
    private readonly int[] _indices;

    internal Batch(int capacity, int sampleLength)
    {
        _inputs = new float[capacity * sampleLength];
        _labels = new int[capacity];
        _indices = new int[capacity];
        SampleLength = sampleLength;
    }

    /// <summary>Samples in this batch (the last batch of an epoch may be short).</summary>
    public int Count { get; internal set; }

    /// <summary>Samples a full batch holds.</summary>
    public int Capacity => _labels.Length;

    /// <summary>Floats per sample.</summary>
    public int SampleLength { get; }

    /// <summary>The samples, NHWC, <c>Count * SampleLength</c> floats.</summary>
    public ReadOnlySpan<float> Inputs => _inputs.AsSpan(0, Count * SampleLength);

    /// <summary>The labels.</summary>
    public ReadOnlySpan<int> Labels => _labels.AsSpan(0, Count);

    /// <summary>The dataset indices of the samples.</summary>
    public ReadOnlySpan<int> Indices => _indices.AsSpan(0, Count);

    internal Span<float> Slot(int i) => _inputs.AsSpan(i * SampleLength, SampleLength);

    internal void Set(int i, int label, int index)
    {
        _labels[i] = label;
        _indices[i] = index;
    }
}
