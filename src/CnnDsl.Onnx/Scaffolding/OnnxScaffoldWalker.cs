using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Onnx;
using static CnnDsl.Onnx.OnnxAttributes;

namespace CnnDsl.Onnx;

/// <summary>
/// Walks an ONNX graph from its input and writes the CnnDsl definition: each node goes to the operation that
/// scaffolds its type (<see cref="OnnxOperations.Scaffolding"/>); a value read by several branches that meet in a
/// merge becomes a block. Forks nest at most <see cref="MaxNesting"/> deep (the walk recurses per fork level).
/// </summary>
internal sealed class OnnxScaffoldWalker(OnnxModelFile file)
{
    /// <summary>Deepest fork nesting scaffolded; deeper graphs are rejected (real CNNs nest a few levels).</summary>
    public const int MaxNesting = 200;

    private readonly HashSet<NodeProto> _used = new();
    private readonly Dictionary<string, ScaffoldShape> _shapes = new(StringComparer.Ordinal);
    private readonly List<string> _unsupported = new();
    // Values after an unexpressible node whose shape cannot be known: the walk ends at them.
    private readonly HashSet<string> _unknown = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _blockNames = new(StringComparer.Ordinal);
    private readonly List<string> _blockSources = new();
    private string _className = "";
    private int _nesting;

    public OnnxModelFile File => file;

