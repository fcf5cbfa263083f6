using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using CnnDsl;
using CnnDsl.Benchmarks;
using CnnDsl.Onnx;
using CnnDsl.Oracles;
using static System.FormattableString;

// Generated inference code against ONNX Runtime, same weights, same process, single-threaded, then a 2-thread figure.
// Usage: dotnet run -c Release --project tests/CnnDsl.Benchmarks [--quick] [W1 W3 ...]; training rows: --training (TrainingBenchmark.cs).
bool quick = args.Contains("--quick");
if (args.Contains("--training")) return TrainingBenchmark.Run(quick);
var selected = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
var unknown = selected.Where(id => Workload.All.All(w => !w.Id.Equals(id, StringComparison.OrdinalIgnoreCase))).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"Unknown workload(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", Workload.All.Select(w => w.Id))}.");
    return 2;
}
var workloads = Workload.All.Where(w => selected.Count == 0 || selected.Contains(w.Id)).ToList();
var warmup = TimeSpan.FromSeconds(quick ? 0.1 : 0.5);
var budget = TimeSpan.FromSeconds(quick ? 0.3 : 2.0);
int minRuns = quick ? 3 : 10;

Console.WriteLine(Invariant($"CnnDsl benchmark ({(quick ? "quick" : "full")} pass): {CpuModel()}, {Environment.ProcessorCount} logical cores, {RuntimeInformation.FrameworkDescription}, ONNX Runtime {OrtVersion()}"));
Console.WriteLine($"Load average at start: {LoadAverage()} (other processes on these cores skew every figure below).");
double peak512 = FmaPeak.Vector512Gflops(quick ? 100 : 400);
double peak256 = FmaPeak.Vector256Gflops(quick ? 100 : 400);
double peak = Math.Max(peak512, peak256);
Console.WriteLine(Invariant($"Measured single-core FMA peak: Vector512 {peak512:F1} GFLOP/s, Vector256 {peak256:F1} GFLOP/s; shares below are of {peak:F1}."));
Console.WriteLine("Times are medians (and bests) of single calls (batch 1), generated and ORT interleaved, after a warm-up; GFLOP/s = 2 x MACs / time; gen/ORT > 1 means the generated code is faster.");
Console.WriteLine();

var rows = new List<(Workload Work, double Gen, double Ort, double Gen2, double Ort2, double BestRatio2, double Error)>();
Console.WriteLine(Invariant($"{"",-3} {"workload",-48} {"MMACs",8} | {"gen ms",9} {"(best)",8} {"GFLOP/s",8} {"%peak",6} | {"ORT ms",9} {"(best)",8} {"GFLOP/s",8} {"%peak",6} | {"gen/ORT",7} {"(best)",6} | {"max diff",8}"));
foreach (var work in workloads)
{
    var weights = work.NewWeights();
    weights.InitializeRandom(seed: 1);
    float[] input = RandomImages(work.InputShape.Length, seed: 2);
    var generated = work.NewGenerated(weights);
    byte[] onnx = OnnxExporter.Export(weights, work.Id);
    using var ort = new OnnxRuntimeSession(onnx, work.InputShape, intraOpThreads: 1);
    var genOut = new float[work.OutputShape.Length];
    var ortOut = new float[work.OutputShape.Length];
    generated(input, genOut);
    ort.Run(input, 1, ortOut);
    double error = RelativeDifference(ortOut, genOut);

    var single = Timing.Interleaved(warmup, budget, minRuns, () => generated(input, genOut), () => ort.Run(input, 1, ortOut));
    var (gen, ort1) = (single[0], single[1]);
    double flops = 2.0 * work.MultiplyAdds;
    Console.WriteLine(Invariant($"{work.Id,-3} {work.Description,-48} {work.MultiplyAdds / 1e6,8:F1} | {gen.Median * 1e3,9:F3} {gen.Best * 1e3,8:F3} {flops / gen.Median / 1e9,8:F2} {100 * flops / gen.Median / 1e9 / peak,5:F1}% | {ort1.Median * 1e3,9:F3} {ort1.Best * 1e3,8:F3} {flops / ort1.Median / 1e9,8:F2} {100 * flops / ort1.Median / 1e9 / peak,5:F1}% | {ort1.Median / gen.Median,7:F2} {ort1.Best / gen.Best,6:F2} | {error,8:G2}"));

    // Two threads: the generated code runs two images at once on two instances (an instance is single-threaded and
    // owns its scratch arena); ONNX Runtime runs one image with two intra-op threads. Seconds per image.
    var second = work.NewGenerated(weights);
    var secondOut = new float[work.OutputShape.Length];
    using var pair = new PairRunner(() => generated(input, genOut), () => second(input, secondOut));
    using var ortTwo = new OnnxRuntimeSession(onnx, work.InputShape, intraOpThreads: 2);
    var two = Timing.Interleaved(warmup, budget, minRuns, pair.Run, () => ortTwo.Run(input, 1, ortOut));
    rows.Add((work, gen.Median, ort1.Median, two[0].Median / 2, two[1].Median, two[1].Best / (two[0].Best / 2), error));
}

