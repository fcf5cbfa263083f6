using System.Collections.Generic;
using System.Text;
using CnnDsl.Model;
using CnnDsl.Text;

namespace CnnDsl.Generator.Emit;

/// <summary>
/// What <c>Summary()</c> returns, in the spirit of torchinfo and Keras: one row per layer attribute with its output
/// shape, parameters, MACs and share of the total, composite blocks' inner operations indented below. Every number is
/// a constant, so the cells are computed here; the runtime's <c>SummaryLayout</c> pads them into the table.
/// </summary>
internal static class SummaryTable
{
    /// <summary>The first line: the class and its input and output shapes.</summary>
    public static string Title(NetworkSpec spec, NetworkModel model)
        => spec.ClassName + ": input " + model.Input + ", output " + model.Output + " (NHWC, float32)";

    /// <summary>Six cells a row (layer, arguments, output shape, params, MACs, share), in the table's order.</summary>
    public static IEnumerable<string[]> Rows(NetworkModel model)
    {
        long totalMacs = model.MultiplyAdds;
        foreach (var row in model.Layers)
        {
            yield return new[]
            {
                row.Name + " (" + row.Kind + ")", row.Description, row.Output.ToString(),
                CostFormat.Full(row.Parameters), CostFormat.Full(row.MultiplyAdds), CostFormat.Share(row.MultiplyAdds, totalMacs),
            };
            if (row.NodeCount <= 1) continue;
            for (int n = row.FirstNode; n < row.FirstNode + row.NodeCount; n++)
            {
                var node = model.Nodes[n];
                yield return new[]
                {
                    "  " + node.Name.Substring(row.Name.Length).TrimStart('.'), node.Operation.Describe(), node.Output.ToString(),
                    CostFormat.Full(node.Parameters), CostFormat.Full(node.MultiplyAdds), "",
                };
            }
        }
    }

    /// <summary>The lines below the table: total multiply-adds and parameters (and the frozen part), each ending in a newline.</summary>
    public static string Footer(NetworkModel model)
    {
        long totalMacs = model.MultiplyAdds;
        var text = new StringBuilder();
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
}
