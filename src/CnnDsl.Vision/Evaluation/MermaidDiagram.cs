using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace CnnDsl.Vision;

/// <summary>
/// A network's architecture as a Mermaid flowchart (GitHub renders Mermaid in Markdown): one box per operation of the
/// lowered graph with its kind and geometry, output shape, multiply-adds and parameters; arrows from each input.
/// Pass a generated class's <c>Graph</c> (or <see cref="INetwork.Graph"/>).
/// </summary>
public static class MermaidDiagram
{
    /// <summary>The flowchart text, top to bottom; <paramref name="title"/> becomes its front-matter title.</summary>
    public static string FromGraph(IReadOnlyList<NodeInfo> graph, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var text = new StringBuilder();
        if (title is not null) text.Append("---\ntitle: ").Append(Escape(title)).Append("\n---\n");
        text.Append("flowchart TD\n");
        foreach (var node in graph)
        {
            text.Append("  n").Append(node.Id.ToString(CultureInfo.InvariantCulture)).Append("[\"").Append(Label(node)).Append("\"]\n");
        }
        foreach (var node in graph)
        {
            foreach (int input in node.Inputs)
                text.Append("  n").Append(input.ToString(CultureInfo.InvariantCulture)).Append(" --> n").Append(node.Id.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>One node's box text: name and operation, output shape, cost.</summary>
    public static string Label(NodeInfo node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var label = new StringBuilder();
        label.Append("<b>").Append(Escape(node.Name)).Append("</b> ").Append(Describe(node));
        label.Append("<br/>").Append(node.Output.ToString());
        if (node.MultiplyAdds > 0) label.Append("<br/>").Append(Short(node.MultiplyAdds)).Append(" MACs");
        if (node.Parameters > 0) label.Append(node.MultiplyAdds > 0 ? ", " : "<br/>").Append(Short(node.Parameters)).Append(" params");
        return label.ToString();
    }

    private static string Describe(NodeInfo node)
    {
        var culture = CultureInfo.InvariantCulture;
        string act = node.Act == Act.None ? "" : " + " + node.Act.ToString();
        string window = string.Create(culture, $"{node.KernelH}x{node.KernelW}/{node.StrideH}");
        return node.Op switch
        {
            Op.Conv => string.Create(culture, $"Conv {window}, {node.Filters}") + (node.BatchNorm ? " + BN" : "") + act,
            Op.DepthwiseConv => "DepthwiseConv " + window + (node.BatchNorm ? " + BN" : "") + act,
            Op.MaxPool or Op.AvgPool => node.Op + " " + window,
            Op.Dense => string.Create(culture, $"Dense {node.Filters}") + act,
            _ => node.Op + act,
        };
    }

    private static string Short(long value)
    {
        var culture = CultureInfo.InvariantCulture;
        return value switch
        {
            >= 1_000_000_000 => (value / 1e9).ToString("0.##", culture) + "G",
            >= 1_000_000 => (value / 1e6).ToString("0.##", culture) + "M",
            >= 1_000 => (value / 1e3).ToString("0.##", culture) + "K",
            _ => value.ToString(culture),
        };
    }

    private static string Escape(string text) => text.Replace("\"", "#quot;", StringComparison.Ordinal).Replace("<", "#lt;", StringComparison.Ordinal).Replace(">", "#gt;", StringComparison.Ordinal);
}
