using System;
using System.IO;
using CnnDsl.Onnx;

// cnndsl-scaffold MODEL.onnx [--class NAME] [--namespace NS] [--out FILE]
string? model = null, className = null, ns = "CnnDsl.Models", output = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--class" when i + 1 < args.Length: className = args[++i]; break;
        case "--namespace" when i + 1 < args.Length: ns = args[++i]; break;
        case "--out" when i + 1 < args.Length: output = args[++i]; break;
        case "-h" or "--help": model = null; i = args.Length; break;
        default: model = args[i]; break;
    }
}
if (model is null)
{
    Console.Error.WriteLine("usage: cnndsl-scaffold MODEL.onnx [--class NAME] [--namespace NS] [--out FILE.cs]");
    Console.Error.WriteLine("Writes the CnnDsl definition of an ONNX CNN; nodes CnnDsl cannot express are listed and marked UNSUPPORTED.");
    return 2;
}
className ??= ToIdentifier(Path.GetFileNameWithoutExtension(model));
try
{
    var result = OnnxScaffolder.Scaffold(model, className, ns);
    if (output is null) Console.Out.Write(result.Source);
    else File.WriteAllText(output, result.Source);
    foreach (string line in result.Unsupported) Console.Error.WriteLine("cannot express: " + line);
    return result.Unsupported.Count == 0 ? 0 : 1;
}
catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine("error: " + e.Message);
    return 3;
}

static string ToIdentifier(string name)
{
    var chars = name.ToCharArray();
    for (int i = 0; i < chars.Length; i++) if (!char.IsLetterOrDigit(chars[i])) chars[i] = '_';
    string id = new string(chars);
    return id.Length == 0 || char.IsDigit(id[0]) ? "Model" + id : id;
}
