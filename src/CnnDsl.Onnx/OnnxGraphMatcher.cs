using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Onnx;
using static CnnDsl.Onnx.OnnxAttributes;

namespace CnnDsl.Onnx;

/// <summary>
/// Walks a DSL graph in topological order and finds, for each node, the ONNX nodes that compute the same thing
/// from the ONNX values already matched to its inputs (so branch order and ONNX node order need not agree); each
/// node's operation does its own matching (<see cref="IOnnxOperation.Import"/>). Checks every shape on the way and
/// stages the weights; the caller commits them only if the whole graph matched.
/// </summary>
internal sealed class OnnxGraphMatcher
{
    private readonly string[] _values;
    private readonly HashSet<NodeProto> _used = new();
    private readonly List<OnnxLayerMatch> _matches = new();

    public OnnxGraphMatcher(OnnxModelFile file, NetworkWeights weights)
    {
        File = file;
        Weights = weights;
        Graph = weights.Graph;
        _values = new string[Graph.Count];
    }

    public OnnxModelFile File { get; }

    public NetworkWeights Weights { get; }

    public IReadOnlyList<NodeInfo> Graph { get; }

    /// <summary>Tensors read so far, by canonical name; committed only when the whole graph matched.</summary>
    public Dictionary<string, float[]> Staged { get; } = new(StringComparer.Ordinal);

    /// <summary>ONNX BatchNormalization nodes folded into a preceding convolution.</summary>
    public List<string> Folded { get; } = new();

    /// <summary>Values that hold features flattened from an NCHW map (c, h, w order) rather than NHWC, with the map's shape.</summary>
    public Dictionary<string, TensorShape> NchwFlattened { get; } = new(StringComparer.Ordinal);

    /// <summary>The ONNX value matched to DSL node <paramref name="id"/>.</summary>
    public string Value(int id) => _values[id];

    public OnnxImportResult Match()
    {
        foreach (var node in File.Graph.Node)
        {
            if (!OnnxModelFile.IsStandard(node))
            {
                throw new InvalidDataException($"ONNX node '{Label(node)}' ({node.OpType}) is from the custom domain '{node.Domain}'; CnnDsl imports only standard ONNX operators, whose meaning it knows.");
            }
        }
        for (int id = 0; id < Graph.Count; id++)
        {
            var node = Graph[id];
            var covered = new List<NodeProto>();
            _values[id] = Advance(OnnxOperations.For(node.Op).Import(this, node, covered), covered);
            if (id > 0) _matches.Add(new OnnxLayerMatch(node.Name, covered.Select(Label).ToList()));
        }
        MatchOutput();
        foreach (var node in File.Graph.Node)
        {
            if (node.OpType != "Constant" && !_used.Contains(node))
            {
                throw new WeightsMismatchException(Label(node),
                    $"ONNX node '{Label(node)}' ({node.OpType}) has no counterpart in the DSL definition: the ONNX graph has more operations than the network.");
            }
        }
        foreach (var tensor in Weights.Tensors)
        {
            if (!Staged.ContainsKey(tensor.Name)) throw new InvalidOperationException($"Tensor '{tensor.Name}' was not filled by the import.");
        }
        return new OnnxImportResult(_matches, Folded);
    }

    private void MatchOutput()
    {
        string value = _values[^1];
        var last = Graph[^1];
        // Layout-only nodes may follow the last operation (back to NHWC, flatten to [N, C]).
        while (!File.IsGraphOutput(value))
        {
            var next = Unused(value);
            if (next.Count == 1 && next[0].OpType is "Transpose" or "Flatten" or "Reshape" or "Squeeze" or "Identity")
            {
                _used.Add(next[0]);
                value = next[0].Output[0];
                continue;
            }
            string continuation = next.Count == 0 ? "nothing (its value is not a graph output)" : string.Join(", ", next.Select(n => $"{n.OpType} '{Label(n)}'"));
            throw new WeightsMismatchException(last.Name,
                $"The DSL network ends at layer '{last.Name}' (output {last.Output}), but in the ONNX graph its value '{_values[^1]}' goes on to {continuation}.");
        }
    }

    // ---- what operations use ----------------------------------------------------------------------------------

    /// <summary>Marks <paramref name="node"/> as matched and records it for the layer.</summary>
    public void Take(NodeProto node, List<NodeProto> covered)
    {
        _used.Add(node);
        covered.Add(node);
    }

    /// <summary>Marks <paramref name="node"/> as matched without recording it (graph input and output layout nodes).</summary>
    public void Take(NodeProto node) => _used.Add(node);

    /// <summary>The single unmatched reader of <paramref name="value"/> when it is one of <paramref name="types"/>, taken; otherwise null.</summary>
    public NodeProto? TakeSingle(string value, List<NodeProto> covered, params string[] types)
    {
        var next = Unused(value);
        if (next.Count != 1 || !types.Contains(next[0].OpType)) return null;
        Take(next[0], covered);
        return next[0];
    }

