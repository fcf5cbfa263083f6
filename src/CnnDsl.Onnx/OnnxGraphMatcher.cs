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
/// <remarks>
/// The match is a search: where several ONNX nodes fit a DSL node equally (sibling branches reading one value with the
/// same operation, as Inception's parallel 1x1 convolutions), the first is tried, and when the walk fails later it
/// returns to the latest such choice and tries the next (chronological backtracking, at most <see cref="MaxRetries"/>
/// times). A failed search reports the failure that got furthest through the DSL graph.
/// </remarks>
internal sealed class OnnxGraphMatcher
{
    /// <summary>Most returns to an earlier choice before the search gives up.</summary>
    public const int MaxRetries = 256;

    private readonly string[] _values;
    private readonly HashSet<NodeProto> _used = new();
    // Undo logs: what was taken, and which NCHW-flattened values were recorded, in order.
    private readonly List<NodeProto> _usedLog = new();
    private readonly List<string> _nchwLog = new();
    private readonly Dictionary<string, TensorShape> _nchwFlattened = new(StringComparer.Ordinal);
    private readonly List<OnnxLayerMatch> _matches = new();
    private readonly List<Choice> _choices = new();
    private Choice _nodeStart = new();
    private Choice? _replay;

    /// <summary>A point where several ONNX nodes fitted, with the state before its DSL node to return to.</summary>
    private sealed class Choice
    {
        public int Node, Used, Folded, Nchw, Index, Count;
    }

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
    public IReadOnlyDictionary<string, TensorShape> NchwFlattened => _nchwFlattened;

