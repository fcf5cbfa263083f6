using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Onnx;
using static CnnDsl.Onnx.OnnxAttributes;

namespace CnnDsl.Onnx;

/// <summary>The C# definition written for an ONNX model, and what could not be expressed.</summary>
/// <param name="Source">A complete C# file: the <c>[Network]</c> partial class and its <c>[Block]</c> classes.</param>
/// <param name="Unsupported">One line per ONNX node the DSL cannot express (also marked in the source); empty when the definition is complete.</param>
public sealed record ScaffoldResult(string Source, IReadOnlyList<string> Unsupported);

/// <summary>
/// Writes a CnnDsl definition for an ONNX CNN: linear chains become layer attributes (a Conv followed by
/// BatchNormalization and an activation becomes one <c>[Conv(..., BatchNorm = true, Act = ...)]</c>); a value read by
/// several branches that meet again in an Add or Concat becomes a <c>[Block]</c> class applied with <c>[Use]</c>
/// (identical consecutive blocks share a class and a <c>Repeat</c>). Nodes it cannot express are listed in
/// <see cref="ScaffoldResult.Unsupported"/> and marked with a comment at their place, and the walk continues after them.
/// </summary>
public static class OnnxScaffolder
{
    /// <summary>Scaffolds from an <c>.onnx</c> file.</summary>
    public static ScaffoldResult Scaffold(string path, string className, string @namespace = "CnnDsl.Models")
    {
        ArgumentNullException.ThrowIfNull(path);
        return Scaffold(File.ReadAllBytes(path), className, @namespace);
    }

