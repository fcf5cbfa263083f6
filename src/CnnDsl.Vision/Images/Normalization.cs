using System;
using System.Collections.Generic;
using System.Linq;

namespace CnnDsl.Vision;

/// <summary>
/// How pretrained networks expect their input pixels: <c>out = (in * Scale - Mean[c]) / Std[c]</c> on decoded values
/// 0..255, with the channels reordered RGB to BGR first when <see cref="Bgr"/> is set (Mean and Std are in the output
/// order). A Mean/Std of one value applies to every channel. The presets name the conventions real networks use.
/// </summary>
public sealed class Normalization
{
    private readonly float[] _mean;
    private readonly float[] _std;

    /// <summary>A normalization; <paramref name="mean"/> and <paramref name="std"/> have one value or one per channel.</summary>
    public Normalization(string name, float scale, IReadOnlyList<float> mean, IReadOnlyList<float> std, bool bgr = false)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Count == 0 || mean.Count != std.Count) throw new ArgumentException($"Normalization '{name}': mean and std need the same, non-zero number of values; got {mean.Count} and {std.Count}.", nameof(std));
        if (std.Any(s => !(s > 0))) throw new ArgumentException($"Normalization '{name}': every std must be positive.", nameof(std));
        Name = name;
        Scale = scale;
        _mean = mean.ToArray();
        _std = std.ToArray();
        Bgr = bgr;
    }

    /// <summary>torchvision/timm ImageNet: <c>(x/255 - [0.485, 0.456, 0.406]) / [0.229, 0.224, 0.225]</c>, RGB.</summary>
    public static Normalization ImageNet { get; } = new("ImageNet", 1f / 255, [0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f]);

    /// <summary>0..1: <c>x / 255</c> (Keras <c>rescale=1/255</c>, MNIST-style networks).</summary>
    public static Normalization ZeroOne { get; } = new("ZeroOne", 1f / 255, [0f], [1f]);

    /// <summary>-1..1: <c>x / 127.5 - 1</c> (Keras MobileNet and Inception <c>preprocess_input</c>, TF-Slim).</summary>
    public static Normalization MinusOneToOne { get; } = new("MinusOneToOne", 1f / 127.5f, [1f], [1f]);

    /// <summary>
    /// Caffe/CNTK: BGR order, 0..255 minus the ImageNet channel means B 103.939, G 116.779, R 123.68, no scaling
    /// (Keras ResNet50/VGG <c>preprocess_input</c> "caffe" mode; the per-channel form of the mean image ML.NET's
    /// ResNet-18 subtracts).
    /// </summary>
    public static Normalization CaffeBgr { get; } = new("CaffeBgr", 1f, [103.939f, 116.779f, 123.68f], [1f, 1f, 1f], bgr: true);

    /// <summary>The preset's or caller's name.</summary>
    public string Name { get; }

    /// <summary>Multiplies the decoded value first.</summary>
    public float Scale { get; }

    /// <summary>Subtracted after scaling, per output channel.</summary>
    public IReadOnlyList<float> Mean => _mean;

    /// <summary>Divides last, per output channel.</summary>
    public IReadOnlyList<float> Std => _std;

    /// <summary>RGB input is written as BGR.</summary>
    public bool Bgr { get; }

    /// <summary>Normalizes HWC pixels with <paramref name="channels"/> channels into <paramref name="target"/> (may be the same memory).</summary>
    public void Apply(ReadOnlySpan<float> source, Span<float> target, int channels)
    {
        if (_mean.Length != 1 && _mean.Length != channels)
            throw new ArgumentException($"Normalization '{Name}' has {_mean.Length} channel means; the image has {channels} channels.", nameof(channels));
        if (Bgr && channels != 3) throw new ArgumentException($"Normalization '{Name}' reorders RGB to BGR; the image has {channels} channels.", nameof(channels));
        if (target.Length < source.Length) throw new ArgumentException($"The target holds {target.Length} values; the source has {source.Length}.", nameof(target));
        if (source.Length % channels != 0) throw new ArgumentException($"{source.Length} values are not whole pixels of {channels} channels.", nameof(source));
        Span<float> mean = stackalloc float[channels], inverse = stackalloc float[channels];
        for (int c = 0; c < channels; c++)
        {
            mean[c] = _mean[_mean.Length == 1 ? 0 : c];
            inverse[c] = 1f / _std[_std.Length == 1 ? 0 : c];
        }
        for (int i = 0; i < source.Length; i += channels)
        {
            if (Bgr)
            {
                float r = source[i], g = source[i + 1], b = source[i + 2];
                target[i] = (b * Scale - mean[0]) * inverse[0];
                target[i + 1] = (g * Scale - mean[1]) * inverse[1];
                target[i + 2] = (r * Scale - mean[2]) * inverse[2];
                continue;
            }
            for (int c = 0; c < channels; c++) target[i + c] = (source[i + c] * Scale - mean[c]) * inverse[c];
        }
    }

    /// <summary>Normalizes an image into a network input span.</summary>
    public void Apply(ImageData image, Span<float> target)
    {
        ArgumentNullException.ThrowIfNull(image);
        Apply(image.Pixels, target, image.Channels);
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
