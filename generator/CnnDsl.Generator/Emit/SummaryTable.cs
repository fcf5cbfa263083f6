using System.Collections.Generic;
using System.Text;
using CnnDsl.Model;
using CnnDsl.Text;

namespace CnnDsl.Generator.Emit;

/// <summary>
/// The text that <c>Summary()</c> returns, in the spirit of torchinfo and Keras: one row per layer attribute with
/// its output shape, parameters, MACs and share of the total, composite blocks' inner operations indented below.
/// Built at compile time, since every number in it is a constant.
/// </summary>
internal static class SummaryTable
{
    public static string Build(NetworkSpec spec, NetworkModel model)
    {
        long totalMacs = model.MultiplyAdds;
        var lines = new List<string[]>();
        foreach (var row in model.Layers)
        {
            lines.Add(new[]
            {
                row.Name + " (" + row.Kind + ")", row.Description, row.Output.ToString(),
                CostFormat.Full(row.Parameters), CostFormat.Full(row.MultiplyAdds), CostFormat.Share(row.MultiplyAdds, totalMacs),
            });
            if (row.NodeCount <= 1) continue;
            for (int n = row.FirstNode; n < row.FirstNode + row.NodeCount; n++)
            {
                var node = model.Nodes[n];
                lines.Add(new[]
                {
                    "  " + node.Name.Substring(row.Name.Length).TrimStart('.'), node.Operation.Describe(), node.Output.ToString(),
                    CostFormat.Full(node.Parameters), CostFormat.Full(node.MultiplyAdds), "",
                });
            }
        }

        var header = new[] { "Layer (type)", "Arguments", "Output shape", "Params", "MACs", "Share" };
        var widths = new int[header.Length];
        for (int c = 0; c < header.Length; c++)
        {
            widths[c] = header[c].Length;
            foreach (var line in lines) widths[c] = System.Math.Max(widths[c], line[c].Length);
        }

        int total = 0;
        foreach (int w in widths) total += w + 2;
        string rule = new('-', total - 2);
        string doubleRule = new('=', total - 2);

        var text = new StringBuilder();
        text.Append(spec.ClassName).Append(": input ").Append(model.Input).Append(", output ").Append(model.Output).Append(" (NHWC, float32)\n");
        text.Append(doubleRule).Append('\n');
        AppendRow(text, header, widths);
        text.Append(rule).Append('\n');
        foreach (var line in lines) AppendRow(text, line, widths);
        text.Append(doubleRule).Append('\n');
        text.Append("Multiply-adds: ").Append(CostFormat.Full(totalMacs)).Append(" (").Append(CostFormat.Short(totalMacs)).Append(")\n");
        text.Append("Parameters:    ").Append(CostFormat.Full(model.Parameters)).Append(" (").Append(CostFormat.Short(model.Parameters)).Append(")");
        if (model.BatchNormParameters > 0)
            text.Append(", plus ").Append(CostFormat.Full(model.BatchNormParameters)).Append(" batch-norm scale/shift");
        text.Append('\n');
        long trainable = model.TrainableParameters;
        if (trainable != model.Parameters)
            text.Append("Trainable:     ").Append(CostFormat.Full(trainable)).Append(" (frozen: ").Append(CostFormat.Full(model.Parameters - trainable)).Append(")\n");
        return text.ToString();
    }

    private static void AppendRow(StringBuilder text, string[] cells, int[] widths)
    {
        for (int c = 0; c < cells.Length; c++)
        {
            bool numeric = c >= 3;
            string cell = numeric ? cells[c].PadLeft(widths[c]) : cells[c].PadRight(widths[c]);
            text.Append(cell);
            if (c < cells.Length - 1) text.Append("  ");
        }
        // Trailing spaces would make golden files fragile.
        while (text.Length > 0 && text[text.Length - 1] == ' ') text.Length--;
        text.Append('\n');
    }
}
