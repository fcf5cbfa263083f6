using System;
using System.Collections.Generic;
using System.Threading;
using CnnDsl.Onnx;
using CnnDsl.Oracles;
using static System.FormattableString;

namespace CnnDsl.Benchmarks;

/// <summary>
/// <c>--split-context [workload ...]</c>: whether what runs beside one image on two threads in the benchmark's
/// rotation moves its figure. The same <c>threads: 2</c> instance is timed after each neighbour the rotation gives it
/// (ONNX Runtime on two threads with and without spinning, the pair of instances, a stream of its own calls) and after
/// pauses (its helper blocked that long), each rotation beside the one-thread instance, whose time it is set against.
/// </summary>
internal static class SplitContextRun
{
    public static int Run(IReadOnlyList<Workload> workloads, int runs)
    {
        Console.WriteLine(Invariant($"One image on two threads after each neighbour, {runs} calls each (medians; x 1T = the one-thread call of the same rotation / it)."));
        foreach (var work in workloads)
        {
            var (weights, input, output) = ProfileInputs.For(work);
            var one = work.NewGenerated(weights, 1);
            var second = work.NewGenerated(weights, 1);
            var split = work.NewGenerated(weights, 2);
            using var owner = (IDisposable)split;
            var secondOut = new float[output.Length];
            var splitOut = new float[output.Length];
            var ortOut = new float[output.Length];
            byte[] onnx = OnnxExporter.Export(weights, work.Id);
            using var ortSpin = new OnnxRuntimeSession(onnx, work.InputShape, intraOpThreads: 2, IntraOpSpinning.DuringRun);
            using var ortNoSpin = new OnnxRuntimeSession(onnx, work.InputShape, intraOpThreads: 2, IntraOpSpinning.Off);
            using var pair = new PairRunner(() => one.Forward(input, output), () => second.Forward(input, secondOut));
            Action single = () => one.Forward(input, output), twoThreads = () => split.Forward(input, splitOut);
            Action spin = () => ortSpin.Run(input, 1, ortOut), noSpin = () => ortNoSpin.Run(input, 1, ortOut);
            Action stream = () => { for (int i = 0; i < 4; i++) split.Forward(input, splitOut); };
            // Each rotation: the one-thread call first, the two-thread call at the index given.
            var contexts = new (string Name, Action[] Actions, int Split)[]
            {
                ("the benchmark's rotation", [single, pair.Run, spin, noSpin, twoThreads, stream], 4),
                ("after the one-thread call", [single, twoThreads], 1),
                ("after ORT 2 threads, no spin", [single, noSpin, twoThreads], 2),
                ("after ORT 2 threads, spin", [single, spin, twoThreads], 2),
                ("after the pair of instances", [single, pair.Run, twoThreads], 2),
                ("after a stream of its calls", [single, stream, twoThreads], 2),
                ("after a pause of 1 ms", [single, () => Thread.Sleep(1), twoThreads], 2),
                ("after a pause of 40 ms", [single, () => Thread.Sleep(40), twoThreads], 2),
            };
            foreach (var (name, actions, at) in contexts)
            {
                var r = Timing.Interleaved(TimeSpan.FromSeconds(0.1), TimeSpan.Zero, runs, actions);
                Console.WriteLine(Invariant($"{work.Id,-3} {name,-30} 1 thread {r[0].Median * 1e3,9:F3} ms | 2 threads {r[at].Median * 1e3,9:F3} ms (best {r[at].Best * 1e3,9:F3}) | x 1T {r[0].Median / r[at].Median,5:F2}"));
            }
        }
        return 0;
    }
}
