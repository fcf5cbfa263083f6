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

// Generated inference code against ONNX Runtime, same weights, same process: one thread, two threads, batch 8.
// Usage: dotnet run -c Release --project tests/CnnDsl.Benchmarks [--quick] [W1 W3 ...]; where one image on two threads loses: --split-profile [W7 ...] (SplitProfileRun.cs); whether its neighbours in the rotation move it: --split-context [W1 ...] (SplitContextRun.cs); layer by layer against ONNX Runtime, one thread: --layers [W7 ...] (LayerProfileRun.cs); training rows: --training [--breakdown [--layers]] [--torch] [--runtime-kernels] [--input-gradient] [network ...] (TrainingBenchmark.cs).
bool quick = args.Contains("--quick");
if (args.Contains("--training"))
{
    CnnDsl.Training.TrainingProfile.ByShape = args.Contains("--layers");
    return TrainingBenchmark.Run(quick, args.Contains("--breakdown"), args.Contains("--torch"), args.Contains("--runtime-kernels"), args.Contains("--input-gradient"), args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray());
}
var selected = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
var unknown = selected.Where(id => Workload.All.All(w => !w.Id.Equals(id, StringComparison.OrdinalIgnoreCase))).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"Unknown workload(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", Workload.All.Select(w => w.Id))}.");
    return 2;
}
var workloads = Workload.All.Where(w => selected.Count == 0 || selected.Contains(w.Id)).ToList();
if (args.Contains("--split-profile")) return SplitProfileRun.Run(workloads);
if (args.Contains("--split-context")) return SplitContextRun.Run(workloads, quick ? 15 : 41);
if (args.Contains("--layers")) return LayerProfileRun.Run(workloads);
var warmup = TimeSpan.FromSeconds(quick ? 0.1 : 0.5);
var budget = TimeSpan.FromSeconds(quick ? 0.3 : 2.0);
int minRuns = quick ? 3 : 10;
// The two-thread calls vary more from call to call than one thread's (the second core's state, the helper's wake-up):
// a quick pass times ResNet-18's rotation 4 times in its budget, so it takes at least 9 samples there.
int twoThreadMinRuns = quick ? 9 : 15;
const int Batch = 8;
const int StreamCalls = 4;

Console.WriteLine(Invariant($"CnnDsl benchmark ({(quick ? "quick" : "full")} pass): {CpuModel()}, {Environment.ProcessorCount} logical cores, {RuntimeInformation.FrameworkDescription}, ONNX Runtime {OrtVersion()}, SIMD {CnnDsl.Kernels.Simd.Best}"));
Console.WriteLine($"Load average at start: {LoadAverage()} (other processes on these cores skew every figure below).");
double peak512 = FmaPeak.Vector512Gflops(quick ? 100 : 400);
double peak256 = FmaPeak.Vector256Gflops(quick ? 100 : 400);
double peak = Math.Max(peak512, peak256);
Console.WriteLine(Invariant($"Measured single-core FMA peak: Vector512 {peak512:F1} GFLOP/s, Vector256 {peak256:F1} GFLOP/s; shares below are of {peak:F1}."));
Console.WriteLine("Times are medians (and bests) of single calls, contenders interleaved call by call after a warm-up, so that machine noise hits them alike;");
Console.WriteLine("GFLOP/s = 2 x MACs / time; gen/ORT > 1 means the generated code is faster. No contender's threads spin while another is timed.");
Console.WriteLine();

