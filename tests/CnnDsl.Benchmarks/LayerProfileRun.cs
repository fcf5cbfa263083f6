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
/// after its graph optimizations fused batch norms and activations into the convolutions). Each lap is named by the
/// graph nodes it covers (<see cref="LapNames"/>) and set beside the sum of ORT's nodes named after the same nodes,
/// since ORT splits, fuses and reorders nodes; then the rows where ORT is ahead or level, and ORT's slowest nodes.
/// </summary>
internal static class LayerProfileRun
{
    private const int Calls = 200;
    private const int Chunks = 10;

    public static int Run(IReadOnlyList<Workload> workloads)
    {
        foreach (var work in workloads)
        {
            var (weights, input, output) = ProfileInputs.For(work);
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
            var names = LapNames.Of(one.GetType(), work.Graph);
            if (names is not null && names.Count >= laps.Length) ByName(laps, names, ort, work.Graph);
            else
            {
                Console.WriteLine("(the laps could not be named from the generated code: side by side in execution order)");
                Console.WriteLine(Invariant($"{"lap",4} {"gen us",9} {"share",6} | {"ORT node",-34} {"op",-18} {"ORT us",9} {"share",6}"));
                int rows = Math.Max(laps.Length, ort.Count);
                for (int k = 0; k < rows; k++)
                {
                    string gen = k < laps.Length ? Invariant($"{k,4} {laps[k],9:F1} {laps[k] / total,6:P1}") : new string(' ', 21);
                    string node = k < ort.Count ? Invariant($"{Cut(ort[k].Name, 34),-34} {Cut(ort[k].Op, 18),-18} {ort[k].Us,9:F1} {ort[k].Us / ortTotal,6:P1}") : "";
                    Console.WriteLine($"{gen} | {node}");
                }
            }
            Console.WriteLine("ORT's slowest nodes:");
            foreach (var n in ort.OrderByDescending(n => n.Us).Take(15))
                Console.WriteLine(Invariant($"  {Cut(n.Name, 40),-40} {Cut(n.Op, 18),-18} {n.Us,9:F1} {n.Us / ortTotal,6:P1}"));
            Console.WriteLine();
        }
        return 0;
    }

    /// <summary>
    /// Our laps (a bordered layer's two laps as one row), each beside the sum of ONNX Runtime's nodes for the same graph
    /// nodes: an ORT node belongs to the node whose name is the longest that starts its name (then '_', '/' or its end:
    /// "mbconv2.1.expand_nchwc", "mbconv2.1.expand/swish/..."); a node named after none of ours (a layout reorder) to the
    /// ORT node before it. Then the rows where ORT is ahead or within 10%, the largest loss first.
    /// </summary>
    private static void ByName(double[] laps, List<List<string>> names, List<(string Name, string Op, double Us)> ort, IReadOnlyList<NodeInfo> graph)
    {
        var ours = graph.Select(n => n.Name).OrderByDescending(n => n.Length).ToList();
        var ortByNode = new Dictionary<string, double>();
        var ortCount = new Dictionary<string, int>();
        string? last = null;
        foreach (var (name, _, us) in ort)
        {
            string? owner = ours.FirstOrDefault(o => name.StartsWith(o, StringComparison.Ordinal)
                && (name.Length == o.Length || name[o.Length] is '_' or '/')) ?? last;
            if (owner is null) continue;
            ortByNode[owner] = ortByNode.GetValueOrDefault(owner) + us;
            ortCount[owner] = ortCount.GetValueOrDefault(owner) + 1;
            last = owner;
        }
        var rows = new List<(string Label, double Gen, double Ort, int Nodes)>();
        for (int k = 0; k < laps.Length; k++)
        {
            var layers = names[k].Where(n => !n.EndsWith(" (border)", StringComparison.Ordinal)).ToList();
            double us = laps[k];
            // A border copy's lap joins its layer's row.
            if (layers.Count == 0 && k + 1 < laps.Length) { names[k + 1].Insert(0, names[k].FirstOrDefault() ?? ""); laps[k + 1] += us; continue; }
            string label = string.Join(" + ", names[k]);
            rows.Add((label, us, layers.Sum(n => ortByNode.GetValueOrDefault(n)), layers.Sum(n => ortCount.GetValueOrDefault(n))));
        }
        double genTotal = rows.Sum(r => r.Gen), ortTotal = rows.Sum(r => r.Ort);
        Console.WriteLine(Invariant($"{"lap",4} {"layers (ours; + a border copy's lap, + layers run in one lap)",-60} {"gen us",9} {"ORT us",9} {"nodes",5} {"ORT/gen",7}"));
        for (int k = 0; k < rows.Count; k++)
        {
            var r = rows[k];
            Console.WriteLine(Invariant($"{k,4} {Cut(r.Label, 60),-60} {r.Gen,9:F1} {r.Ort,9:F1} {r.Nodes,5} {(r.Gen > 0 ? r.Ort / r.Gen : 0),7:F2}"));
        }
        Console.WriteLine(Invariant($"{"",4} {"sum",-60} {genTotal,9:F1} {ortTotal,9:F1} {"",5} {(genTotal > 0 ? ortTotal / genTotal : 0),7:F2}"));
        Console.WriteLine("Where ONNX Runtime is ahead or within 10%, the largest loss (gen - ORT) first:");
        foreach (var r in rows.Where(r => r.Ort < 1.1 * r.Gen).OrderByDescending(r => r.Gen - r.Ort))
            Console.WriteLine(Invariant($"  {Cut(r.Label, 60),-60} {r.Gen,9:F1} {r.Ort,9:F1} {r.Gen - r.Ort,8:F1} {(r.Gen > 0 ? r.Ort / r.Gen : 0),7:F2}"));
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
