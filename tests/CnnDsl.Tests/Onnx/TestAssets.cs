using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace CnnDsl.Tests.Onnx;

/// <summary>Paths the build passes in as assembly metadata: the ResNet-18 package in the NuGet cache and the repository root.</summary>
internal static class TestAssets
{
    public static string ResNet18Onnx => Path.Combine(Metadata("ResNet18PackagePath"), "tools", "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx");

    public static string ResNetPreprocessOnnx => Path.Combine(Metadata("ResNet18PackagePath"), "tools", "DnnImageModels", "ResNetPrepOnnx", "ResNetPreprocess.onnx");

    public static string RepoFile(params string[] parts) => Path.Combine(new[] { Metadata("RepoRoot") }.Concat(parts).ToArray());

    private static string Metadata(string key)
    {
        string? value = typeof(TestAssets).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;
        if (string.IsNullOrEmpty(value)) throw new InvalidOperationException($"The test assembly has no '{key}' metadata; see CnnDsl.Tests.csproj.");
        return value;
    }

    /// <summary>Reads a binary PPM (P6, maxval 255) as planar RGB NCHW floats in 0..255, as ML.NET's pixel extractor gives them.</summary>
    public static float[] ReadPpmAsNchw(string path, out int height, out int width)
    {
        byte[] data = File.ReadAllBytes(path);
        int position = 0;
        string Token()
        {
            while (char.IsWhiteSpace((char)data[position])) position++;
            int start = position;
            while (!char.IsWhiteSpace((char)data[position])) position++;
            return System.Text.Encoding.ASCII.GetString(data, start, position - start);
        }
        if (Token() != "P6") throw new InvalidDataException(path + " is not a binary PPM.");
        width = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
        height = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
        if (Token() != "255") throw new InvalidDataException(path + " is not 8-bit.");
        position++;
        var nchw = new float[3 * height * width];
        for (int i = 0; i < height * width; i++)
        {
            for (int c = 0; c < 3; c++) nchw[c * height * width + i] = data[position + i * 3 + c];
        }
        return nchw;
    }
}