    public ScaffoldResult Write(string className, string ns)
    {
        _className = className;
        var (start, shape) = InputOperation.Begin(this);
        _shapes[start] = shape;
        var items = Sequence(start, out _);
        int left = file.Graph.Node.Count(n => n.OpType != "Constant" && !_used.Contains(n));
        if (left > 0)
        {
            string line = Inv($"{left} ONNX node{(left == 1 ? "" : "s")} after the unexpressible ones were not scaffolded (the shapes they read are unknown).");
            _unsupported.Add(line);
            items.Add(new CommentItem("UNSUPPORTED: " + line));
        }
        var text = new StringBuilder();
        text.AppendLine("// Scaffolded from an ONNX model by cnndsl-scaffold; weights load with OnnxImporter.ImportWeights.");
        if (_unsupported.Count > 0)
        {
            text.AppendLine("// INCOMPLETE: the ONNX nodes marked UNSUPPORTED below have no CnnDsl equivalent.");
        }
        text.AppendLine("// A pretrained network is not a design to advise on: no cost advice (bottleneck, depthwise, SIMD width, factorization) here.");
        text.AppendLine("#pragma warning disable CNN0101, CNN0102, CNN0105, CNN0107");
        text.AppendLine("using CnnDsl;");
        text.AppendLine();
        text.AppendLine("namespace " + ns + ";");
        text.AppendLine();
        text.AppendLine(Inv($"[Network(Input = \"{shape.H}x{shape.W}x{shape.C}\")]"));
        foreach (string line in Lines(ScaffoldComposites.Collapse(items), "")) text.AppendLine(line);
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

    // ---- what operations use -------------------------------------------------------------------------------

    /// <summary>Marks <paramref name="node"/> as scaffolded.</summary>
    public void Use(NodeProto node) => _used.Add(node);

    /// <summary>The readers of <paramref name="value"/> not scaffolded yet, in graph order.</summary>
    public List<NodeProto> Unused(string value) => file.Consumers(value).Where(n => !_used.Contains(n)).ToList();

    public ScaffoldShape Shape(string value) => _shapes[value];

    /// <summary>Records <paramref name="output"/>'s shape and returns it.</summary>
    /// <exception cref="InvalidDataException">The shape is no tensor CnnDsl can hold (the file's dims lie).</exception>
    public string Done(string output, ScaffoldShape shape)
    {
        if (!IsValid(shape)) throw new InvalidDataException(Inv($"ONNX value '{output}' would have the shape {shape.H}x{shape.W}x{shape.C}: each dimension must be 1 to {int.MaxValue}, and the values at most {int.MaxValue}."));
        _shapes[output] = shape;
        return output;
    }

    /// <summary>Every dimension 1 to int.MaxValue and at most int.MaxValue values (checked without overflow).</summary>
    public static bool IsValid(ScaffoldShape shape)
        => shape.H is >= 1 and <= int.MaxValue && shape.W is >= 1 and <= int.MaxValue && shape.C is >= 1 and <= int.MaxValue
            && shape.H * shape.W <= int.MaxValue && shape.H * shape.W * shape.C <= int.MaxValue;

    /// <summary>Consumes an activation that is the only reader of <paramref name="output"/>; returns "Act = Act.X" or "".</summary>
    public string ActAfter(ref string output, ScaffoldShape shape) => OnnxActivation.Scaffold(this, ref output, shape);

    /// <summary>
    /// Lists <paramref name="node"/> as unexpressible and marks its place. The walk continues after a node that
    /// keeps its input's shape (an unknown activation or normalization); after any other, the shape of what follows
    /// is unknown, so the walk stops there rather than write layers for a wrong shape (whose errors would all be
    /// follow-on noise), and what is left is listed as not scaffolded.
    /// </summary>
    public string Unexpressible(NodeProto node, string value, List<ScaffoldItem> items, string why)
    {
        _unsupported.Add($"ONNX node '{Label(node)}' ({node.OpType}): {why}.");
        items.Add(new CommentItem($"UNSUPPORTED: ONNX node '{Label(node)}' ({node.OpType}): {why}."));
        _used.Add(node);
        string output = node.Output.Count > 0 ? node.Output[0] : value;
        if (ShapePreserving.Contains(node.OpType) && _shapes.TryGetValue(value, out var shape) && !_shapes.ContainsKey(output)) _shapes[output] = shape;
        else if (!_shapes.ContainsKey(output)) _unknown.Add(output);
        return output;
    }

    /// <summary>Standard ONNX operators whose output has their (first) input's shape.</summary>
    private static readonly HashSet<string> ShapePreserving = new(StringComparer.Ordinal)
    {
        "Relu", "LeakyRelu", "PRelu", "Elu", "Selu", "Celu", "Gelu", "Mish", "Tanh", "Sigmoid", "HardSigmoid", "HardSwish",
        "Softplus", "Softsign", "ThresholdedRelu", "Clip", "Erf", "Abs", "Neg", "Exp", "Log", "Sqrt", "Reciprocal", "Cast",
        "Identity", "Dropout", "LRN", "BatchNormalization", "InstanceNormalization", "LpNormalization", "Softmax", "LogSoftmax",
    };

    /// <summary>Whether <paramref name="node"/> joins branches (two or more non-constant inputs into a merge operation).</summary>
    public bool IsMerge(NodeProto node)
        => OnnxModelFile.IsStandard(node) && OnnxOperations.Scaffolding(node.OpType) is IOnnxMergeOperation && node.Input.Count(i => i.Length > 0 && !file.IsConstant(i)) >= 2;

    public static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    // ---- the walk -------------------------------------------------------------------------------------------

    /// <summary>Layers from <paramref name="value"/> until the value is read by a merge node or by nothing; <paramref name="end"/> is the last value.</summary>
    private List<ScaffoldItem> Sequence(string value, out string end)
    {
        var items = new List<ScaffoldItem>();
        while (true)
        {
            var next = Unused(value);
            if (next.Count == 0 || (next.Count == 1 && IsMerge(next[0])) || _unknown.Contains(value))
            {
                // The end of the graph, or of a branch of an enclosing block.
                end = value;
                return items;
            }
            if (next.Count == 1)
            {
                value = Layer(next[0], value, items);
                continue;
            }
            // Several readers: an activation written as two nodes (x * sigmoid(x)), or a fork.
            string act = ActAfter(ref value, Shape(value));
            if (act != "")
            {
                items.Add(ActivationOperation.Item(act));
                continue;
            }
            value = Block(value, next, items);
        }
    }

    private string Layer(NodeProto node, string value, List<ScaffoldItem> items)
    {
        if (node.OpType == "Identity")
        {
            _used.Add(node);
            return Done(node.Output[0], Shape(value));
        }
        if (!OnnxModelFile.IsStandard(node)) return Unexpressible(node, value, items, "an operator of the custom domain '" + node.Domain + "'");
        var operation = OnnxOperations.Scaffolding(node.OpType);
        if (operation is null) return Unexpressible(node, value, items, "no CnnDsl layer computes it");
        return operation.Scaffold(this, node, value, items);
    }

    private string Block(string value, List<NodeProto> readers, List<ScaffoldItem> items)
    {
        if (_nesting >= MaxNesting)
        {
            throw new InvalidDataException(Inv($"The ONNX graph nests forks more than {MaxNesting} deep at value '{value}'; the scaffolder stops there."));
        }
        _nesting++;
        try
        {
            return NestedBlock(value, readers, items);
        }
        finally
        {
            _nesting--;
        }
    }

    private string NestedBlock(string value, List<NodeProto> readers, List<ScaffoldItem> items)
    {
        // Follow each branch to its merge; all must meet in the same node.
        NodeProto? merge = readers.FirstOrDefault(r => IsMerge(r) && r.Input.Contains(value));
        var followed = new List<(List<ScaffoldItem> Items, string End)>();
        foreach (var reader in readers)
        {
            if (reader == merge) continue;
            var layers = new List<ScaffoldItem>();
            string after = Layer(reader, value, layers);
            layers.AddRange(Sequence(after, out string end));
            followed.Add((layers, end));
            var meet = Unused(end).FirstOrDefault(IsMerge);
            if (meet is null) return Unexpressible(readers[0], value, items, "a fork whose branches do not meet in an Add, Concat or Mul");
            if (merge is null) merge = meet;
            else if (merge != meet) return Unexpressible(readers[0], value, items, "branches that meet in different nodes");
        }
        if (merge is null) return Unexpressible(readers[0], value, items, "a fork without a merge");
        var branches = new List<ScaffoldBranch>();
        foreach (string input in merge.Input)
        {
            if (input.Length == 0 || file.IsConstant(input)) continue;
            if (input == value)
            {
                branches.Add(new ScaffoldBranch(true, Array.Empty<ScaffoldItem>(), Shape(value)));
                continue;
            }
            var found = followed.FirstOrDefault(b => b.End == input);
            if (found.Items is null) return Unexpressible(merge, input, items, "a merge of values from outside the block");
            if (_unknown.Contains(input)) return Unexpressible(merge, input, items, "a merge of a branch whose shape is unknown");
            branches.Add(new ScaffoldBranch(false, found.Items, Shape(input)));
        }
        _used.Add(merge);
        return ((IOnnxMergeOperation)OnnxOperations.Scaffolding(merge.OpType)!).ScaffoldMerge(this, merge, value, branches, items);
    }

    // ---- writing --------------------------------------------------------------------------------------------

    private IEnumerable<string> Lines(IReadOnlyList<ScaffoldItem> items, string indent)
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
}
