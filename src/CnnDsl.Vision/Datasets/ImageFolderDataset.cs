using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace CnnDsl.Vision;

/// <summary>
/// A folder per class, as torchvision's <c>ImageFolder</c> and Keras's <c>image_dataset_from_directory</c> read it:
/// <c>root/cat/1.jpg</c>, <c>root/dog/2.png</c>. Classes are the subfolders in ordinal order; images are the files with
/// an image extension (JPEG, PNG, BMP, GIF, WebP, PPM, PGM), in ordinal order. Each image is decoded when loaded, its
/// shorter side resized to <c>resizeTo</c> and the centre <c>size</c> x <c>size</c> square taken. An empty class
/// folder is a <see cref="Problems"/> entry (the class keeps its index); an unreadable image is one when read.
/// </summary>
public sealed class ImageFolderDataset : IImageDataset
{
    private static readonly string[] Extensions = [".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp", ".ppm", ".pgm"];
    private readonly List<(string Path, int Label)> _samples = [];
    private readonly List<DatasetProblem> _problems = [];
    private readonly int _size;
    private readonly int _resizeTo;
    private readonly ImageData _scratch = new(1, 1, 3);
    private readonly ImageData _crop = new(1, 1, 3);

    /// <summary>Scans <paramref name="root"/>; images load as <paramref name="size"/> x <paramref name="size"/> x 3.</summary>
    /// <param name="root">The folder holding one subfolder per class.</param>
    /// <param name="size">The square side of a sample.</param>
    /// <param name="resizeTo">The shorter side before the centre crop (default: <paramref name="size"/>, the whole centre square).</param>
    public ImageFolderDataset(string root, int size, int resizeTo = 0)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"{root}: the dataset folder does not exist.");
        if (size <= 0) throw new ArgumentOutOfRangeException(nameof(size), $"The sample size must be positive; got {size}.");
        _size = size;
        _resizeTo = resizeTo == 0 ? size : resizeTo;
        if (_resizeTo < size) throw new ArgumentOutOfRangeException(nameof(resizeTo), $"resizeTo ({resizeTo}) must be at least the sample size ({size}).");
        string[] classes = Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();
        if (classes.Length == 0) throw new InvalidDataException($"{root}: no class folders (expected root/<class>/<image>).");
        ClassNames = classes;
        for (int label = 0; label < classes.Length; label++)
        {
            string folder = Path.Combine(root, classes[label]);
            var files = Directory.GetFiles(folder)
                .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                .Order(StringComparer.Ordinal).ToArray();
            if (files.Length == 0) _problems.Add(new DatasetProblem(folder, $"class '{classes[label]}' has no images ({string.Join(", ", Extensions)})."));
            foreach (string file in files) _samples.Add((file, label));
        }
        Root = root;
    }

    /// <summary>The dataset folder.</summary>
    public string Root { get; }

    /// <inheritdoc/>
    public int Count => _samples.Count;

    /// <inheritdoc/>
    public TensorShape SampleShape => new(_size, _size, 3);

    /// <inheritdoc/>
    public IReadOnlyList<string> ClassNames { get; }

    /// <inheritdoc/>
    public IReadOnlyList<DatasetProblem> Problems => _problems;

    /// <inheritdoc/>
    public int LabelOf(int index) => _samples[index].Label;

    /// <inheritdoc/>
    public string Describe(int index) => _samples[index].Path;

    /// <inheritdoc/>
    public void Load(int index, Span<float> target)
    {
        var image = ImageDecoder.Decode(_samples[index].Path);
        Preprocess.ResizeAndCenterCrop(image, _resizeTo, _size, _scratch, _crop);
        _crop.Pixels.CopyTo(target);
    }

    /// <inheritdoc/>
    public void Report(DatasetProblem problem) => _problems.Add(problem);
}