    /// <summary>Scaffolds from a serialized ONNX model.</summary>
    /// <exception cref="InvalidDataException">The model is malformed or has no single 4-D input.</exception>
    public static ScaffoldResult Scaffold(ReadOnlySpan<byte> model, string className, string @namespace = "CnnDsl.Models")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(className);
        ArgumentException.ThrowIfNullOrWhiteSpace(@namespace);
        var walker = new Walker(OnnxModelFile.Parse(model));
        try
        {
            return walker.Write(className, @namespace);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new InvalidDataException("The ONNX model is incomplete (a node lacks an input or output): " + e.Message, e);
        }
    }

    private abstract record Item;

    private sealed record LayerItem(string Attribute) : Item;

    private sealed record CommentItem(string Text) : Item;

    private sealed record BlockItem(string Merge, string Act, IReadOnlyList<Branch> Branches) : Item;

    private sealed record Branch(bool Identity, IReadOnlyList<Item> Items);

    private readonly record struct Shape(long H, long W, long C);

    private sealed class Walker(OnnxModelFile file)
    {
        private readonly HashSet<NodeProto> _used = new();
        private readonly Dictionary<string, Shape> _shapes = new(StringComparer.Ordinal);
        private readonly List<string> _unsupported = new();
        private readonly Dictionary<string, string> _blockNames = new(StringComparer.Ordinal);
        private readonly List<string> _blockSources = new();
        private string _className = "";

        public ScaffoldResult Write(string className, string ns)
        {
            _className = className;
            var (start, shape) = Input();
            _shapes[start] = shape;
            var items = Sequence(start, out _);
            var text = new StringBuilder();
            text.AppendLine("// Scaffolded from an ONNX model by cnndsl-scaffold; weights load with OnnxImporter.ImportWeights.");
            if (_unsupported.Count > 0)
            {
                text.AppendLine("// INCOMPLETE: the ONNX nodes marked UNSUPPORTED below have no CnnDsl equivalent.");
            }
            text.AppendLine("namespace " + ns + ";");
            text.AppendLine();
            text.AppendLine(Inv($"[Network(Input = \"{shape.H}x{shape.W}x{shape.C}\")]"));
            foreach (string line in Lines(items, "")) text.AppendLine(line);
            text.AppendLine("public partial class " + className);
            text.AppendLine("{");
            text.AppendLine("}");
            foreach (string block in _blockSources)
            {
                text.AppendLine();
                text.Append(block);
            }
            return new ScaffoldResult(text.ToString(), _unsupported);
        }

        private (string Value, Shape Shape) Input()
        {
            var inputs = file.Graph.Input.Where(i => !file.IsConstant(i.Name)).ToList();
            if (inputs.Count != 1) throw new InvalidDataException(Inv($"The ONNX graph has {inputs.Count} data inputs; a CnnDsl network has exactly one."));
            var dims = inputs[0].Type?.TensorType?.Shape?.Dim.Select(d => d.DimValue).ToArray() ?? Array.Empty<long>();
            if (dims.Length != 4 || dims.Skip(1).Any(d => d <= 0 || d > int.MaxValue))
                throw new InvalidDataException($"ONNX input '{inputs[0].Name}' must be 4-D [N, C, H, W] with fixed C, H and W, but it is [{string.Join(", ", dims)}].");
            var consumers = file.Consumers(inputs[0].Name);
            if (consumers.Count == 1 && consumers[0].OpType == "Transpose" && (Ints(consumers[0], "perm") ?? Array.Empty<long>()).SequenceEqual(new long[] { 0, 3, 1, 2 }))
            {
                _used.Add(consumers[0]);
                return (consumers[0].Output[0], new Shape(dims[1], dims[2], dims[3]));
            }
            return (inputs[0].Name, new Shape(dims[2], dims[3], dims[1]));
        }

        private List<NodeProto> Unused(string value) => file.Consumers(value).Where(n => !_used.Contains(n)).ToList();

        private static bool IsMerge(NodeProto node) => node.OpType is "Add" or "Sum" or "Concat" && node.Input.Count(i => i.Length > 0) >= 2;

        /// <summary>Layers from <paramref name="value"/> until the value is read by a merge node or by nothing; <paramref name="end"/> is the last value.</summary>
        private List<Item> Sequence(string value, out string end)
        {
            var items = new List<Item>();
            while (true)
            {
                var next = Unused(value);
                if (next.Count == 0)
                {
                    end = value;
                    return items;
                }
                if (next.Count == 1 && IsMerge(next[0]))
                {
                    // The end of a branch of an enclosing block.
                    end = value;
                    return items;
                }
                if (next.Count == 1)
                {
                    value = Layer(next[0], value, items);
                    continue;
                }
                value = Block(value, next, items);
            }
        }

        private string Block(string value, List<NodeProto> readers, List<Item> items)
        {
            // Follow each branch to its merge; all must meet in the same node.
            NodeProto? merge = readers.FirstOrDefault(r => IsMerge(r) && r.Input.Contains(value));
            var branchItems = new List<(List<Item> Items, string End)>();
            foreach (var reader in readers)
            {
                if (reader == merge) continue;
                var layers = new List<Item>();
                string after = Layer(reader, value, layers);
                layers.AddRange(Sequence(after, out string end));
                branchItems.Add((layers, end));
                var meet = Unused(end).FirstOrDefault(IsMerge);
                if (meet is null) return Unexpressible(readers[0], value, items, "a fork whose branches do not meet in an Add or Concat");
                if (merge is null) merge = meet;
                else if (merge != meet) return Unexpressible(readers[0], value, items, "branches that meet in different nodes");
            }
            if (merge is null) return Unexpressible(readers[0], value, items, "a fork without a merge");
            var branches = new List<Branch>();
            foreach (string input in merge.Input)
            {
                if (input == value) branches.Add(new Branch(true, Array.Empty<Item>()));
                else
                {
                    var found = branchItems.FirstOrDefault(b => b.End == input);
                    if (found.Items is null) return Unexpressible(merge, input, items, "a merge of values from outside the block");
                    branches.Add(new Branch(false, found.Items));
                }
            }
            _used.Add(merge);
            string mergeKind = merge.OpType == "Concat" ? "Merge.Concat" : "Merge.Add";
            if (merge.OpType == "Concat" && Int(merge, "axis", 1) != 1) return Unexpressible(merge, value, items, "a Concat that is not along channels");
            var shapes = branches.Select(b => b.Identity ? _shapes[value] : _shapes[branchItems.First(x => x.Items == b.Items).End]).ToList();
            var outShape = merge.OpType == "Concat" ? shapes[0] with { C = shapes.Sum(s => s.C) } : shapes[0];
            string output = merge.Output[0];
            _shapes[output] = outShape;
            string act = ActAfter(ref output, outShape);
            items.Add(new BlockItem(mergeKind, act, branches));
            return output;
        }

        private string Unexpressible(NodeProto node, string value, List<Item> items, string why)
        {
            _unsupported.Add($"ONNX node '{Label(node)}' ({node.OpType}): {why}.");
            items.Add(new CommentItem($"UNSUPPORTED: ONNX node '{Label(node)}' ({node.OpType}): {why}."));
            _used.Add(node);
            string output = node.Output.Count > 0 ? node.Output[0] : value;
            _shapes.TryAdd(output, _shapes.TryGetValue(value, out var s) ? s : default);
            return output;
        }

        /// <summary>One layer starting at <paramref name="node"/> (with a following BatchNormalization and activation where they fold in).</summary>
        private string Layer(NodeProto node, string value, List<Item> items)
        {
            var shape = _shapes[value];
            switch (node.OpType)
            {
                case "Conv":
                    return Conv(node, value, shape, items);
                case "MaxPool":
                case "AveragePool":
                    return Pool(node, value, shape, items);
                case "GlobalAveragePool":
                    _used.Add(node);
                    items.Add(new LayerItem("GlobalAvgPool"));
                    return Done(node.Output[0], shape with { H = 1, W = 1 });
                case "BatchNormalization":
                {
                    _used.Add(node);
                    float epsilon = Float(node, "epsilon", 1e-5f);
                    string output = Done(node.Output[0], shape);
                    string act = ActAfter(ref output, shape);
                    var args = new List<string>();
                    if (epsilon != 1e-5f) args.Add(Inv($"Epsilon = {epsilon:R}f"));
                    if (act != "") args.Add(act);
                    items.Add(new LayerItem("BatchNorm" + (args.Count > 0 ? "(" + string.Join(", ", args) + ")" : "")));
                    return output;
                }
                case "Relu":
                case "Clip":
                case "Sigmoid":
                case "HardSwish":
                case "Softmax":
                {
                    string output = value;
                    string act = ActAfter(ref output, shape);
                    if (act == "") return Unexpressible(node, value, items, "an activation CnnDsl does not have");
                    items.Add(new LayerItem("Activation(" + act.Substring("Act = ".Length) + ")"));
                    return output;
                }
                case "Flatten":
                case "Reshape":
                case "Squeeze":
                case "Unsqueeze":
                    // On 1x1 data these change no value's position; on a map, flattening is [Flatten] (NCHW order is
                    // handled by the importer, which permutes the following dense weights).
                    _used.Add(node);
                    if (shape.H * shape.W > 1 && node.OpType is "Flatten" or "Reshape") items.Add(new LayerItem("Flatten"));
                    else if (shape.H * shape.W > 1) return Unexpressible(node, value, items, "a reshape of a spatial map");
                    return Done(node.Output[0], new Shape(1, 1, shape.H * shape.W * shape.C));
                case "Transpose" when (Ints(node, "perm") ?? Array.Empty<long>()).SequenceEqual(new long[] { 0, 2, 3, 1 })
                    && Unused(node.Output[0]) is { Count: 1 } after && after[0].OpType is "Flatten" or "Reshape":
                    // NHWC flattening, as CnnDsl's exporter writes a dense layer's input: the DSL's own Flatten order.
                    _used.Add(node);
                    _used.Add(after[0]);
                    if (shape.H * shape.W > 1) items.Add(new LayerItem("Flatten"));
                    return Done(after[0].Output[0], new Shape(1, 1, shape.H * shape.W * shape.C));
                case "Gemm":
                    return Dense(node, shape, items);
                case "Dropout":
                    _used.Add(node);
                    float ratio = node.Input.Count > 1 && node.Input[1].Length > 0 ? file.ReadScalar(node.Input[1]) ?? 0.5f : Float(node, "ratio", 0.5f);
                    items.Add(new LayerItem(Inv($"Dropout({(double)ratio:R})")));
                    return Done(node.Output[0], shape);
                case "Identity":
                    _used.Add(node);
                    return Done(node.Output[0], shape);
                case "Transpose" when file.IsGraphOutput(node.Output[0]):
                    _used.Add(node);
                    return Done(node.Output[0], shape);
                default:
                    return Unexpressible(node, value, items, "no CnnDsl layer computes it");
            }
        }

        private string Done(string output, Shape shape)
        {
            _shapes[output] = shape;
            return output;
        }

        private string Conv(NodeProto node, string value, Shape shape, List<Item> items)
        {
            long[]? w = node.Input.Count > 1 ? file.ConstantDims(node.Input[1]) : null;
            long group = Int(node, "group", 1);
            long[] strides = Ints(node, "strides") ?? new long[] { 1, 1 };
            if (w is null || w.Length != 4) return Unexpressible(node, value, items, "a weight that is not a 4-D initializer");
            if (w[2] != w[3]) return Unexpressible(node, value, items, Inv($"a non-square kernel {w[2]}x{w[3]}"));
            if (strides.Length != 2 || strides[0] != strides[1]) return Unexpressible(node, value, items, "unequal strides " + List(strides));
            if (Ints(node, "dilations") is { } d && d.Any(x => x != 1)) return Unexpressible(node, value, items, "dilation " + List(d));
            bool depthwise = group > 1 && group == shape.C && w[0] == shape.C && w[1] == 1;
            if (group != 1 && !depthwise) return Unexpressible(node, value, items, Inv($"a grouped convolution (group {group})"));
            if (!depthwise && w[1] != shape.C) return Unexpressible(node, value, items, Inv($"a weight for {w[1]} input channels on a {shape.C}-channel input"));
            long k = w[2], s = strides[0];
            var (padText, pads) = Padding(node, shape, k, s, isConv: true, out string? padProblem);
            if (padProblem is not null) return Unexpressible(node, value, items, padProblem);
            _used.Add(node);
            bool bias = node.Input.Count > 2 && node.Input[2].Length > 0;
            var outShape = new Shape((shape.H + pads[0] + pads[2] - k) / s + 1, (shape.W + pads[1] + pads[3] - k) / s + 1, depthwise ? shape.C : w[0]);
            string output = Done(node.Output[0], outShape);
            bool batchNorm = false;
            var next = Unused(output);
            if (next.Count == 1 && next[0].OpType == "BatchNormalization" && Float(next[0], "epsilon", 1e-5f) == 1e-5f)
            {
                _used.Add(next[0]);
                batchNorm = true;
                output = Done(next[0].Output[0], outShape);
            }
            string act = ActAfter(ref output, outShape);
            var args = new List<string> { depthwise ? Inv($"{k}") : Inv($"{w[0]}, {k}") };
            if (s != 1) args.Add(Inv($"Stride = {s}"));
            if (padText != "") args.Add(padText);
            if (!bias) args.Add("Bias = false");
            if (batchNorm) args.Add("BatchNorm = true");
            if (act != "") args.Add(act);
            items.Add(new LayerItem((depthwise ? "DepthwiseConv(" : "Conv(") + string.Join(", ", args) + ")"));
            return output;
        }

        private string Pool(NodeProto node, string value, Shape shape, List<Item> items)
        {
            long[] k = Ints(node, "kernel_shape") ?? Array.Empty<long>();
            long[] strides = Ints(node, "strides") ?? new long[] { 1, 1 };
            if (k.Length != 2 || k[0] != k[1]) return Unexpressible(node, value, items, "a non-square window " + List(k));
            if (strides.Length != 2 || strides[0] != strides[1]) return Unexpressible(node, value, items, "unequal strides " + List(strides));
            bool average = node.OpType == "AveragePool";
            var (padText, pads) = Padding(node, shape, k[0], strides[0], isConv: false, out string? padProblem);
            if (padProblem is not null) return Unexpressible(node, value, items, padProblem);
            if (average && pads.Any(p => p != 0) && Int(node, "count_include_pad", 0) != 0) return Unexpressible(node, value, items, "count_include_pad = 1 with padding");
            _used.Add(node);
            if (average && k[0] == shape.H && k[1] == shape.W && pads.All(p => p == 0))
            {
                items.Add(new LayerItem("GlobalAvgPool"));
                return Done(node.Output[0], shape with { H = 1, W = 1 });
            }
            var outShape = shape with { H = (shape.H + pads[0] + pads[2] - k[0]) / strides[0] + 1, W = (shape.W + pads[1] + pads[3] - k[0]) / strides[0] + 1 };
            var args = new List<string> { Inv($"{k[0]}") };
            if (strides[0] != k[0]) args.Add(Inv($"Stride = {strides[0]}"));
            if (padText != "") args.Add(padText);
            items.Add(new LayerItem((average ? "AvgPool(" : "MaxPool(") + string.Join(", ", args) + ")"));
            return Done(node.Output[0], outShape);
        }

        /// <summary>The padding argument text and the four pads [top, left, bottom, right].</summary>
        private static (string Text, long[] Pads) Padding(NodeProto node, Shape shape, long k, long s, bool isConv, out string? problem)
        {
            problem = null;
            string autoPad = String(node, "auto_pad", "NOTSET");
            long[] Same(bool lower)
            {
                long Axis(long input, out long end)
                {
                    long output = (input + s - 1) / s;
                    long total = Math.Max((output - 1) * s + k - input, 0);
                    long begin = lower ? total - total / 2 : total / 2;
                    end = total - begin;
                    return begin;
                }
                long top = Axis(shape.H, out long bottom), left = Axis(shape.W, out long right);
                return new[] { top, left, bottom, right };
            }
            switch (autoPad)
            {
                case "SAME_UPPER": return ("", Same(false));
                case "SAME_LOWER": return ("Padding = Padding.SameLower", Same(true));
                case "VALID": return ("Padding = Padding.Valid", new long[4]);
                case "NOTSET":
                case "":
                    break;
                default:
                    problem = "the unknown auto_pad " + autoPad;
                    return ("", new long[4]);
            }
            long[] pads = Ints(node, "pads") ?? new long[4];
            if (pads.Length != 4 || pads.Any(p => p < 0 || p > int.MaxValue)) { problem = "pads " + List(pads); return ("", new long[4]); }
            if (!isConv && Int(node, "ceil_mode", 0) != 0)
            {
                // Ceil mode = extra end padding (padding never counts in CnnDsl's pools).
                long Extend(long input, long begin, long end)
                {
                    long output = (input + begin + end - k + s - 1) / s + 1;
                    if ((output - 1) * s >= input + begin) output--;
                    return Math.Max(end, (output - 1) * s + k - input - begin);
                }
                pads = new[] { pads[0], pads[1], Extend(shape.H, pads[0], pads[2]), Extend(shape.W, pads[1], pads[3]) };
            }
            if (pads.All(p => p == 0)) return ("Padding = Padding.Valid", pads);
            if (isConv && pads.All(p => p == pads[0])) return (Inv($"Pad = {pads[0]}"), pads);
            return (Inv($"PadTop = {pads[0]}, PadLeft = {pads[1]}, PadBottom = {pads[2]}, PadRight = {pads[3]}"), pads);
        }

        private string Dense(NodeProto node, Shape shape, List<Item> items)
        {
            long[]? b = node.Input.Count > 1 ? file.ConstantDims(node.Input[1]) : null;
            bool transB = Int(node, "transB", 0) != 0;
            if (b is null || b.Length != 2 || Int(node, "transA", 0) != 0 || Float(node, "alpha", 1f) != 1f || Float(node, "beta", 1f) != 1f)
                return Unexpressible(node, "", items, "a Gemm that is not x * W^T + b with a constant W");
            long units = transB ? b[0] : b[1];
            _used.Add(node);
            bool bias = node.Input.Count > 2 && node.Input[2].Length > 0;
            string output = Done(node.Output[0], new Shape(1, 1, units));
            string act = ActAfter(ref output, new Shape(1, 1, units));
            var args = new List<string> { Inv($"{units}") };
            if (!bias) args.Add("Bias = false");
            if (act != "") args.Add(act);
            items.Add(new LayerItem("Dense(" + string.Join(", ", args) + ")"));
            return output;
        }

        /// <summary>Consumes an activation that is the only reader of <paramref name="output"/>; returns "Act = Act.X" or "".</summary>
        private string ActAfter(ref string output, Shape shape)
        {
            var next = Unused(output);
            if (next.Count != 1) return "";
            var node = next[0];
            string? act = node.OpType switch
            {
                "Relu" => "Relu",
                "Sigmoid" => "Sigmoid",
                "HardSwish" => "HardSwish",
                "Softmax" when Int(node, "axis", 1) == 1 || (shape.H == 1 && shape.W == 1) => "Softmax",
                "Clip" when ClipIsRelu6(node) => "Relu6",
                _ => null,
            };
            if (act is null) return "";
            _used.Add(node);
            output = Done(node.Output[0], shape);
            return "Act = Act." + act;
        }

        private bool ClipIsRelu6(NodeProto node)
        {
            float min = node.Input.Count > 1 && node.Input[1].Length > 0 ? file.ReadScalar(node.Input[1]) ?? float.NaN : Float(node, "min", float.MinValue);
            float max = node.Input.Count > 2 && node.Input[2].Length > 0 ? file.ReadScalar(node.Input[2]) ?? float.NaN : Float(node, "max", float.MaxValue);
            return min == 0f && max == 6f;
        }

        // ---- writing ----------------------------------------------------------------------------------------

        private IEnumerable<string> Lines(IReadOnlyList<Item> items, string indent)
        {
            for (int i = 0; i < items.Count; i++)
            {
                switch (items[i])
                {
                    case LayerItem layer:
                        yield return indent + "[" + layer.Attribute + "]";
                        break;
                    case CommentItem comment:
                        yield return indent + "// " + comment.Text;
                        break;
                    case BlockItem block:
                        string name = BlockClass(block);
                        int repeat = 1;
                        while (i + 1 < items.Count && items[i + 1] is BlockItem b && BlockClass(b) == name)
                        {
                            repeat++;
                            i++;
                        }
                        yield return indent + "[Use<" + name + ">" + (repeat > 1 ? Inv($"(Repeat = {repeat})") : "") + "]";
                        break;
                }
            }
        }

        private string BlockClass(BlockItem block)
        {
            var body = new StringBuilder();
            body.AppendLine("[Block(Merge = " + block.Merge + (block.Act != "" ? ", " + block.Act : "") + ")]");
            body.AppendLine("public class {NAME}");
            body.AppendLine("{");
            int index = 0;
            foreach (var branch in block.Branches)
            {
                index++;
                if (branch.Identity)
                {
                    body.AppendLine("    [Identity] public int Shortcut" + (block.Branches.Count(b => b.Identity) > 1 ? Inv($"{index}") : "") + ";");
                    continue;
                }
                foreach (string line in Lines(branch.Items, "    ")) body.AppendLine(line);
                body.AppendLine(Inv($"    public int Branch{index};"));
            }
            body.AppendLine("}");
            string key = body.ToString();
            if (_blockNames.TryGetValue(key, out string? existing)) return existing;
            string name = Inv($"{_className}Block{_blockNames.Count + 1}");
            _blockNames[key] = name;
            _blockSources.Add(key.Replace("{NAME}", name, StringComparison.Ordinal));
            return name;
        }

        private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }
}
