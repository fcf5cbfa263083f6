using System;
using System.Collections;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;

namespace CnnDsl;

/// <summary>
/// Reads the rows of a generated network's <c>Graph</c>, one per node: its id, its name and a short text of what it
/// is, e.g. <c>{ 1, "stem", "Conv 0 -> 300x300x64 k3x3 s2 p0,0,1,1 bias Swish" }</c>: the operation, the ids of the
/// nodes it reads, its output shape and the operation's fields where they differ from <see cref="NodeInfo"/>'s
/// defaults (<c>k</c> kernel, <c>s</c> stride, <c>d</c> dilation, <c>p</c> pads all four or top,left,bottom,right,
/// <c>g</c> groups, <c>bias</c>, <c>bn</c> batch normalization, <c>eps</c> its epsilon,
/// <c>countpad</c>, <c>rate</c>, <c>frozen</c>, and the activation by name). The input shape is the first input's
/// output unless the row gives it before the arrow; the filters are the output channels; parameters and
/// multiply-adds follow from the parameter tensors, as <see cref="Tensors"/> lists them. For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GraphRows : IEnumerable<NodeInfo>
{
    private readonly List<NodeInfo> _nodes = new();

    /// <summary>The nodes read so far, in order.</summary>
    public NodeInfo[] Nodes => _nodes.ToArray();

    /// <summary>Reads the next node's row.</summary>
    /// <exception cref="FormatException">The row does not read as a node after the ones before it.</exception>
    public void Add(int id, string name, string row) => Add(id, name, row, null);

    /// <summary>Reads the next node's row, a node inside a used block that the definition wrote as <paramref name="writtenAs"/>.</summary>
    /// <exception cref="FormatException">The row does not read as a node after the ones before it.</exception>
    public void Add(int id, string name, string row, string? writtenAs)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(row);
        if (id != _nodes.Count) throw Bad(name, row, "id " + id.ToString(CultureInfo.InvariantCulture) + " where node " + _nodes.Count.ToString(CultureInfo.InvariantCulture) + " comes next");
        _nodes.Add(Read(id, name, row, writtenAs));
    }

    /// <summary>Every parameter tensor of <paramref name="graph"/>, node by node, named and shaped in the canonical layout.</summary>
    public static TensorInfo[] Tensors(IReadOnlyList<NodeInfo> graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var tensors = new List<TensorInfo>();
        foreach (var node in graph)
            foreach (var tensor in NodeTensors.Of(node, batchNorm: true)) tensors.Add(new TensorInfo(tensor.Name, tensor.Shape, node.Id));
        return tensors.ToArray();
    }

    /// <inheritdoc/>
    public IEnumerator<NodeInfo> GetEnumerator() => _nodes.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private NodeInfo Read(int id, string name, string row, string? writtenAs)
    {
        string[] tokens = row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length < 2 || !Enum.TryParse(tokens[0], out Op op) || !char.IsUpper(tokens[0][0])) throw Bad(name, row, "no operation first");
        int at = 1;
        int[] inputs;
        TensorShape input, output;
        if (op == Op.Input)
        {
            inputs = Array.Empty<int>();
            input = output = Shape(name, row, tokens[at++]);
        }
        else
        {
            string[] ids = tokens[at++].Split(',');
            inputs = new int[ids.Length];
            for (int k = 0; k < ids.Length; k++)
            {
                inputs[k] = Int(name, row, ids[k]);
                if (inputs[k] < 0 || inputs[k] >= id) throw Bad(name, row, "input " + ids[k] + " does not come before it");
            }
            input = tokens[at] == "->" ? _nodes[inputs[0]].Output : Shape(name, row, tokens[at++]);
            if (at + 1 >= tokens.Length || tokens[at] != "->") throw Bad(name, row, "no '-> output shape'");
            output = Shape(name, row, tokens[at + 1]);
            at += 2;
        }

        bool weighted = op is Op.Conv or Op.DepthwiseConv or Op.Dense;
        var node = new NodeInfo(id, op, name, inputs, input, output) { WrittenAs = writtenAs, Filters = weighted ? output.Channels : 0 };
        for (; at < tokens.Length; at++)
        {
            string t = tokens[at];
            if (t == "bias") node = node with { Bias = true };
            else if (t == "bn") node = node with { BatchNorm = true };
            else if (t == "countpad") node = node with { CountIncludePad = true };
            else if (t == "frozen") node = node with { Trainable = false };
            else if (t.StartsWith("eps", StringComparison.Ordinal)) node = node with { Epsilon = Float(name, row, t[3..]) };
            else if (t.StartsWith("rate", StringComparison.Ordinal)) node = node with { Rate = Float(name, row, t[4..]) };
            else if (t[0] == 'k') { var (h, w) = Pair(name, row, t); node = node with { KernelH = h, KernelW = w }; }
            else if (t[0] == 's') { var (h, w) = Pair(name, row, t); node = node with { StrideH = h, StrideW = w }; }
            else if (t[0] == 'd') { var (h, w) = Pair(name, row, t); node = node with { DilationH = h, DilationW = w }; }
            else if (t[0] == 'g') node = node with { Groups = Int(name, row, t[1..]) };
            else if (t[0] == 'p')
            {
                string[] p = t[1..].Split(',');
                if (p.Length == 1) { int all = Int(name, row, p[0]); node = node with { PadTop = all, PadLeft = all, PadBottom = all, PadRight = all }; }
                else if (p.Length == 4) node = node with { PadTop = Int(name, row, p[0]), PadLeft = Int(name, row, p[1]), PadBottom = Int(name, row, p[2]), PadRight = Int(name, row, p[3]) };
                else throw Bad(name, row, "pads '" + t + "' are neither one number nor four");
            }
            else if (char.IsUpper(t[0]) && Enum.TryParse(t, out Act act)) node = node with { Act = act };
            else throw Bad(name, row, "'" + t + "' is not a field");
        }

        long parameters = 0, weights = 0;
        foreach (var tensor in NodeTensors.Of(node, batchNorm: false))
        {
            long length = 1;
            foreach (int d in tensor.Shape) length *= d;
            if (weights == 0) weights = length;
            parameters += length;
        }
        // Multiply-adds are counted for convolutions and dense layers (the papers' convention): each weight once per output position.
        long positions = (long)output.Height * output.Width;
        return node with { Parameters = parameters, MultiplyAdds = weighted ? positions * weights : 0 };
    }

    private static (int H, int W) Pair(string name, string row, string token)
    {
        string[] parts = token[1..].Split('x');
        if (parts.Length == 1) { int both = Int(name, row, parts[0]); return (both, both); }
        if (parts.Length == 2) return (Int(name, row, parts[0]), Int(name, row, parts[1]));
        throw Bad(name, row, "'" + token + "' is neither one number nor two");
    }

    private static TensorShape Shape(string name, string row, string token)
    {
        string[] parts = token.Split('x');
        if (parts.Length != 3) throw Bad(name, row, "'" + token + "' is not a shape HxWxC");
        return new TensorShape(Int(name, row, parts[0]), Int(name, row, parts[1]), Int(name, row, parts[2]));
    }

    private static int Int(string name, string row, string text)
        => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : throw Bad(name, row, "'" + text + "' is not a whole number");

    private static float Float(string name, string row, string text)
        => float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) ? value : throw Bad(name, row, "'" + text + "' is not a number");

    private static FormatException Bad(string name, string row, string problem)
        => new("Graph row of node '" + name + "' (\"" + row + "\"): " + problem + ".");
}
