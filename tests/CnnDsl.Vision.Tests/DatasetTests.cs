using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using SkiaSharp;

namespace CnnDsl.Vision.Tests;

public class DatasetTests
{
    private static void WriteIdx(string path, int magic, int[] dims, byte[] payload, bool gzip)
    {
        using var memory = new MemoryStream();
        void Int(int v) { memory.WriteByte((byte)(v >> 24)); memory.WriteByte((byte)(v >> 16)); memory.WriteByte((byte)(v >> 8)); memory.WriteByte((byte)v); }
        Int(magic);
        foreach (int d in dims) Int(d);
        memory.Write(payload);
        byte[] bytes = memory.ToArray();
        if (!gzip)
        {
            File.WriteAllBytes(path, bytes);
            return;
        }
        using var file = File.Create(path);
        using var zip = new GZipStream(file, CompressionLevel.Fastest);
        zip.Write(bytes);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Idx_files_load_pixels_and_labels(bool gzip)
    {
        using var folder = new TestImages.TempFolder();
        byte[] pixels = TestImages.RandomBytes(7 * 5 * 4, 11);
        byte[] labels = [3, 0, 9, 3, 1, 2, 7];
        string ext = gzip ? ".gz" : "";
        WriteIdx(folder.File("images" + ext), 0x803, [7, 5, 4], pixels, gzip);
        WriteIdx(folder.File("labels" + ext), 0x801, [7], labels, gzip);
        var data = IdxDataset.Load(folder.File("images" + ext), folder.File("labels" + ext), IdxDataset.FashionMnistClasses);
        Assert.Equal(7, data.Count);
        Assert.Equal(new TensorShape(5, 4, 1), data.SampleShape);
        Assert.Equal("Ankle boot", data.ClassNames[data.LabelOf(2)]);
        var sample = new float[20];
        data.Load(4, sample);
        for (int i = 0; i < 20; i++) Assert.Equal(pixels[4 * 20 + i], sample[i]);
    }

    [Fact]
    public void Bad_idx_files_are_errors_naming_the_file()
    {
        using var folder = new TestImages.TempFolder();
        WriteIdx(folder.File("images"), 0x803, [3, 2, 2], new byte[11], false);
        WriteIdx(folder.File("labels"), 0x801, [3], new byte[3], false);
        WriteIdx(folder.File("labels-swapped"), 0x803, [3], new byte[3], false);
        WriteIdx(folder.File("labels4"), 0x801, [4], new byte[4], false);
        var truncated = Assert.Throws<InvalidDataException>(() => IdxDataset.Load(folder.File("images"), folder.File("labels")));
        Assert.Contains("images", truncated.Message);
        Assert.Contains("truncated", truncated.Message);
        WriteIdx(folder.File("images"), 0x803, [3, 2, 2], new byte[12], false);
        var magic = Assert.Throws<InvalidDataException>(() => IdxDataset.Load(folder.File("images"), folder.File("labels-swapped")));
        Assert.Contains("labels-swapped", magic.Message);
        Assert.Contains("0x00000801", magic.Message);
        var count = Assert.Throws<InvalidDataException>(() => IdxDataset.Load(folder.File("images"), folder.File("labels4")));
        Assert.Contains("3 images", count.Message);
    }

    private static TestImages.TempFolder MakeFolder(out int goodImages)
    {
        var folder = new TestImages.TempFolder();
        goodImages = 0;
        string[] classes = ["cat", "dog", "eel"];
        for (int c = 0; c < classes.Length; c++)
        {
            for (int i = 0; i < 4 + c; i++)
            {
                int w = 20 + i, h = 16 + c;
                byte[] rgb = TestImages.RandomBytes(w * h * 3, 100 * c + i);
                File.WriteAllBytes(folder.File($"{classes[c]}/{i}.png"), TestImages.Encode(rgb, w, h, SKEncodedImageFormat.Png));
                goodImages++;
            }
        }
        File.WriteAllBytes(folder.File("dog/broken.jpg"), TestImages.RandomBytes(300, 5));
        File.WriteAllText(folder.File("dog/notes.txt"), "not an image, ignored");
        Directory.CreateDirectory(folder.File("empty"));
        return folder;
    }

    [Fact]
    public void Image_folder_reads_classes_and_reports_bad_files_and_empty_classes()
    {
        using var folder = MakeFolder(out int good);
        var data = new ImageFolderDataset(folder.Path, 12);
        Assert.Equal(["cat", "dog", "eel", "empty"], data.ClassNames);
        Assert.Equal(good + 1, data.Count); // broken.jpg is listed until it is read
        var problem = Assert.Single(data.Problems);
        Assert.Contains("empty", problem.Source);
        Assert.Contains("no images", problem.Message);

        var reader = new BatchReader(data, batchSize: 4);
        var seen = new List<int>();
        foreach (var batch in reader.Epoch(seed: 1))
        {
            Assert.True(batch.Count is > 0 and <= 4);
            for (int i = 0; i < batch.Count; i++)
            {
                Assert.Equal(data.LabelOf(batch.Indices[i]), batch.Labels[i]);
                seen.Add(batch.Indices[i]);
            }
        }
        Assert.Equal(good, seen.Count);
        Assert.Equal(good, seen.Distinct().Count());
        Assert.Equal(2, data.Problems.Count);
        Assert.EndsWith("broken.jpg", data.Problems[1].Source);
        Assert.Contains("not a readable image", data.Problems[1].Message);
        Assert.Equal(good, reader.Epoch(seed: 1, epoch: 1).Sum(b => b.Count));
        Assert.True(data.Problems.Count == 2, string.Join("\n", data.Problems)); // reported once, skipped again without rereading
    }

    [Fact]
    public void Image_folder_samples_are_the_resized_centre_square()
    {
        using var folder = new TestImages.TempFolder();
        byte[] rgb = TestImages.RandomBytes(30 * 20 * 3, 3);
        File.WriteAllBytes(folder.File("a/x.png"), TestImages.Encode(rgb, 30, 20, SKEncodedImageFormat.Png));
        var data = new ImageFolderDataset(folder.Path, 10);
        var sample = new float[300];
        data.Load(0, sample);
        // Shorter side 20 -> 10 (exact 2x2 means), then the centre 10 columns of 15.
        for (int y = 0; y < 10; y++)
            for (int x = 0; x < 10; x++)
                for (int c = 0; c < 3; c++)
                {
                    double mean = 0;
                    for (int dy = 0; dy < 2; dy++)
                        for (int dx = 0; dx < 2; dx++) mean += rgb[((2 * y + dy) * 30 + 2 * (x + 2) + dx) * 3 + c] / 4.0;
                    Assert.Equal(mean, sample[(y * 10 + x) * 3 + c], 3);
                }
    }

    [Fact]
    public void Batches_are_shuffled_by_seed_and_epoch_and_normalized()
    {
        using var folder = new TestImages.TempFolder();
        int n = 50;
        byte[] pixels = TestImages.RandomBytes(n * 4, 12);
        byte[] labels = Enumerable.Range(0, n).Select(i => (byte)(i % 5)).ToArray();
        WriteIdx(folder.File("i"), 0x803, [n, 2, 2], pixels, false);
        WriteIdx(folder.File("l"), 0x801, [n], labels, false);
        var data = IdxDataset.Load(folder.File("i"), folder.File("l"));
        int[] Order(int seed, int epoch) => new BatchReader(data, 8).Epoch(seed, epoch).SelectMany(b => b.Indices.ToArray()).ToArray();
        Assert.Equal(Order(3, 0), Order(3, 0));
        Assert.NotEqual(Order(3, 0), Order(3, 1));
        Assert.NotEqual(Order(3, 0), Order(4, 0));
        Assert.Equal(Enumerable.Range(0, n), Order(3, 0).Order());

        var first = new BatchReader(data, 8, normalization: Normalization.ZeroOne).Epoch(0, shuffle: false).First();
        Assert.Equal(8, first.Count);
        for (int i = 0; i < 32; i++) Assert.Equal(pixels[i] / 255.0, first.Inputs[i], 1e-6);
    }

    [Fact]
    public void Split_is_disjoint_complete_seeded_and_stratified()
    {
        using var folder = new TestImages.TempFolder();
        int n = 200;
        byte[] labels = Enumerable.Range(0, n).Select(i => (byte)(i < 150 ? 0 : 1)).ToArray();
        WriteIdx(folder.File("i"), 0x803, [n, 1, 1], new byte[n], false);
        WriteIdx(folder.File("l"), 0x801, [n], labels, false);
        var data = IdxDataset.Load(folder.File("i"), folder.File("l"));
        var (train, validation) = DatasetSplit.Split(data, 0.2, seed: 9);
        Assert.Equal(n, train.Length + validation.Length);
        Assert.Empty(train.Intersect(validation));
        Assert.Equal(30, validation.Count(i => labels[i] == 0));
        Assert.Equal(10, validation.Count(i => labels[i] == 1));
        Assert.Equal(validation, DatasetSplit.Split(data, 0.2, seed: 9).Validation);
        Assert.NotEqual(validation, DatasetSplit.Split(data, 0.2, seed: 10).Validation);
    }

    [Fact]
    public void Subset_takes_the_counts_from_every_class_disjoint_and_seeded()
    {
        using var folder = new TestImages.TempFolder();
        int n = 60;
        byte[] labels = Enumerable.Range(0, n).Select(i => (byte)(i % 3)).ToArray();
        WriteIdx(folder.File("i"), 0x803, [n, 1, 1], new byte[n], false);
        WriteIdx(folder.File("l"), 0x801, [n], labels, false);
        var data = IdxDataset.Load(folder.File("i"), folder.File("l"));
        var (train, validation) = DatasetSplit.Subset(data, trainingPerClass: 5, validationPerClass: 3, seed: 4);
        for (int label = 0; label < 3; label++)
        {
            Assert.Equal(5, train.Count(i => labels[i] == label));
            Assert.Equal(3, validation.Count(i => labels[i] == label));
        }
        Assert.Empty(train.Intersect(validation));
        Assert.Equal(train.Order(), train);
        Assert.Equal(train, DatasetSplit.Subset(data, 5, 3, seed: 4).Train);
        Assert.NotEqual(train, DatasetSplit.Subset(data, 5, 3, seed: 5).Train);
        var tooMany = Assert.Throws<ArgumentException>(() => DatasetSplit.Subset(data, 15, 6, seed: 4));
        Assert.Contains("has 20 samples; the subset takes 15 + 6", tooMany.Message);
    }
}