Console.WriteLine();
Console.WriteLine("Two threads (throughput per image: generated = 2 images on 2 instances in parallel / 2; ORT = 1 image, IntraOpNumThreads = 2):");
Console.WriteLine(Invariant($"{"",-3} {"gen ms/img",11} {"GFLOP/s",8} {"x 1T",5} | {"ORT ms/img",11} {"GFLOP/s",8} {"x 1T",5} | {"gen/ORT",7} {"(best)",6}"));
foreach (var r in rows)
{
    double flops = 2.0 * r.Work.MultiplyAdds;
    Console.WriteLine(Invariant($"{r.Work.Id,-3} {r.Gen2 * 1e3,11:F3} {flops / r.Gen2 / 1e9,8:F2} {r.Gen / r.Gen2,5:F2} | {r.Ort2 * 1e3,11:F3} {flops / r.Ort2 / 1e9,8:F2} {r.Ort / r.Ort2,5:F2} | {r.Ort2 / r.Gen2,7:F2} {r.BestRatio2,6:F2}"));
}
Console.WriteLine();
Console.WriteLine($"Load average at end: {LoadAverage()}.");
double worst = rows.Count == 0 ? 0 : rows.Max(r => r.Error);
if (worst > 1e-3)
{
    Console.WriteLine(Invariant($"WARNING: the generated code and ONNX Runtime disagree (max difference {worst:G3} of the output's RMS)."));
    return 1;
}
return 0;

static float[] RandomImages(int length, int seed)
{
    var random = new Random(seed);
    var data = new float[length];
    for (int i = 0; i < length; i++) data[i] = (float)(random.NextDouble() * 2 - 1);
    return data;
}

// Largest absolute difference relative to the reference output's RMS: a sanity check that both ran the same network.
static double RelativeDifference(float[] expected, float[] actual)
{
    double sumOfSquares = 0, worst = 0;
    for (int i = 0; i < expected.Length; i++)
    {
        sumOfSquares += (double)expected[i] * expected[i];
        worst = Math.Max(worst, Math.Abs((double)expected[i] - actual[i]));
    }
    double rms = Math.Sqrt(sumOfSquares / expected.Length);
    return rms == 0 ? worst : worst / rms;
}

static string CpuModel()
{
    try
    {
        string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':') + 1)..].Trim();
    }
    catch (IOException) { return RuntimeInformation.ProcessArchitecture.ToString(); }
    catch (UnauthorizedAccessException) { return RuntimeInformation.ProcessArchitecture.ToString(); }
}

static string LoadAverage()
{
    try { return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a"; }
    catch (IOException) { return "n/a"; }
}

static string OrtVersion() => Microsoft.ML.OnnxRuntime.OrtEnv.Instance().GetVersionString();
