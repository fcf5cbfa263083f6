using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using CnnDsl.Onnx;
using CnnDsl.Zoo;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace CnnDsl.Samples;

/// <summary>
/// ML.NET's pretrained ResNet-18 (an ONNX file in a NuGet package) in CnnDsl: import its weights into the DSL
/// definition (samples/CnnDsl.Zoo/ResNet18.cs), run the generated code on a photo, and compare the 512 features and
/// the time with ONNX Runtime on the same weights, both on one thread.
/// </summary>
internal static class ResNet18Demo
{
    private const int Size = 224;
    private const int Runs = 10;

    public static void Run(string packageDirectory, string photoPath)
    {
        string model = Path.Combine(packageDirectory, "tools", "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx");
        string preprocessing = Path.Combine(packageDirectory, "tools", "DnnImageModels", "ResNetPrepOnnx", "ResNetPreprocess.onnx");
        Console.WriteLine($"ResNet-18 (ML.NET's pretrained CNTK export) on {Path.GetFileName(photoPath)}");

        // ML.NET's own preprocessing model: RGB 0..255 planar in, BGR minus the ImageNet mean image out (NCHW).
        float[] rgb = Ppm.ReadPlanarRgb(photoPath, Size);
        using var single = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var prepare = new InferenceSession(preprocessing, single);
        float[] nchw = RunNchw(prepare, rgb);

        var clock = Stopwatch.StartNew();
        var weights = new ResNet18.Weights();
        var import = OnnxImporter.ImportWeights(weights, model);
        double importMs = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        var network = new ResNet18(weights);
        double packMs = clock.Elapsed.TotalMilliseconds;
        Console.WriteLine($"  import: {import.Matches.Count} nodes matched, {ResNet18.Parameters + ResNet18.BatchNormParameters:N0} values in {importMs:0} ms; weight packing {packMs:0} ms");

        var input = ToNhwc(nchw);
        var features = new float[ResNet18.OutputLength];
        double generatedMs = Median(() => network.Forward(input, features));

        using var runtime = new InferenceSession(model, single);
        float[] expected = RunNchw(runtime, nchw);
        double runtimeMs = Median(() => RunNchw(runtime, nchw));

        double worst = features.Zip(expected, (a, b) => Math.Abs(a - b)).Max();
        var top = features.Select((v, i) => (v, i)).OrderByDescending(p => p.v).Take(5);
        Console.WriteLine($"  strongest features: {string.Join(", ", top.Select(p => $"#{p.i} = {p.v:0.000}"))}");
        Console.WriteLine($"  largest |CnnDsl - ONNX Runtime| over 512 features: {worst:E2} (features up to {expected.Max():0.00})");
        Console.WriteLine($"  one image, one thread, median of {Runs}: CnnDsl {generatedMs:0.0} ms, ONNX Runtime {runtimeMs:0.0} ms ({ResNet18.MultiplyAdds / 1e9:0.00}G multiply-adds)");
    }

    private static double Median(Action action)
    {
        for (int i = 0; i < 3; i++) action();
        var times = new double[Runs];
        for (int i = 0; i < Runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(times);
        return times[Runs / 2];
    }

    private static float[] RunNchw(InferenceSession session, float[] nchw)
    {
        var tensor = new DenseTensor<float>(nchw, new[] { 1, 3, Size, Size });
        string name = session.InputMetadata.Keys.Single();
        using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor(name, tensor) });
        return results.First().AsEnumerable<float>().ToArray();
    }

    private static float[] ToNhwc(float[] nchw)
    {
        var nhwc = new float[nchw.Length];
        int plane = Size * Size;
        for (int c = 0; c < 3; c++)
        {
            for (int i = 0; i < plane; i++) nhwc[i * 3 + c] = nchw[c * plane + i];
        }
        return nhwc;
    }
}