var twoThreadRows = new List<(Workload Work, Timing.Result OrtOne, Timing.Result One, Timing.Result Pair, Timing.Result OrtSpin, Timing.Result OrtNoSpin, Timing.Result Split, Timing.Result SplitStream, double SpinIdleCpu, double DuringRunIdleCpu)>();
var batchRows = new List<(Workload Work, Timing.Result Gen, Timing.Result Ort)>();
var jitNotes = new List<string>();
var bufferRows = new List<(Workload Work, Timing.Result Gen, Timing.Result Ort, Timing.Result Buffers)>();
double worst = 0;
Console.WriteLine("One thread, batch 1 (CPU = the calling thread's CPU time per call, median: what a call costs, descheduled time left out):");
Console.WriteLine(Invariant($"{"",-3} {"workload",-48} {"MMACs",8} | {"gen ms",9} {"(best)",8} {"GFLOP/s",8} {"%peak",6} | {"ORT ms",9} {"(best)",8} {"GFLOP/s",8} {"%peak",6} | {"gen/ORT",7} {"(best)",6} | {"CPU gen",9} {"ORT",9} {"gen/ORT",7} | {"max diff",8}"));
foreach (var work in workloads)
{
    var weights = work.NewWeights();
    weights.InitializeRandom(seed: 1);
    float[] input = RandomImages(work.InputShape.Length, seed: 2);
    var oneThread = work.NewGenerated(weights, 1);
    Forward generated = oneThread.Forward;
    // The same instance through its own buffers (INetworkBuffers): Forward() on the image in InputBuffer, no copies.
    var buffers = (INetworkBuffers)oneThread;
    byte[] onnx = OnnxExporter.Export(weights, work.Id);
    using var ort = new OnnxRuntimeSession(onnx, work.InputShape, intraOpThreads: 1, IntraOpSpinning.Off);
    var genOut = new float[work.OutputShape.Length];
    var ortOut = new float[work.OutputShape.Length];
    generated(input, genOut);
    ort.Run(input, 1, ortOut);
    double error = RelativeDifference(ortOut, genOut);
    worst = Math.Max(worst, error);
    input.CopyTo(buffers.InputBuffer);
    buffers.Forward();
    worst = Math.Max(worst, RelativeDifference(ortOut, buffers.OutputBuffer.ToArray()));

    // The buffers' call runs on what the layers left in InputBuffer after the call before (values of this network).
    var single = Timing.Interleaved(warmup, budget, minRuns, () => generated(input, genOut), () => ort.Run(input, 1, ortOut), buffers.Forward);
    bufferRows.Add((work, single[0], single[1], single[2]));
    var (gen, ort1) = (single[0], single[1]);
    double flops = 2.0 * work.MultiplyAdds;
    Console.WriteLine(Invariant($"{work.Id,-3} {work.Description,-48} {work.MultiplyAdds / 1e6,8:F1} | {gen.Median * 1e3,9:F3} {gen.Best * 1e3,8:F3} {flops / gen.Median / 1e9,8:F2} {100 * flops / gen.Median / 1e9 / peak,5:F1}% | {ort1.Median * 1e3,9:F3} {ort1.Best * 1e3,8:F3} {flops / ort1.Median / 1e9,8:F2} {100 * flops / ort1.Median / 1e9 / peak,5:F1}% | {ort1.Median / gen.Median,7:F2} {ort1.Best / gen.Best,6:F2} | {gen.CpuMedian * 1e3,9:F3} {ort1.CpuMedian * 1e3,9:F3} {ort1.CpuMedian / gen.CpuMedian,7:F2} | {error,8:G2}"));

    // Two threads: the generated code runs two images at once on two instances (an instance is single-threaded and
    // owns its scratch arena); ONNX Runtime runs one image with two intra-op threads, timed both with its workers
    // spinning inside a run (stopped when the run returns, so they take nothing from the next contender) and with
    // spinning off. One instance on one image is timed in the same rotation, for the scaling figure.
    Forward second = work.NewGenerated(weights, 1).Forward;
    var secondOut = new float[work.OutputShape.Length];
    using var pair = new PairRunner(() => generated(input, genOut), () => second(input, secondOut));
    using var ortSpin = new OnnxRuntimeSession(onnx, work.InputShape, intraOpThreads: 2, IntraOpSpinning.DuringRun);
    using var ortNoSpin = new OnnxRuntimeSession(onnx, work.InputShape, intraOpThreads: 2, IntraOpSpinning.Off);
    // One image split across two threads: an instance made with threads: 2 (its helper spins about 50 microseconds after
    // a call, then blocks, so it takes next to nothing from the next contender).
    var splitNetwork = work.NewGenerated(weights, 2);
    using var splitOwner = (IDisposable)splitNetwork;
    var splitOut = new float[work.OutputShape.Length];
    splitNetwork.Forward(input, splitOut);
    worst = Math.Max(worst, RelativeDifference(ortOut, splitOut));
    var two = Timing.Interleaved(warmup, budget, twoThreadMinRuns,
        () => generated(input, genOut), pair.Run, () => ortSpin.Run(input, 1, ortOut), () => ortNoSpin.Run(input, 1, ortOut), () => splitNetwork.Forward(input, splitOut),
        // A stream of images (a video, a queue of requests): the helper is still spinning when the next call comes.
        () => { for (int i = 0; i < StreamCalls; i++) splitNetwork.Forward(input, splitOut); });
    // What ORT's default waiting would cost the next contender, against the spinning that stops with the run.
    double idleDuringRun = IdleSpin.CpuMillisecondsAfterRun(ortSpin, input, ortOut, TimeSpan.FromMilliseconds(50), runs: 3);
    double idleDefault;
    using (var ortDefault = new OnnxRuntimeSession(onnx, work.InputShape, intraOpThreads: 2, IntraOpSpinning.Default))
    {
        ortDefault.Run(input, 1, ortOut);
        idleDefault = IdleSpin.CpuMillisecondsAfterRun(ortDefault, input, ortOut, TimeSpan.FromMilliseconds(50), runs: 3);
    }
    twoThreadRows.Add((work, ort1, two[0], two[1], two[2], two[3], two[4], two[5], idleDefault, idleDuringRun));
    if (two[0].JitMilliseconds >= 20) jitNotes.Add(Invariant($"{work.Id}: the tiered JIT compiled for {two[0].JitMilliseconds:F0} ms while the two-thread rotation was timed, on a thread of its own: a core taken from some two-thread calls."));

    // Batch 8, one thread: the generated Forward over 8 images against one ONNX Runtime call on the batch.
    float[] batchInput = RandomImages(Batch * work.InputShape.Length, seed: 3);
    var batchGenOut = new float[Batch * work.OutputShape.Length];
    var batchOrtOut = new float[Batch * work.OutputShape.Length];
    var batched = Timing.Interleaved(warmup, budget, minRuns, () => generated(batchInput, batchGenOut), () => ort.Run(batchInput, Batch, batchOrtOut));
    worst = Math.Max(worst, RelativeDifference(batchOrtOut, batchGenOut));
    batchRows.Add((work, batched[0], batched[1]));
}

