using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using CnnDsl.Onnx;
using CnnDsl.Threading;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using static System.FormattableString;

namespace CnnDsl.Benchmarks;

/// <summary>
/// <c>--layers [workload ...]</c>: where the time goes, layer by layer, on one thread. The generated network's side is
/// <see cref="SplitProfile"/>'s one-thread laps (CPU time from one layer's end to the next: a layer with a bordered
/// input takes two laps, its border copy and its sums; each lap's median over chunks of calls); ONNX Runtime's is its own profiler (each node's kernel time,
/// after its graph optimizations fused batch norms and activations into the convolutions). Both lists come in
/// execution order, each node labelled by its (ORT: fused) name, so the two read side by side; then ORT's slowest nodes.
/// </summary>
internal static class LayerProfileRun
{
    private const int Calls = 200;
    private const int Chunks = 10;

    public static int Run(IReadOnlyList<Workload> workloads)
    {
        foreach (var work in workloads)
        {
            var weights = work.NewWeights();
            weights.InitializeRandom(seed: 1);
            var input = new float[work.InputShape.Length];
            for (int i = 0; i < input.Length; i++) input[i] = (float)Math.Sin(i);
            var output = new float[work.OutputShape.Length];
            var one = work.NewGenerated(weights, 1);
            for (int i = 0; i < 50; i++) one.Forward(input, output);
            // Chunks of calls, each lap's median over the chunks: a chunk that other processes disturbed counts once.
            SplitProfile.UseClock(static () => (long)(ThreadCpuClock.Seconds() * 1e9), 1e9);
            var chunks = new List<double[]>();
            var totals = new List<double>();
            for (int c = 0; c < Chunks; c++)
            {
                SplitProfile.Reset();
                SplitProfile.Enabled = true;
                double start = ThreadCpuClock.Seconds();
                for (int i = 0; i < Calls / Chunks; i++) one.Forward(input, output);
                totals.Add((ThreadCpuClock.Seconds() - start) / (Calls / Chunks) * 1e6);
                SplitProfile.Enabled = false;
                chunks.Add(SplitProfile.OneThreadLaps());
            }
            double total = Median(totals);
            var laps = Enumerable.Range(0, chunks[0].Length).Select(k => Median(chunks.Select(c => c[k]).ToList())).ToArray();
            var ort = OrtNodes(OnnxExporter.Export(weights, work.Id), work, input);
            double ortTotal = ort.Sum(n => n.Us);

            Console.WriteLine(Invariant($"{work.Id} {work.Description}: one thread, CPU us per image, medians of {Chunks} chunks of {Calls / Chunks} calls; gen {total:F1} (laps {laps.Sum():F1}), ORT nodes {ortTotal:F1}"));
            Console.WriteLine(Invariant($"{"lap",4} {"gen us",9} {"share",6} | {"ORT node",-34} {"op",-18} {"ORT us",9} {"share",6}"));
            int rows = Math.Max(laps.Length, ort.Count);
            for (int k = 0; k < rows; k++)
            {
                string gen = k < laps.Length ? Invariant($"{k,4} {laps[k],9:F1} {laps[k] / total,6:P1}") : new string(' ', 21);
                string node = k < ort.Count ? Invariant($"{Cut(ort[k].Name, 34),-34} {Cut(ort[k].Op, 18),-18} {ort[k].Us,9:F1} {ort[k].Us / ortTotal,6:P1}") : "";
                Console.WriteLine($"{gen} | {node}");
            }
            Console.WriteLine("ORT's slowest nodes:");
            foreach (var n in ort.OrderByDescending(n => n.Us).Take(15))
                Console.WriteLine(Invariant($"  {Cut(n.Name, 40),-40} {Cut(n.Op, 18),-18} {n.Us,9:F1} {n.Us / ortTotal,6:P1}"));
            Console.WriteLine();
        }
        return 0;
    }

    /// <summary>ONNX Runtime's nodes in execution order with their median kernel time over <see cref="Calls"/> runs (us).</summary>
    private static List<(string Name, string Op, double Us)> OrtNodes(byte[] onnx, Workload work, float[] input)
    {
        string prefix = Path.Combine(Path.GetTempPath(), "cnndsl_ort_profile_" + Environment.ProcessId + "_" + work.Id);
        string file;
        using (var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            EnableProfiling = true,
            ProfileOutputPathPrefix = prefix,
        })
        {
            options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
            using var session = new InferenceSession(onnx, options);
            string inputName = session.InputMetadata.Keys.Single();
            var dims = new[] { 1 }.Concat(session.InputMetadata[inputName].Dimensions.Skip(1)).ToArray();
            var tensor = new DenseTensor<float>(input, dims);
            var feeds = new[] { NamedOnnxValue.CreateFromTensor(inputName, tensor) };
            for (int i = 0; i < 50 + Calls; i++)
            {
                using var results = session.Run(feeds);
            }
            file = session.EndProfiling();
        }
        var byNode = new Dictionary<string, (string Op, int Order, List<double> Us)>();
        using (var json = JsonDocument.Parse(File.ReadAllText(file)))
        {
            foreach (var e in json.RootElement.EnumerateArray())
            {
                if (e.GetProperty("cat").GetString() != "Node") continue;
                string name = e.GetProperty("name").GetString() ?? "";
                if (!name.EndsWith("_kernel_time", StringComparison.Ordinal)) continue;
                name = name[..^"_kernel_time".Length];
                string op = e.TryGetProperty("args", out var args) && args.TryGetProperty("op_name", out var o) ? o.GetString() ?? "" : "";
                if (!byNode.TryGetValue(name, out var entry)) byNode[name] = entry = (op, byNode.Count, new List<double>());
                entry.Us.Add(e.GetProperty("dur").GetDouble());
            }
        }
        File.Delete(file);
        // The first 50 runs of each node warm up; the median of the rest.
        return byNode.OrderBy(p => p.Value.Order)
            .Select(p => (p.Key, p.Value.Op, Median(p.Value.Us.Skip(Math.Min(50, p.Value.Us.Count - 1)).ToList())))
            .ToList();
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count == 0 ? 0 : values[values.Count / 2];
    }

    private static string Cut(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "~";
}
