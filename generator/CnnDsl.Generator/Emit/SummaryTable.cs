using System.Collections.Generic;
using System.Text;
using CnnDsl.Model;
using CnnDsl.Text;

namespace CnnDsl.Generator.Emit;

/// <summary>
/// What <c>Summary()</c> returns, in the spirit of torchinfo and Keras: one row per layer attribute with its output
/// shape, parameters, MACs and share of the total, composite blocks' inner operations indented below. The runtime's
/// <c>SummaryLayout</c> builds the rows from <c>Layers</c> and <c>Graph</c> (an inner operation's arguments described
/// from its node by the operations' rule, <c>NodeText</c>); the generator writes the title, the footer and where each
/// layer's nodes are.
/// </summary>
internal static class SummaryTable
{
    /// <summary>The first line: the class and its input and output shapes.</summary>
    public static string Title(NetworkSpec spec, NetworkModel model)
        => spec.ClassName + ": input " + model.Input + ", output " + model.Output + " (NHWC, float32)";

    /// <summary>Each layer's first node id and node count, as the runtime's <c>SummaryLayout</c> reads them.</summary>
    public static IEnumerable<int> LayerNodes(NetworkModel model)
    {
        foreach (var row in model.Layers)
        {
            yield return row.FirstNode;
            yield return row.NodeCount;
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
