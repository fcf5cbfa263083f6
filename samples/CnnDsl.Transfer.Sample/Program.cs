using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using CnnDsl.Onnx;
using CnnDsl.Training;
using CnnDsl.Transfer.Sample;
using CnnDsl.Vision;
using CnnDsl.Zoo;

// Usage: dotnet run -c Release --project samples/CnnDsl.Transfer.Sample [output folder] [training images] [multi-crop images]
// Transfer learning as the course advises it, on real data: ML.NET's pretrained ResNet-18 (ImageNet, CNTK export),
// Fashion-MNIST (fetched from Debian's dataset-fashion-mnist by the vision sample's fetch script).
string Metadata(string key) => typeof(FashionFrozen).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == key).Value!;
string output = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "cnndsl-transfer-sample");
int trainingImages = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2000;
int multiCropImages = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 2000;
Directory.CreateDirectory(output);
Console.WriteLine($"Transfer-learning sample on {Environment.ProcessorCount} logical cores; output in {output}");

var settings = new TransferSettings(Fetch(Metadata("FetchFashionMnist")), output, trainingImages, multiCropImages,
    Path.Combine(Metadata("ResNet18PackagePath"), "tools", "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx"));
var runs = FineTuning.Run(settings);
HeldOutComparison.Run(settings, runs);

static string Fetch(string script)
{
    var process = Process.Start(new ProcessStartInfo(script) { RedirectStandardOutput = true })!;
    string folder = process.StandardOutput.ReadToEnd().Trim();
    process.WaitForExit();
    if (process.ExitCode != 0) throw new InvalidOperationException($"{script} failed with exit code {process.ExitCode}.");
    return folder;
}
