using System;
using System.Diagnostics;
using System.Globalization;
using CnnDsl;
using CnnDsl.Aot;
using CnnDsl.Zoo;

// Runs MobileNet V2 with seeded random weights and prints the top class and the time per image; with "bench",
// also times the single-layer cases (median of many runs after warm-up, single thread).
Console.WriteLine($"SIMD width: {CnnDsl.Kernels.Simd.Best}, code: {(System.Runtime.JitInfo.GetCompiledMethodCount() > 0 ? "JIT" : "NativeAOT")}");

var weights = new MobileNetV2.Weights();
weights.InitializeRandom(seed: 42);
var network = new MobileNetV2(weights);
var input = new float[MobileNetV2.InputLength];
var random = new Random(1);
for (int i = 0; i < input.Length; i++) input[i] = (float)(random.NextDouble() * 2 - 1);
var output = new float[MobileNetV2.OutputLength];
network.Forward(input, output);
int top = 0;
for (int i = 1; i < output.Length; i++) if (output[i] > output[top]) top = i;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"MobileNetV2: top output {top} = {output[top]:G6}"));
Report("MobileNetV2", Time(() => network.Forward(input, output), args.Length > 0 ? 40 : 20));

if (args.Length > 0 && args[0] == "bench")
{
    Bench("5x5 conv 28x28x192->32", new CourseExample.Weights(), w => new CourseExample(w).Forward, CourseExample.InputLength, CourseExample.OutputLength);
    Bench("1x1->16 then 5x5->32", new CourseExampleBottleneck.Weights(), w => new CourseExampleBottleneck(w).Forward, CourseExampleBottleneck.InputLength, CourseExampleBottleneck.OutputLength);
    Bench("inception 3a 28x28x192", new Inception3a.Weights(), w => new Inception3a(w).Forward, Inception3a.InputLength, Inception3a.OutputLength);
    Bench("inverted residual 56x56x24 t=6", new InvertedResidual56.Weights(), w => new InvertedResidual56(w).Forward, InvertedResidual56.InputLength, InvertedResidual56.OutputLength);
    Bench("dw-separable 112x112x32->64", new DepthwiseSeparable112.Weights(), w => new DepthwiseSeparable112(w).Forward, DepthwiseSeparable112.InputLength, DepthwiseSeparable112.OutputLength);
    Bench("1x1 conv 28x28x192->64", new Pointwise192To64.Weights(), w => new Pointwise192To64(w).Forward, Pointwise192To64.InputLength, Pointwise192To64.OutputLength);
    Bench("MobileNetV1", new MobileNetV1.Weights(), w => new MobileNetV1(w).Forward, MobileNetV1.InputLength, MobileNetV1.OutputLength);
    Bench("GoogLeNet", new GoogLeNet.Weights(), w => new GoogLeNet(w).Forward, GoogLeNet.InputLength, GoogLeNet.OutputLength);
}

static void Bench<TWeights>(string name, TWeights weights, Func<TWeights, ForwardPass> create, int inputLength, int outputLength)
    where TWeights : NetworkWeights
{
    weights.InitializeRandom(3);
    var forward = create(weights);
    var input = new float[inputLength];
    var output = new float[outputLength];
    for (int i = 0; i < input.Length; i++) input[i] = (i % 17) * 0.1f - 0.8f;
    Report(name, Time(() => forward(input, output), 40));
}

// Wall-clock median and best, and the median CPU time of the process per call: on a machine shared with other work
// a call's CPU time leaves out the time it spent descheduled (this sample runs on one thread).
static (double Median, double Min, double CpuMedian) Time(Action run, int runs)
{
    for (int i = 0; i < 5; i++) run();
    var times = new double[runs];
    var cpuTimes = new double[runs];
    for (int i = 0; i < runs; i++)
    {
        var cpuStart = Environment.CpuUsage.TotalTime;
        long start = Stopwatch.GetTimestamp();
        run();
        times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        cpuTimes[i] = (Environment.CpuUsage.TotalTime - cpuStart).TotalMilliseconds;
    }
    Array.Sort(times);
    Array.Sort(cpuTimes);
    return (times[runs / 2], times[0], cpuTimes[runs / 2]);
}

static void Report(string name, (double Median, double Min, double CpuMedian) ms)
    => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-34} median {ms.Median,8:F3} ms, min {ms.Min,8:F3} ms, CPU median {ms.CpuMedian,8:F3} ms"));

/// <summary>A network's Forward as a delegate.</summary>
internal delegate void ForwardPass(ReadOnlySpan<float> input, Span<float> output);