    /// <summary>The first unmatched reader of <paramref name="input"/> of one of <paramref name="ops"/> without a problem, taken.</summary>
    public NodeProto Pick(NodeInfo node, string input, string[] ops, Func<NodeProto, string?> problem, List<NodeProto> covered)
    {
        var readers = Unused(input);
        NodeProto? firstWrong = null;
        string? firstProblem = null;
        foreach (var candidate in readers)
        {
            if (!ops.Contains(candidate.OpType) || candidate.Input.Count == 0 || candidate.Input[0] != input) continue;
            string? p = problem(candidate);
            if (p is null)
            {
                Take(candidate, covered);
                return candidate;
            }
            if (firstWrong is null)
            {
                firstWrong = candidate;
                firstProblem = p;
            }
        }
        if (firstWrong is not null) throw Mismatch(node, firstWrong, firstProblem!);
        string found = readers.Count == 0 ? "no unmatched ONNX node reads it" : "it is read by " + string.Join(", ", readers.Select(n => $"{n.OpType} '{Label(n)}'"));
        throw new WeightsMismatchException(node.Name,
            $"DSL layer '{node.Name}' ({DescribeDsl(node)}) has no ONNX counterpart: expected a {string.Join(" or ", ops)} reading ONNX value '{input}', but {found}.");
    }

    /// <summary>The readers of a value not matched yet, in graph order.</summary>
    public List<NodeProto> Unused(string value)
    {
        var result = new List<NodeProto>();
        foreach (var n in File.Consumers(value))
        {
            if (!_used.Contains(n)) result.Add(n);
        }
        return result;
    }

    /// <summary>Steps over single Identity nodes after a matched value (they change nothing).</summary>
    private string Advance(string value, List<NodeProto> covered)
    {
        while (TakeSingle(value, covered, "Identity") is { } identity) value = identity.Output[0];
        return value;
    }

    public float[] ReadVector(string name, int length, NodeInfo node, NodeProto onnx, string what)
    {
        var values = File.ReadFloats(name);
        if (values.Length != length) throw Mismatch(node, onnx, what + " length", Num(length), Num(values.Length));
        return values;
    }

    // ---- messages ---------------------------------------------------------------------------------------------

    public static string Following(IReadOnlyList<NodeProto> next)
        => next.Count == 0 ? "" : " (it is read by " + string.Join(", ", next.Select(n => $"{n.OpType} '{Label(n)}'")) + ")";

    public static string Differ(string what, string dsl, string onnx) => $"{what}: {dsl} in the definition, {onnx} in the ONNX file";

    public WeightsMismatchException Mismatch(NodeInfo node, NodeProto onnx, string what, string dsl, string onnxText)
        => Mismatch(node, onnx, Differ(what, dsl, onnxText));

    public WeightsMismatchException Mismatch(NodeInfo node, NodeProto onnx, string problem)
        => new(node.Name, $"DSL layer '{node.Name}' ({DescribeDsl(node)}) and ONNX node '{Label(onnx)}' ({DescribeOnnx(onnx)}) differ in {problem}.");

    public static string DescribeDsl(NodeInfo node)
    {
        string pads = $"pads [{node.PadTop}, {node.PadLeft}, {node.PadBottom}, {node.PadRight}]";
        string io = $"{node.Input} -> {node.Output}";
        string act = node.Act == Act.None ? "" : ", " + node.Act;
        string tail = (node.BatchNorm ? ", BatchNorm" : "") + act;
        return node.Op switch
        {
            Op.Conv or Op.DepthwiseConv => OnnxModelFile.Text($"{node.Op} {node.KernelH}x{node.KernelW}/{node.StrideH}, {node.Filters} filters, {pads}, {io}{tail}"),
            Op.MaxPool or Op.AvgPool => OnnxModelFile.Text($"{node.Op} {node.KernelH}x{node.KernelW}/{node.StrideH}, {pads}, {io}"),
            Op.Dense => OnnxModelFile.Text($"Dense {node.Filters} units, {io}{tail}"),
            _ => $"{node.Op}, {io}{tail}",
        };
    }

    private string DescribeOnnx(NodeProto onnx)
    {
        var parts = new List<string> { onnx.OpType };
        if (onnx.OpType is "Conv" or "Gemm" && onnx.Input.Count > 1 && File.ConstantDims(onnx.Input[1]) is { } w) parts.Add("weight " + List(w));
        foreach (string name in new[] { "kernel_shape", "strides", "pads", "group", "auto_pad" })
        {
            var a = Find(onnx, name);
            if (a is null) continue;
            parts.Add(name + " " + (a.Ints.Count > 0 ? List(a.Ints) : a.S.Length > 0 ? a.S.ToStringUtf8() : Num(a.I)));
        }
        return string.Join(", ", parts);
    }

    public static bool SameInts(long[]? values, params long[] expected) => values is not null && values.SequenceEqual(expected);
}
