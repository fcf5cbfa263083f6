using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using static System.FormattableString;

namespace CnnDsl.Benchmarks;

/// <summary>
/// PyTorch as the training rows' peer (--training --torch): the same network, batch, optimizer and loss trained in
/// PyTorch (tests/CnnDsl.Benchmarks.Torch, TorchSharp on libtorch's CPU build) in a process of its own, started right
/// after the CnnDsl row, so each engine has the machine to itself while it is timed. That project's run.sh sets up
/// the C++ runtime libtorch needs in a private folder (nothing installed) and runs it; it times both of PyTorch's
/// layouts (NCHW and channels-last). If it cannot be set up or run, the rows go on without it and say why.
/// </summary>
internal sealed class TorchPeer
{
    private readonly string script;
    private readonly bool quick;

    private TorchPeer(string script, bool quick) => (this.script, this.quick) = (script, quick);

    /// <summary>Sets up and builds the peer; null (having said why) if it cannot.</summary>
    public static TorchPeer? Prepare(bool quick)
    {
        string? root = RepositoryRoot();
        string? script = root is null ? null : Path.Combine(root, "tests", "CnnDsl.Benchmarks.Torch", "run.sh");
        if (script is null || !File.Exists(script))
            return Unavailable("tests/CnnDsl.Benchmarks.Torch/run.sh not found above " + AppContext.BaseDirectory);
        Console.WriteLine("PyTorch peer: setting up and building tests/CnnDsl.Benchmarks.Torch (the first time downloads Debian 13's C and C++ runtime into ~/.cache/cnndsl) ...");
        var (exit, output, errors) = RunScript(script, ["prepare"]);
        if (exit != 0) return Unavailable(FirstLines(errors + output));
        var peer = new TorchPeer(script, quick);
        (exit, output, errors) = RunScript(script, ["--probe", "1"]);
        if (exit != 0) return Unavailable("it does not load: " + FirstLines(errors + output));
        Console.WriteLine("PyTorch peer: " + output.Trim());
        return peer;
    }

    /// <summary>Runs the peer on <paramref name="network"/> and prints its rows and CnnDsl's speed over PyTorch's (images per second).</summary>
    public void Row(string network, int threads, long zooParameters, double step, double stepCpu)
    {
        string[] arguments = ["--network", network, "--threads", threads.ToString(CultureInfo.InvariantCulture),
            "--warmup", quick ? "1" : "2", "--steps", quick ? "1" : "3", "--inference-runs", "3",
            "--zoo-parameters", zooParameters.ToString(CultureInfo.InvariantCulture)];
        var (exit, output, errors) = RunScript(script, arguments);
        var rows = output.Split('\n').Where(l => l.StartsWith("PEER ", StringComparison.Ordinal)).Select(Parse).ToList();
        if (exit != 0 || rows.Count == 0)
        {
            Console.WriteLine($"  PyTorch: failed (exit {exit}): {FirstLines(errors + output)}");
            return;
        }
        foreach (var r in rows)
        {
            double peerStep = Number(r, "step_s"), peerCpu = Number(r, "step_cpu_s"), infer = Number(r, "infer_s"), inferCpu = Number(r, "infer_cpu_s");
            long parameters = long.Parse(r["parameters"], CultureInfo.InvariantCulture);
            string same = parameters == zooParameters ? "equal" : "DIFFERENT";
            Console.WriteLine(Invariant($"{"  PyTorch " + r["layout"],-14} {threads,7} | {peerStep,8:F2} {peerCpu,8:F2} {32 / peerStep,7:F1} | {infer,8:F3} {inferCpu,8:F3} | {peerStep / infer,10:F2} {peerCpu / inferCpu,8:F2} | parameters {parameters} (zoo {zooParameters}: {same})"));
        }
        var best = rows.OrderBy(r => Number(r, "step_s")).First();
        Console.WriteLine(Invariant($"  CnnDsl / PyTorch at {threads} thread(s), images per second: {Number(best, "step_s") / step:F2}x by wall clock, {Number(best, "step_cpu_s") / stepCpu:F2}x by CPU time (PyTorch's faster layout, {best["layout"]})"));
    }

    private static TorchPeer? Unavailable(string why)
    {
        Console.WriteLine("PyTorch peer: not run: " + why);
        return null;
    }

    private static Dictionary<string, string> Parse(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
        .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    private static double Number(Dictionary<string, string> row, string key) => double.Parse(row[key], CultureInfo.InvariantCulture);

    private static string FirstLines(string text) => string.Join(" / ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(3));

    private static (int Exit, string Output, string Errors) RunScript(string script, string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        foreach (string a in arguments) start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output, errors.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, "", "bash could not be started: " + e.Message);
        }
    }

    private static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CnnDsl.sln"))) return dir.FullName;
        return null;
    }
}
