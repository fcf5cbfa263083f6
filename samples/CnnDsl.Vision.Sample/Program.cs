using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using CnnDsl;
using CnnDsl.Vision;
using CnnDsl.Vision.Sample;
using CnnDsl.Zoo;

// Usage: dotnet run -c Release --project samples/CnnDsl.Vision.Sample [output folder]
// 1. Fashion-MNIST (fetched by fetch-fashion-mnist.sh from Debian's package): load, split, batch with augmentation,
//    and evaluate a nearest-class-mean baseline on the 10,000 test images (no training in CnnDsl yet).
// 2. The cost of multi-crop evaluation and ensembles, per image, on MobileNet V2 (random weights: cost, not accuracy).
// 3. A network diagram as Mermaid text.
string Metadata(string key) => typeof(FashionMnistBaseline).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == key).Value!;
string output = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "cnndsl-vision-sample");
Directory.CreateDirectory(output);
Console.WriteLine($"Vision sample on {Environment.ProcessorCount} logical cores; output in {output}");

string fetch = Path.Combine(Metadata("SampleDirectory"), "fetch-fashion-mnist.sh");
var process = Process.Start(new ProcessStartInfo(fetch) { RedirectStandardOutput = true })!;
string dataFolder = process.StandardOutput.ReadToEnd().Trim();
process.WaitForExit();
if (process.ExitCode != 0) throw new InvalidOperationException($"{fetch} failed with exit code {process.ExitCode}.");
FashionMnistBaseline.Run(dataFolder, output);
MultiCropCost.Run(Path.Combine(Metadata("ImagesPath"), "chelsea-224.jpg"));

string diagram = MermaidDiagram.FromGraph(CourseExampleBottleneck.Graph, "CourseExampleBottleneck");
File.WriteAllText(Path.Combine(output, "CourseExampleBottleneck.mmd"), diagram);
File.WriteAllText(Path.Combine(output, "MobileNetV2.mmd"), MermaidDiagram.FromGraph(MobileNetV2.Graph, "MobileNetV2"));
Console.WriteLine();
Console.WriteLine("Mermaid diagram of CourseExampleBottleneck (MobileNetV2.mmd beside it):");
Console.WriteLine(diagram);