Console.WriteLine();
Console.WriteLine("One thread, the network's own buffers: Forward() on an image in InputBuffer, its result left in OutputBuffer (INetworkBuffers),");
Console.WriteLine("timed in the rotation above; copies = Forward(input, output) - Forward(), what its copy in and out cost.");
Console.WriteLine(Invariant($"{"",-3} {"buffers ms",10} {"(best)",8} {"copies ms",9} {"share",6} | {"ORT ms",9} | {"gen/ORT",7} {"(best)",6} | {"CPU gen",9} {"ORT",9} {"gen/ORT",7}"));
foreach (var r in bufferRows)
{
    double copies = r.Gen.Median - r.Buffers.Median;
    Console.WriteLine(Invariant($"{r.Work.Id,-3} {r.Buffers.Median * 1e3,10:F3} {r.Buffers.Best * 1e3,8:F3} {copies * 1e3,9:F3} {copies / r.Gen.Median,6:P0} | {r.Ort.Median * 1e3,9:F3} | {r.Ort.Median / r.Buffers.Median,7:F2} {r.Ort.Best / r.Buffers.Best,6:F2} | {r.Buffers.CpuMedian * 1e3,9:F3} {r.Ort.CpuMedian * 1e3,9:F3} {r.Ort.CpuMedian / r.Buffers.CpuMedian,7:F2}"));
}
Console.WriteLine();
Console.WriteLine("Two threads, time per image: gen = 2 instances on 2 images in parallel, pair time / 2; ORT = 1 image with 2 intra-op threads,");
Console.WriteLine("its workers spinning during the run (force_spinning_stop) or not at all (allow_spinning 0), the better median counted;");
Console.WriteLine("x 1T = one-thread time (gen: 1 instance on 1 image, same rotation; ORT: the one-thread table) / two-thread time.");
Console.WriteLine("idle CPU = ms of CPU ORT's workers burn in the 50 ms after a run returns: default waiting / spinning stopped with the run.");
Console.WriteLine("1 img 2T = one image split across two threads (an instance made with threads: 2): ms per image, x its own one-thread time, ORT 2 threads / it;");
Console.WriteLine(Invariant($"stream x 1T = the same on {StreamCalls} calls in a row (its helper still awake), x one-thread time."));
Console.WriteLine(Invariant($"{"",-3} {"gen 1x1 ms",10} {"gen ms/img",11} {"GFLOP/s",8} {"x 1T",5} | {"ORT spin",9} {"no spin",9} {"GFLOP/s",8} {"x 1T",5} | {"gen/ORT",7} {"(best)",6} | {"1 img 2T",9} {"x 1T",5} {"ORT/it",6} {"stream",6} | {"idle CPU",13}"));
foreach (var r in twoThreadRows)
{
    double flops = 2.0 * r.Work.MultiplyAdds;
    double gen2 = r.Pair.Median / 2;
    var ortBest = r.OrtSpin.Median <= r.OrtNoSpin.Median ? r.OrtSpin : r.OrtNoSpin;
    Console.WriteLine(Invariant($"{r.Work.Id,-3} {r.One.Median * 1e3,10:F3} {gen2 * 1e3,11:F3} {flops / gen2 / 1e9,8:F2} {r.One.Median / gen2,5:F2} | {r.OrtSpin.Median * 1e3,9:F3} {r.OrtNoSpin.Median * 1e3,9:F3} {flops / ortBest.Median / 1e9,8:F2} {r.OrtOne.Median / ortBest.Median,5:F2} | {ortBest.Median / gen2,7:F2} {Math.Min(r.OrtSpin.Best, r.OrtNoSpin.Best) / (r.Pair.Best / 2),6:F2} | {r.Split.Median * 1e3,9:F3} {r.One.Median / r.Split.Median,5:F2} {ortBest.Median / r.Split.Median,6:F2} {r.One.Median / (r.SplitStream.Median / StreamCalls),6:F2} | {r.SpinIdleCpu,6:F1} / {r.DuringRunIdleCpu,4:F1}"));
}
foreach (string note in jitNotes) Console.WriteLine(note);
Console.WriteLine();
Console.WriteLine(Invariant($"Batch {Batch}, one thread, time per image (one call on {Batch} images / {Batch}):"));
Console.WriteLine(Invariant($"{"",-3} {"gen ms/img",11} {"GFLOP/s",8} | {"ORT ms/img",11} {"GFLOP/s",8} | {"gen/ORT",7} {"(best)",6} | {"CPU gen",9} {"ORT",9} {"gen/ORT",7}"));
foreach (var r in batchRows)
{
    double flops = 2.0 * r.Work.MultiplyAdds;
    double gen = r.Gen.Median / Batch, ortPerImage = r.Ort.Median / Batch;
    Console.WriteLine(Invariant($"{r.Work.Id,-3} {gen * 1e3,11:F3} {flops / gen / 1e9,8:F2} | {ortPerImage * 1e3,11:F3} {flops / ortPerImage / 1e9,8:F2} | {ortPerImage / gen,7:F2} {r.Ort.Best / r.Gen.Best,6:F2} | {r.Gen.CpuMedian / Batch * 1e3,9:F3} {r.Ort.CpuMedian / Batch * 1e3,9:F3} {r.Ort.CpuMedian / r.Gen.CpuMedian,7:F2}"));
}
Console.WriteLine();
Console.WriteLine($"Load average at end: {LoadAverage()}.");
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
