using System;
using System.Collections.Generic;
using System.Linq;
using Onnx;
using static CnnDsl.Onnx.OnnxAttributes;

namespace CnnDsl.Onnx;

/// <summary>
/// Each activation (<see cref="Act"/>) in one place: the ONNX nodes it is written as (Relu6 as Clip(0, 6), Swish as
/// x * Sigmoid(x), Softmax over channels), found again on import, and recognized by the scaffolder after a layer.
/// </summary>
internal static class OnnxActivation
{
    public static string Export(OnnxGraphWriter writer, NodeInfo node, string input)
    {
        string name = node.Name + "/" + node.Act.ToString().ToLowerInvariant();
        return node.Act switch
        {
            Act.None => input,
            Act.Relu => writer.Add("Relu", name, [input]),
            Act.Relu6 => writer.Add("Clip", name, [input, writer.AddScalar(name + "/min", 0f), writer.AddScalar(name + "/max", 6f)]),
            Act.Sigmoid => writer.Add("Sigmoid", name, [input]),
            Act.Swish => writer.Add("Mul", name, [input, writer.Add("Sigmoid", name + "/sigmoid", [input])]),
            Act.HardSwish => writer.Add("HardSwish", name, [input]),
            Act.Softmax => writer.Add("Softmax", name, [input], OnnxGraphWriter.Int("axis", 1)), // axis 1 of NCHW: the channels
            _ => throw new NotSupportedException($"Node {node.Label}: ONNX export does not know activation {node.Act}."),
        };
    }

    /// <summary>Matches the DSL node's activation after ONNX <paramref name="value"/>; returns the value after it.</summary>
    public static string Import(OnnxGraphMatcher matcher, NodeInfo node, string value, List<NodeProto> covered)
    {
        if (node.Act == Act.None) return value;
        var next = matcher.Unused(value);
        string expected = node.Act switch
        {
            Act.Relu => "Relu",
            Act.Relu6 => "Clip",
            Act.Sigmoid => "Sigmoid",
            Act.HardSwish => "HardSwish",
            Act.Softmax => "Softmax",
            Act.Swish => "Sigmoid",
            _ => throw new WeightsMismatchException(node.Name, $"DSL layer {node.Label} has the activation {node.Act}, which the ONNX importer does not know."),
        };
        if (node.Act == Act.Swish)
        {
            // x * sigmoid(x): a Sigmoid and a Mul both read x.
            if (next.Count != 2 || Swish(next) is not { } swish) throw Mismatch(node, value, next, "Sigmoid and Mul (x * sigmoid(x))");
            matcher.Take(swish.Sigmoid, covered);
            matcher.Take(swish.Mul, covered);
            return swish.Mul.Output[0];
        }
        if (next.Count != 1 || next[0].OpType != expected) throw Mismatch(node, value, next, expected);
        var act = next[0];
        if (node.Act == Act.Relu6 && ClipRange(matcher.File, act) is var (min, max) && (min != 0f || max != 6f))
        {
            throw matcher.Mismatch(node, act, "clip range", "[0, 6] (Relu6)", OnnxModelFile.Text($"[{min}, {max}]"));
        }
        if (node.Act == Act.Softmax && Int(act, "axis", 1) != 1 && !(node.Output.Height == 1 && node.Output.Width == 1 && Int(act, "axis", 1) == -1))
        {
            throw matcher.Mismatch(node, act, "softmax axis", "1 (channels)", Num(Int(act, "axis", 1)));
        }
        matcher.Take(act, covered);
        return act.Output[0];
    }

    /// <summary>Consumes the activation that alone reads <paramref name="output"/> (or the Sigmoid and Mul of a Swish); returns "Act = Act.X" or "".</summary>
    public static string Scaffold(OnnxScaffoldWalker walker, ref string output, ScaffoldShape shape)
    {
        var next = walker.Unused(output);
        if (next.Count == 2 && Swish(next) is { } swish)
        {
            walker.Use(swish.Sigmoid);
            walker.Use(swish.Mul);
            output = walker.Done(swish.Mul.Output[0], shape);
            return "Act = Act.Swish";
        }
        return next.Count == 1 ? Take(walker, next[0], ref output, shape) : "";
    }

    /// <summary>Consumes <paramref name="node"/> when it is an activation CnnDsl has; returns "Act = Act.X" or "".</summary>
    public static string Take(OnnxScaffoldWalker walker, NodeProto node, ref string output, ScaffoldShape shape)
    {
        if (!OnnxModelFile.IsStandard(node)) return "";
        string? act = node.OpType switch
        {
            "Relu" => "Relu",
            "Sigmoid" => "Sigmoid",
            "HardSwish" => "HardSwish",
            "Softmax" when Int(node, "axis", 1) == 1 || (shape.H == 1 && shape.W == 1) => "Softmax",
            "Clip" when ClipRange(walker.File, node) == (0f, 6f) => "Relu6",
            _ => null,
        };
        if (act is null) return "";
        walker.Use(node);
        output = walker.Done(node.Output[0], shape);
        return "Act = Act." + act;
    }

    /// <summary>The Sigmoid and the Mul of x * sigmoid(x) among the two readers of x, or null.</summary>
    private static (NodeProto Sigmoid, NodeProto Mul)? Swish(IReadOnlyList<NodeProto> readers)
    {
        var sigmoid = readers.FirstOrDefault(n => n.OpType == "Sigmoid" && n.Output.Count > 0);
        var mul = sigmoid is null ? null : readers.FirstOrDefault(n => n.OpType == "Mul" && n.Input.Count == 2 && n.Input.Contains(sigmoid.Output[0]));
        return mul is null ? null : (sigmoid!, mul);
    }

    /// <summary>A Clip's range, from its inputs (opset 11+) or attributes (older); NaN for a non-constant bound.</summary>
    private static (float Min, float Max) ClipRange(OnnxModelFile file, NodeProto clip)
    {
        float min = clip.Input.Count > 1 && clip.Input[1].Length > 0 ? file.ReadScalar(clip.Input[1]) ?? float.NaN : Float(clip, "min", float.MinValue);
        float max = clip.Input.Count > 2 && clip.Input[2].Length > 0 ? file.ReadScalar(clip.Input[2]) ?? float.NaN : Float(clip, "max", float.MaxValue);
        return (min, max);
    }

    private static WeightsMismatchException Mismatch(NodeInfo node, string value, IReadOnlyList<NodeProto> next, string expected)
        => new(node.Name, $"DSL layer {node.Label} ends with activation {node.Act}, but in the ONNX graph value '{value}' is read by "
            + (next.Count == 0 ? "nothing" : string.Join(", ", next.Select(n => $"{n.OpType} '{Label(n)}'")))
            + $" instead of a single {expected}.");
}
