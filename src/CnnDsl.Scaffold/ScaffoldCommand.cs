using System;
using System.IO;
using CnnDsl.Onnx;

namespace CnnDsl.Scaffold;

/// <summary>
/// cnndsl-scaffold MODEL.onnx [--class NAME] [--namespace NS] [--out FILE]: writes the CnnDsl definition of an ONNX
/// CNN. Exit codes: 0 complete (or help shown), 1 written but with unexpressible nodes, 2 bad arguments, 3 unreadable
/// or malformed model.
/// </summary>
public static class ScaffoldCommand
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? model = null, className = null, ns = "CnnDsl.Models", outFile = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "-h" or "--help" or "-?":
                    Usage(output);
                    return 0;
                case "--class" when i + 1 < args.Length: className = args[++i]; break;
                case "--namespace" when i + 1 < args.Length: ns = args[++i]; break;
                case "--out" when i + 1 < args.Length: outFile = args[++i]; break;
                case var option when option.StartsWith('-'):
                    error.WriteLine($"error: unknown option or missing value: {option}");
                    Usage(error);
                    return 2;
                default:
                    if (model is not null)
                    {
                        error.WriteLine($"error: one model at a time ('{model}' and '{args[i]}' given)");
                        return 2;
                    }
                    model = args[i];
                    break;
            }
        }
        if (model is null)
        {
            Usage(error);
            return 2;
        }
        className ??= ToIdentifier(Path.GetFileNameWithoutExtension(model));
        try
        {
            var result = OnnxScaffolder.Scaffold(model, className, ns);
            if (outFile is null) output.Write(result.Source);
            else File.WriteAllText(outFile, result.Source);
            foreach (string line in result.Unsupported) error.WriteLine("cannot express: " + line);
            return result.Unsupported.Count == 0 ? 0 : 1;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            error.WriteLine("error: " + e.Message);
            return 3;
        }
    }

    private static void Usage(TextWriter writer)
    {
        writer.WriteLine("usage: cnndsl-scaffold MODEL.onnx [--class NAME] [--namespace NS] [--out FILE.cs]");
        writer.WriteLine("Writes the CnnDsl definition of an ONNX CNN; nodes CnnDsl cannot express are listed and marked UNSUPPORTED.");
        writer.WriteLine("Exit codes: 0 complete, 1 written with unexpressible nodes, 2 bad arguments, 3 unreadable or malformed model.");
    }

    /// <summary>A C# identifier from a file name (letters, digits and underscores; not starting with a digit).</summary>
    public static string ToIdentifier(string name)
    {
        var chars = name.ToCharArray();
        for (int i = 0; i < chars.Length; i++) if (!char.IsLetterOrDigit(chars[i])) chars[i] = '_';
        string id = new string(chars);
        return id.Length == 0 || char.IsDigit(id[0]) ? "Model" + id : id;
    }
}
