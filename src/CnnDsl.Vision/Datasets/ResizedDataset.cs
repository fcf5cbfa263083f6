using System;
using System.Collections.Generic;

namespace CnnDsl.Vision;

/// <summary>
/// Another dataset's samples at the input size a network expects: resized bilinearly to <c>size x size</c>, and a
/// one-channel (grayscale) sample repeated into three channels when three are asked for. This is how Fashion-MNIST's
/// 28x28 grayscale digits of clothing reach a network pretrained on RGB photos. Nothing is allocated per sample.
/// Not thread-safe (one scratch buffer), like the readers that use it.
/// </summary>
public sealed class ResizedDataset : IImageDataset
{
    private readonly IImageDataset _source;
    private readonly int _size;
    private readonly int _channels;
    private readonly float[] _scratch;
    private readonly float[] _resized;

    /// <summary>Wraps <paramref name="source"/>.</summary>
    /// <param name="source">The dataset read.</param>
    /// <param name="size">Width and height of every sample.</param>
    /// <param name="channels">The source's channel count, or 3 to turn a grayscale source into RGB.</param>
    public ResizedDataset(IImageDataset source, int size, int channels = 3)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), size, "The size must be at least 1 pixel.");
        int sourceChannels = source.SampleShape.Channels;
        if (channels != sourceChannels && !(sourceChannels == 1 && channels == 3))
            throw new ArgumentException($"A {sourceChannels}-channel source can be resized into {sourceChannels} channels, or from 1 channel into 3, not into {channels}.", nameof(channels));
        _source = source;
        _size = size;
        _channels = channels;
        _scratch = new float[source.SampleShape.Length];
        _resized = new float[size * size * sourceChannels];
    }

    /// <inheritdoc/>
    public int Count => _source.Count;

    /// <inheritdoc/>
    public TensorShape SampleShape => new(_size, _size, _channels);

    /// <inheritdoc/>
    public IReadOnlyList<string> ClassNames => _source.ClassNames;

    /// <inheritdoc/>
    public IReadOnlyList<DatasetProblem> Problems => _source.Problems;

    /// <inheritdoc/>
    public int LabelOf(int index) => _source.LabelOf(index);

    /// <inheritdoc/>
    public string Describe(int index) => _source.Describe(index);

    /// <inheritdoc/>
    public void Report(DatasetProblem problem) => _source.Report(problem);

    /// <inheritdoc/>
    public void Load(int index, Span<float> target)
    {
        if (target.Length != SampleShape.Length)
            throw new ArgumentException($"Sample {Describe(index)} is {SampleShape} = {SampleShape.Length} values, but the target holds {target.Length}.", nameof(target));
        var shape = _source.SampleShape;
        _source.Load(index, _scratch);
        Resize.Bilinear(_scratch, shape.Width, shape.Height, shape.Channels, _resized, _size, _size);
        if (_channels == shape.Channels)
        {
            _resized.CopyTo(target);
            return;
        }
        for (int p = 0; p < _resized.Length; p++)
        {
            float v = _resized[p];
            target[3 * p] = v;
            target[3 * p + 1] = v;
            target[3 * p + 2] = v;
        }
    }
}
