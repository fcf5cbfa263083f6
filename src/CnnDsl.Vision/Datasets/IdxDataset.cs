using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;

namespace CnnDsl.Vision;

/// <summary>
/// MNIST and Fashion-MNIST: an IDX image file (magic 0x00000803, unsigned bytes, count x rows x columns) and an IDX
/// label file (magic 0x00000801), raw or gzip-compressed (<c>.gz</c>), read whole into memory. Samples are
/// rows x columns x 1, values 0..255.
/// </summary>
public sealed class IdxDataset : IImageDataset
{
    /// <summary>Fashion-MNIST's class names, in label order.</summary>
    public static IReadOnlyList<string> FashionMnistClasses { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    private readonly byte[] _pixels;
    private readonly byte[] _labels;
    private readonly List<DatasetProblem> _problems = [];
    private readonly string _imagesPath;

    private IdxDataset(string imagesPath, byte[] pixels, byte[] labels, int rows, int columns, IReadOnlyList<string> classNames)
    {
        _imagesPath = imagesPath;
        _pixels = pixels;
        _labels = labels;
        SampleShape = new TensorShape(rows, columns, 1);
        ClassNames = classNames;
    }

    /// <summary>
    /// Reads an image file and its label file. <paramref name="classNames"/> defaults to the digits "0".."9" widened
    /// to the largest label; pass <see cref="FashionMnistClasses"/> for Fashion-MNIST.
    /// </summary>
    public static IdxDataset Load(string imagesPath, string labelsPath, IReadOnlyList<string>? classNames = null)
    {
        byte[] images = ReadAll(imagesPath);
        byte[] labels = ReadAll(labelsPath);
        int imageCount = Header(images, imagesPath, 0x00000803, 3, out int[] imageDims);
        int labelCount = Header(labels, labelsPath, 0x00000801, 1, out _);
        if (imageCount != labelCount)
            throw new InvalidDataException($"{imagesPath} holds {imageCount} images but {labelsPath} holds {labelCount} labels.");
        int rows = imageDims[1], columns = imageDims[2];
        long pixelBytes = (long)imageCount * rows * columns;
        int imageHeader = 4 + 4 * 3, labelHeader = 4 + 4;
        if (images.Length - imageHeader < pixelBytes)
            throw new InvalidDataException($"{imagesPath}: truncated; {imageCount} images of {rows}x{columns} need {pixelBytes} bytes, the file has {images.Length - imageHeader}.");
        if (labels.Length - labelHeader < labelCount)
            throw new InvalidDataException($"{labelsPath}: truncated; {labelCount} labels need {labelCount} bytes, the file has {labels.Length - labelHeader}.");
        byte[] pixels = images.AsSpan(imageHeader, (int)pixelBytes).ToArray();
        byte[] labelBytes = labels.AsSpan(labelHeader, labelCount).ToArray();
        int largest = labelBytes.Length == 0 ? 0 : labelBytes.Max();
        classNames ??= Enumerable.Range(0, Math.Max(10, largest + 1)).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        if (largest >= classNames.Count)
            throw new InvalidDataException($"{labelsPath}: label {largest} is out of range for {classNames.Count} classes.");
        return new IdxDataset(imagesPath, pixels, labelBytes, rows, columns, classNames);
    }

    /// <inheritdoc/>
    public int Count => _labels.Length;

    /// <inheritdoc/>
    public TensorShape SampleShape { get; }

    /// <inheritdoc/>
    public IReadOnlyList<string> ClassNames { get; }

    /// <inheritdoc/>
    public IReadOnlyList<DatasetProblem> Problems => _problems;

    /// <inheritdoc/>
    public int LabelOf(int index) => _labels[index];

    /// <inheritdoc/>
    public string Describe(int index) => $"{_imagesPath} #{index}";

    /// <inheritdoc/>
    public void Load(int index, Span<float> target)
    {
        int length = SampleShape.Length;
        ReadOnlySpan<byte> source = _pixels.AsSpan(index * length, length);
        for (int i = 0; i < length; i++) target[i] = source[i];
    }

    /// <inheritdoc/>
    public void Report(DatasetProblem problem) => _problems.Add(problem);

    private static byte[] ReadAll(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) return File.ReadAllBytes(path);
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var memory = new MemoryStream();
        try
        {
            gzip.CopyTo(memory);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: not valid gzip data ({e.Message}).", e);
        }
        return memory.ToArray();
    }

    private static int Header(byte[] data, string path, int magic, int dimensions, out int[] sizes)
    {
        if (data.Length < 4 + 4 * dimensions)
            throw new InvalidDataException($"{path}: {data.Length} bytes is too short for an IDX header of {dimensions} dimension(s).");
        int actual = BinaryPrimitives.ReadInt32BigEndian(data);
        if (actual != magic)
            throw new InvalidDataException($"{path}: IDX magic 0x{actual:X8}, expected 0x{magic:X8} ({(dimensions == 3 ? "unsigned-byte images, 3 dimensions" : "unsigned-byte labels, 1 dimension")}).");
        sizes = new int[dimensions];
        for (int d = 0; d < dimensions; d++)
        {
            sizes[d] = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(4 + 4 * d));
            if (sizes[d] < (d == 0 ? 0 : 1)) throw new InvalidDataException($"{path}: IDX dimension {d} is {sizes[d]}.");
        }
        return sizes[0];
    }
}