    /// <summary>Records that <paramref name="value"/> holds features flattened in NCHW order from a map of <paramref name="shape"/>.</summary>
    public void MarkNchwFlattened(string value, TensorShape shape)
    {
        if (_nchwFlattened.TryAdd(value, shape)) _nchwLog.Add(value);
    }

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
        WeightsMismatchException? furthest = null;
        int furthestStep = -1, retries = 0;
        // Steps 0..Count-1 match the DSL nodes; step Count checks the output and that every ONNX node was used.
        for (int step = 0; step <= Graph.Count;)
        {
            _nodeStart = new Choice { Node = step, Used = _usedLog.Count, Folded = Folded.Count, Nchw = _nchwLog.Count };
            try
            {
                if (step < Graph.Count) MatchNode(step);
                else MatchEnd();
                step++;
            }
            catch (WeightsMismatchException e)
            {
                if (step > furthestStep)
                {
                    furthest = e;
                    furthestStep = step;
                }
                while (_choices.Count > 0 && _choices[^1].Index + 1 >= _choices[^1].Count) _choices.RemoveAt(_choices.Count - 1);
                if (_choices.Count == 0 || ++retries > MaxRetries) throw furthest!;
                var choice = _choices[^1];
                choice.Index++;
                Restore(choice);
                _replay = choice;
                step = choice.Node;
            }
        }
        foreach (var tensor in Weights.Tensors)
        {
            if (!Staged.ContainsKey(tensor.Name)) throw new InvalidOperationException($"Tensor '{tensor.Name}' was not filled by the import.");
        }
        return new OnnxImportResult(_matches, Folded);
    }

    private void MatchNode(int id)
    {
        var node = Graph[id];
        var covered = new List<NodeProto>();
        _values[id] = Advance(OnnxOperations.For(node.Op).Import(this, node, covered), covered);
        if (id > 0) _matches.Add(new OnnxLayerMatch(node.Name, covered.Select(Label).ToList()));
    }

    private void MatchEnd()
    {
        MatchOutput();
        foreach (var node in File.Graph.Node)
        {
            if (node.OpType != "Constant" && !_used.Contains(node))
            {
                throw new WeightsMismatchException(Label(node),
                    $"ONNX node '{Label(node)}' ({node.OpType}) has no counterpart in the DSL definition: the ONNX graph has more operations than the network.");
            }
        }
    }

    /// <summary>Back to the state before <paramref name="choice"/>'s DSL node.</summary>
    private void Restore(Choice choice)
    {
        for (int i = _usedLog.Count - 1; i >= choice.Used; i--) _used.Remove(_usedLog[i]);
        _usedLog.RemoveRange(choice.Used, _usedLog.Count - choice.Used);
        for (int i = _nchwLog.Count - 1; i >= choice.Nchw; i--) _nchwFlattened.Remove(_nchwLog[i]);
        _nchwLog.RemoveRange(choice.Nchw, _nchwLog.Count - choice.Nchw);
        Folded.RemoveRange(choice.Folded, Folded.Count - choice.Folded);
        foreach (string name in Staged.Keys.ToList())
        {
            if (!Weights.Contains(name) || Weights.Info(name).Node >= choice.Node) Staged.Remove(name);
        }
        int matches = Math.Max(0, choice.Node - 1);
        _matches.RemoveRange(matches, _matches.Count - matches);
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
                Take(next[0]);
                value = next[0].Output[0];
                continue;
            }
            string continuation = next.Count == 0 ? "nothing (its value is not a graph output)" : string.Join(", ", next.Select(n => $"{n.OpType} '{Label(n)}'"));
            throw new WeightsMismatchException(last.Name,
                $"The DSL network ends at layer {last.Label} (output {last.Output}), but in the ONNX graph its value '{_values[^1]}' goes on to {continuation}.");
        }
    }

    // ---- what operations use ----------------------------------------------------------------------------------

    /// <summary>Marks <paramref name="node"/> as matched and records it for the layer.</summary>
    public void Take(NodeProto node, List<NodeProto> covered)
    {
        Take(node);
        covered.Add(node);
    }

    /// <summary>Marks <paramref name="node"/> as matched without recording it (graph input and output layout nodes).</summary>
    public void Take(NodeProto node)
    {
        if (_used.Add(node)) _usedLog.Add(node);
    }

    /// <summary>The single unmatched reader of <paramref name="value"/> when it is one of <paramref name="types"/>, taken; otherwise null.</summary>
    public NodeProto? TakeSingle(string value, List<NodeProto> covered, params string[] types)
    {
        var next = Unused(value);
        if (next.Count != 1 || !types.Contains(next[0].OpType)) return null;
        Take(next[0], covered);
        return next[0];
    }

    /// <summary>
    /// An unmatched reader of <paramref name="input"/> of one of <paramref name="ops"/> without a problem, taken. When
    /// several fit, the first is taken and the others are kept as alternatives for the search.
    /// </summary>
    public NodeProto Pick(NodeInfo node, string input, string[] ops, Func<NodeProto, string?> problem, List<NodeProto> covered)
    {
        var readers = Unused(input);
        var fitting = new List<NodeProto>();
        NodeProto? firstWrong = null;
        string? firstProblem = null;
        foreach (var candidate in readers)
        {
            if (!ops.Contains(candidate.OpType) || candidate.Input.Count == 0 || candidate.Input[0] != input) continue;
            string? p = problem(candidate);
            if (p is null) fitting.Add(candidate);
            else if (firstWrong is null)
            {
                firstWrong = candidate;
                firstProblem = p;
            }
        }
        if (fitting.Count > 0)
        {
            int index = 0;
            if (_replay is { } replay && replay.Node == _nodeStart.Node)
            {
                index = replay.Index;
                _replay = null;
            }
            else if (fitting.Count > 1 && (_choices.Count == 0 || _choices[^1] != _nodeStart))
            {
                _nodeStart.Count = fitting.Count;
                _choices.Add(_nodeStart);
            }
            Take(fitting[index], covered);
            return fitting[index];
        }
        if (firstWrong is not null) throw Mismatch(node, firstWrong, firstProblem!);
        string found = readers.Count == 0 ? "no unmatched ONNX node reads it" : "it is read by " + string.Join(", ", readers.Select(n => $"{n.OpType} '{Label(n)}'"));
        throw new WeightsMismatchException(node.Name,
            $"DSL layer {node.Label} ({DescribeDsl(node)}) has no ONNX counterpart: expected a {string.Join(" or ", ops)} reading ONNX value '{input}', but {found}.");
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
        => new(node.Name, $"DSL layer {node.Label} ({DescribeDsl(node)}) and ONNX node '{Label(onnx)}' ({DescribeOnnx(onnx)}) differ in {problem}.");

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
