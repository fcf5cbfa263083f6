using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using CnnDsl.Onnx;
using CnnDsl.Vision;
using CnnDsl.Zoo;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace CnnDsl.Samples;

/// <summary>
/// ML.NET's pretrained ResNet-18 (an ONNX file in a NuGet package) in CnnDsl: import its weights into the DSL
/// definition (samples/CnnDsl.Zoo/ResNet18.cs), read a JPEG photo with CnnDsl.Vision, run the generated code on it,
/// and compare the 512 features and the time with ONNX Runtime on the same weights and input, both on one thread.
/// </summary>
internal static class ResNet18Demo
{
    private const int Size = 224;
    private const int Runs = 15;

    /// <summary>The most warm-up rounds before timing, should the JIT never settle (a few seconds of ResNet-18).</summary>
    private const int MaxWarmUpRounds = 200;

    public static void Run(string packageDirectory, string photoPath)
    {
        string model = Path.Combine(packageDirectory, "tools", "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx");
        Console.WriteLine($"ResNet-18 (ML.NET's pretrained CNTK export) on {Path.GetFileName(photoPath)}");

        // Decode, shorter side to 224 and the centre square, then Caffe/CNTK preprocessing: BGR minus the ImageNet
        // channel means (the per-channel form of the mean image ML.NET's ResNetPreprocess.onnx subtracts).
        var photo = ImageDecoder.Decode(photoPath);
        var square = new ImageData(Size, Size, 3);
        Preprocess.ResizeAndCenterCrop(photo, Size, Size, new ImageData(1, 1, 3), square);
        var input = new float[ResNet18.InputLength];
        Normalization.CaffeBgr.Apply(square, input);
        Console.WriteLine($"  input: {photo.Width}x{photo.Height} decoded, {Size}x{Size} centre square, {Normalization.CaffeBgr.Name} normalization (CnnDsl.Vision)");
        float[] nchw = ToNchw(input);
        using var single = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };

        var clock = Stopwatch.StartNew();
        var weights = new ResNet18.Weights();
        var import = OnnxImporter.ImportWeights(weights, model);
        double importMs = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        var network = new ResNet18(weights);
        double packMs = clock.Elapsed.TotalMilliseconds;
        Console.WriteLine($"  import: {import.Matches.Count} nodes matched, {ResNet18.Parameters + ResNet18.BatchNormParameters:N0} values in {importMs:0} ms; weight packing {packMs:0} ms");

        var features = new float[ResNet18.OutputLength];
        using var runtime = new InferenceSession(model, single);
        double generatedFirstMs = Time(() => network.Forward(input, features));
        double runtimeFirstMs = Time(() => RunNchw(runtime, nchw));
        float[] expected = RunNchw(runtime, nchw);
        var (generatedMs, runtimeMs) = Medians(() => network.Forward(input, features), () => RunNchw(runtime, nchw));

        double worst = features.Zip(expected, (a, b) => Math.Abs(a - b)).Max();
        var top = features.Select((v, i) => (v, i)).OrderByDescending(p => p.v).Take(5);
        Console.WriteLine($"  strongest features: {string.Join(", ", top.Select(p => $"#{p.i} = {p.v:0.000}"))}");
        Console.WriteLine($"  largest |CnnDsl - ONNX Runtime| over 512 features: {worst:E2} (features up to {expected.Max():0.00})");

        // How far the per-channel mean is from ML.NET's own preprocessing (the whole mean image, run by ONNX Runtime).
        string preprocessing = Path.Combine(packageDirectory, "tools", "DnnImageModels", "ResNetPrepOnnx", "ResNetPreprocess.onnx");
        using var prepare = new InferenceSession(preprocessing, single);
        var planarRgb = ToNchw(square.Pixels.ToArray());
        float[] meanImageFeatures = RunNchw(runtime, RunNchw(prepare, planarRgb));
        double shift = features.Zip(meanImageFeatures, (a, b) => Math.Abs(a - b)).Max();
        Console.WriteLine($"  against ML.NET's mean-image preprocessing: features differ by up to {shift:0.000}, same strongest feature: {Array.IndexOf(meanImageFeatures, meanImageFeatures.Max()) == top.First().i}");
        Console.WriteLine($"  one image, one thread, first call: CnnDsl {generatedFirstMs:0.0} ms (the JIT compiling its layers), ONNX Runtime {runtimeFirstMs:0.0} ms");
        Console.WriteLine($"  one image, one thread, median of {Runs} interleaved calls once the JIT has settled: CnnDsl {generatedMs:0.0} ms, ONNX Runtime {runtimeMs:0.0} ms, {runtimeMs / generatedMs:0.00}x ({ResNet18.MultiplyAdds / 1e9:0.00}G multiply-adds)");
    }

    /// <summary>
    /// The two engines' median times, called in turn (so a change of the machine's speed hits both alike), timed once
    /// the tiered JIT has settled: .NET first runs a method unoptimized and recompiles it optimized in the background
    /// after about 30 calls, so the first dozen calls of the generated code measure the JIT, not the code.
    /// </summary>
    private static (double First, double Second) Medians(Action first, Action second)
    {
        for (int round = 0, quiet = 0; round < MaxWarmUpRounds && quiet < 2; round++)
        {
            TimeSpan jit = System.Runtime.JitInfo.GetCompilationTime();
            first();
            second();
            quiet = (System.Runtime.JitInfo.GetCompilationTime() - jit).TotalMilliseconds < 1 && round >= 30 ? quiet + 1 : 0;
        }
        var firstTimes = new double[Runs];
        var secondTimes = new double[Runs];
        for (int i = 0; i < Runs; i++)
        {
            firstTimes[i] = Time(first);
            secondTimes[i] = Time(second);
        }
        Array.Sort(firstTimes);
        Array.Sort(secondTimes);
        return (firstTimes[Runs / 2], secondTimes[Runs / 2]);
    }

    private static double Time(Action action)
    {
        long start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static float[] RunNchw(InferenceSession session, float[] nchw)
    {
        var tensor = new DenseTensor<float>(nchw, new[] { 1, 3, Size, Size });
        string name = session.InputMetadata.Keys.Single();
        using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor(name, tensor) });
        return results.First().AsEnumerable<float>().ToArray();
    }

    private static float[] ToNchw(float[] nhwc)
    {
        var nchw = new float[nhwc.Length];
        int plane = Size * Size;
        for (int c = 0; c < 3; c++)
        {
            for (int i = 0; i < plane; i++) nchw[c * plane + i] = nhwc[i * 3 + c];
        }
        return nchw;
    }
}
