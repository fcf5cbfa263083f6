using System;
using System.Collections.Generic;
using System.Linq;
using CnnDsl.Benchmarks.Torch;
using TorchSharp;
using static System.FormattableString;
using static TorchSharp.torch;

// The CnnDsl training benchmark's peer: the same network trained one step at a time in PyTorch (TorchSharp, libtorch
// on the CPU), in a process of its own. Run through run.sh (it provides the C++ runtime libtorch needs on older Linux).
// Usage: run.sh --probe 1   (prints the version if libtorch loads)
//        run.sh --network MobileNetV2|ResNet-18|ResNet-18-64px --threads N [--layout both|nchw|nhwc] [--warmup 2]
//        [--steps 5] [--inference-runs 3] [--zoo-parameters N]
// Prints a readable line per layout and a machine-readable "PEER key=value ..." line the benchmark reads.
var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (int i = 0; i + 1 < args.Length; i += 2)
{
    if (!args[i].StartsWith("--", StringComparison.Ordinal)) return Fail($"expected an option --name value, got '{args[i]}'");
    options[args[i][2..]] = args[i + 1];
}
if (args.Length % 2 != 0) return Fail($"option '{args[^1]}' has no value");
string[] known = ["probe", "network", "threads", "layout", "warmup", "steps", "inference-runs", "zoo-parameters"];
foreach (string name in options.Keys)
    if (Array.IndexOf(known, name) < 0) return Fail($"unknown option --{name}: expected --{string.Join(", --", known)}");
if (options.ContainsKey("probe"))
{
    // Proves libtorch loads and computes, for the benchmark's set-up message.
    using var two = ones(2).sum();
    Console.WriteLine(Invariant($"PyTorch {__version__} loads (torch.ones(2).sum() = {two.item<float>()}), {get_num_threads()} threads by default"));
    return 0;
}
string network = Option("network", "MobileNetV2");
int threads = (int)Integer("threads", 1);
string layout = Option("layout", "both");
int warmup = (int)Integer("warmup", 2);
int steps = (int)Integer("steps", 5);
int inferenceRuns = (int)Integer("inference-runs", 3);
long zooParameters = Integer("zoo-parameters", 0);
if (threads < 1 || warmup < 0 || steps < 1 || inferenceRuns < 1) return Fail("threads, steps and inference runs must be 1 or more, warm-up 0 or more");

(Func<nn.Module<Tensor, Tensor>> build, int size, int classes) = network switch
{
    "MobileNetV2" => ((Func<nn.Module<Tensor, Tensor>>)(() => new MobileNetV2(1000)), 224, 1000),
    "ResNet-18" => (() => new ResNet18(), 224, 512),
    "ResNet-18-64px" => (() => new ResNet18(10), 64, 10),
    _ => (null!, 0, 0),
};
if (build is null) return Fail($"unknown network '{network}': expected MobileNetV2, ResNet-18 or ResNet-18-64px");
bool[] layouts = layout switch { "both" => [false, true], "nchw" => [false], "nhwc" => [true], _ => [] };
if (layouts.Length == 0) return Fail($"unknown layout '{layout}': expected both, nchw or nhwc");

Console.WriteLine(Invariant($"PyTorch {__version__} (TorchSharp, libtorch CPU), {network}, batch 32, {threads} thread(s), {warmup} warm-up and {steps} timed steps"));
foreach (bool channelsLast in layouts)
{
    manual_seed(1);
    using var model = build();
    long parameters = model.parameters().Sum(p => p.numel());
    string check = zooParameters == 0 ? "" : Invariant($", zoo {zooParameters} ({(parameters == zooParameters ? "equal" : "DIFFERENT")})");
    var r = TrainingPeer.Run(model, 32, size, classes, channelsLast, threads, warmup, steps, inferenceRuns);
    string name = channelsLast ? "nhwc" : "nchw";
    Console.WriteLine(Invariant($"  {name}: step {1000 * r.Step:F0} ms ({1000 * r.StepCpu:F0} ms CPU), {32 / r.Step:F1} images/s; batch inference on one thread {1000 * r.Inference:F0} ms ({1000 * r.InferenceCpu:F0} ms CPU); step / inference {r.Step / r.Inference:F2}; parameters {parameters}{check}"));
    Console.WriteLine(Invariant($"PEER network={network} threads={threads} layout={name} step_s={r.Step:R} step_cpu_s={r.StepCpu:R} infer_s={r.Inference:R} infer_cpu_s={r.InferenceCpu:R} parameters={parameters}"));
}
return 0;

string Option(string name, string fallback) => options.TryGetValue(name, out var value) ? value : fallback;

long Integer(string name, long fallback)
{
    if (!options.TryGetValue(name, out var text)) return fallback;
    if (long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out long value) && value is >= 0 and <= int.MaxValue) return value;
    throw new ArgumentException($"--{name} expects a whole number from 0 to {int.MaxValue}, got '{text}'");
}

static int Fail(string message)
{
    Console.Error.WriteLine("CnnDsl.Benchmarks.Torch: " + message);
    return 2;
}
