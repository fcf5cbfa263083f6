using System;
using System.Collections.Generic;
using System.IO;

namespace CnnDsl.Onnx;

/// <summary>The C# definition written for an ONNX model, and what could not be expressed.</summary>
/// <param name="Source">A complete C# file: the <c>[Network]</c> partial class and its <c>[Block]</c> classes.</param>
/// <param name="Unsupported">One line per ONNX node the DSL cannot express (also marked in the source); empty when the definition is complete.</param>
public sealed record ScaffoldResult(string Source, IReadOnlyList<string> Unsupported);

/// <summary>
/// Writes a CnnDsl definition for an ONNX CNN: linear chains become layer attributes (a Conv followed by
/// BatchNormalization and an activation becomes one <c>[Conv(..., BatchNorm = true, Act = ...)]</c>); a value read by
/// several branches that meet again in an Add or Concat becomes a <c>[Block]</c> class applied with <c>[Use]</c>
/// (identical consecutive blocks share a class and a <c>Repeat</c>). A subgraph that is exactly a composite
/// (<c>[InvertedResidual]</c>, <c>[MBConv]</c>, <c>[Inception]</c>, <c>[DepthwiseSeparable]</c>) is written as that
/// composite, the blocks of one stage as one <c>Repeat</c>. Nodes it cannot express are listed in
/// <see cref="ScaffoldResult.Unsupported"/> and marked with a comment at their place; the walk continues after those
/// that keep their input's shape and stops after the others (the rest is listed too). The file starts with
/// <c>using CnnDsl;</c> and turns off the cost advice (CNN0101, CNN0102, CNN0105, CNN0107): a pretrained network is not a design
/// to advise on, and a user building with warnings as errors must not fail on it.
/// </summary>
public static class OnnxScaffolder
{
    /// <summary>Scaffolds from an <c>.onnx</c> file.</summary>
    public static ScaffoldResult Scaffold(string path, string className, string @namespace = "CnnDsl.Models")
    {
        ArgumentNullException.ThrowIfNull(path);
        return Scaffold(OnnxModelFile.Load(path), className, @namespace);
    }

    /// <summary>Scaffolds from a serialized ONNX model.</summary>
    /// <exception cref="InvalidDataException">The model is malformed or has no single 4-D input.</exception>
    public static ScaffoldResult Scaffold(ReadOnlySpan<byte> model, string className, string @namespace = "CnnDsl.Models")
    {
        return Scaffold(OnnxModelFile.Parse(model), className, @namespace);
    }

    private static ScaffoldResult Scaffold(OnnxModelFile file, string className, string @namespace)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(className);
        ArgumentException.ThrowIfNullOrWhiteSpace(@namespace);
        var walker = new OnnxScaffoldWalker(file);
        try
        {
            return walker.Write(className, @namespace);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new InvalidDataException("The ONNX model is incomplete (a node lacks an input or output): " + e.Message, e);
        }
    }
}
