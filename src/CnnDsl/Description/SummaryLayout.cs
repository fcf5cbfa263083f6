using System.Collections.Generic;
using System.Text;
using CnnDsl.Text;

namespace CnnDsl;

/// <summary>
/// Lays out the table a generated network's <c>Summary()</c> returns (one row per layer attribute, composite blocks'
/// inner operations indented below): columns padded to their widest cell, numbers right-aligned. The generator writes
/// only the cells, so the padding costs no generated source.
/// </summary>
public static class SummaryLayout
{
    /// <summary>Cells per row: layer (type), arguments, output shape, params, MACs, share.</summary>
    public const int Columns = 6;

    private static readonly string[] Header = { "Layer (type)", "Arguments", "Output shape", "Params", "MACs", "Share" };

    /// <summary>
    /// The table: <paramref name="title"/>, a double rule, the header, a rule, the rows of <paramref name="cells"/>
    /// (<see cref="Columns"/> a row), a double rule, then <paramref name="footer"/> as it is.
    /// </summary>
    /// <exception cref="System.ArgumentException">The number of cells is not a multiple of <see cref="Columns"/>.</exception>
    public static string Table(string title, string footer, params string[] cells)
    {
        if (cells.Length % Columns != 0)
            throw new System.ArgumentException("cells must be " + Columns + " a row (layer, arguments, output shape, params, MACs, share), got " + cells.Length, nameof(cells));
        var widths = new int[Columns];
        for (int c = 0; c < Columns; c++)
        {
            widths[c] = Header[c].Length;
            for (int i = c; i < cells.Length; i += Columns) widths[c] = System.Math.Max(widths[c], cells[i].Length);
        }

        int total = 0;
        foreach (int w in widths) total += w + 2;
        string rule = new('-', total - 2);
        string doubleRule = new('=', total - 2);

        var text = new StringBuilder();
        text.Append(title).Append('\n');
        text.Append(doubleRule).Append('\n');
        AppendRow(text, Header, 0, widths);
        text.Append(rule).Append('\n');
        for (int i = 0; i < cells.Length; i += Columns) AppendRow(text, cells, i, widths);
        text.Append(doubleRule).Append('\n');
        text.Append(footer);
        return text.ToString();
    }

    /// <summary>
    /// The table of a generated network from what its members already state, as the overload below makes it with each
    /// indented row's arguments described from its <paramref name="graph"/> node.
    /// </summary>
    /// <exception cref="System.ArgumentException">Not two node numbers per layer.</exception>
    public static string Table(string title, string footer, long multiplyAdds, IReadOnlyList<LayerInfo> layers, IReadOnlyList<NodeInfo> graph, int[] layerNodes)
    {
        System.ArgumentNullException.ThrowIfNull(layers);
        System.ArgumentNullException.ThrowIfNull(graph);
        System.ArgumentNullException.ThrowIfNull(layerNodes);
        var arguments = new List<string>();
        for (int i = 1; i < layerNodes.Length; i += 2)
        {
            if (layerNodes[i] <= 1) continue;
            for (int n = layerNodes[i - 1]; n < layerNodes[i - 1] + layerNodes[i] && n < graph.Count; n++) arguments.Add(NodeDescription.Of(graph[n]));
        }
        return Table(title, footer, multiplyAdds, layers, graph, layerNodes, arguments.ToArray());
    }

    /// <summary>
    /// The table of a generated network from what its members already state: one row per entry of
    /// <paramref name="layers"/> (its share of <paramref name="multiplyAdds"/>), and below a layer of several nodes one
    /// indented row per node of <paramref name="graph"/> (its name after the layer's, output shape, parameters and
    /// multiply-adds) with its arguments taken in order from <paramref name="nodeArguments"/>. <paramref name="layerNodes"/>
    /// holds each layer's first node id and node count.
    /// </summary>
    /// <exception cref="System.ArgumentException">The lists do not match: not two node numbers per layer, or not one argument per indented row.</exception>
    public static string Table(string title, string footer, long multiplyAdds, IReadOnlyList<LayerInfo> layers, IReadOnlyList<NodeInfo> graph, int[] layerNodes, params string[] nodeArguments)
    {
        System.ArgumentNullException.ThrowIfNull(layers);
        System.ArgumentNullException.ThrowIfNull(graph);
        System.ArgumentNullException.ThrowIfNull(layerNodes);
        System.ArgumentNullException.ThrowIfNull(nodeArguments);
        if (layerNodes.Length != 2 * layers.Count)
            throw new System.ArgumentException("layerNodes must hold a first node id and a node count for each of the " + layers.Count + " layers, got " + layerNodes.Length + " numbers", nameof(layerNodes));
        var cells = new List<string>();
        int argument = 0;
        for (int i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            cells.AddRange(new[]
            {
                layer.Name + " (" + layer.Kind + ")", layer.Description, layer.Output.ToString(),
                CostFormat.Full(layer.Parameters), CostFormat.Full(layer.MultiplyAdds), CostFormat.Share(layer.MultiplyAdds, multiplyAdds),
            });
            int first = layerNodes[2 * i], count = layerNodes[(2 * i) + 1];
            if (count <= 1) continue;
            for (int n = first; n < first + count; n++)
            {
                if (argument == nodeArguments.Length) break;
                var node = graph[n];
                cells.AddRange(new[]
                {
                    "  " + node.Name.Substring(layer.Name.Length).TrimStart('.'), nodeArguments[argument++], node.Output.ToString(),
                    CostFormat.Full(node.Parameters), CostFormat.Full(node.MultiplyAdds), "",
                });
            }
        }
        if (argument != nodeArguments.Length || cells.Count != CountRows(layerNodes) * Columns)
            throw new System.ArgumentException("nodeArguments must hold one entry per node of the layers of several nodes", nameof(nodeArguments));
        return Table(title, footer, cells.ToArray());
    }

    /// <summary>Rows of the table: one per layer, plus one per node of each layer of several nodes.</summary>
    private static int CountRows(int[] layerNodes)
    {
        int rows = 0;
        for (int i = 1; i < layerNodes.Length; i += 2) rows += 1 + (layerNodes[i] > 1 ? layerNodes[i] : 0);
        return rows;
    }

    private static void AppendRow(StringBuilder text, string[] cells, int start, int[] widths)
    {
        for (int c = 0; c < Columns; c++)
        {
            bool numeric = c >= 3;
            string cell = cells[start + c];
            text.Append(numeric ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]));
            if (c < Columns - 1) text.Append("  ");
        }
        // Trailing spaces would make golden files fragile.
        while (text.Length > 0 && text[text.Length - 1] == ' ') text.Length--;
        text.Append('\n');
    }
}
