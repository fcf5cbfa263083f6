using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CnnDsl.Generator.Emit.Operations;
using CnnDsl.Model;

namespace CnnDsl.Generator.Emit;

/// <summary>
/// Emits the lowered graph (<c>Graph</c>) as one short row per node, which the runtime's <c>GraphRows</c> reads, and
/// the parameter tensor list (<c>Tensors</c>), which the runtime derives from it by the operations' rule
/// (<c>ParameterLayout</c>): the runtime description that weight import and export, the reference implementation
/// and ONNX export read.
/// </summary>
internal static class GraphEmitter
{
    public static void Emit(IndentedWriter w, NetworkModel model, CancellationToken cancellationToken)
    {
        w.Line("/// <summary>The lowered graph: primitive operations in topological order, node 0 the input.</summary>");
        w.Line("public static global::System.Collections.Generic.IReadOnlyList<global::CnnDsl.NodeInfo> Graph { get; } = new global::CnnDsl.GraphRows");
        w.Line("{");
        w.Line("    // { id, name, \"operation input ids -> output shape, then its fields (GraphRows)\" }");
        foreach (var node in model.Nodes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            w.Line("    { " + CSharpLiteral.Int(node.Id) + ", " + CSharpLiteral.String(node.Name) + ", " + CSharpLiteral.String(Row(node, model.Nodes))
                + (node.WrittenAs is null ? "" : ", " + CSharpLiteral.String(node.WrittenAs)) + " },");
        }
        w.Line("}.Nodes;");
        w.Line();
        w.Line("/// <summary>Every parameter tensor, named and shaped in the canonical interchange layout (OIHW convolutions).</summary>");
        w.Line("public static global::System.Collections.Generic.IReadOnlyList<global::CnnDsl.TensorInfo> Tensors { get; } = global::CnnDsl.GraphRows.Tensors(Graph);");
    }

    /// <summary>
    /// The node's row: "Conv 0 -> 300x300x64 k3x3 s2 p0,0,1,1 bias Swish". The input shape is written only where it is
    /// not the first input's output; filters, parameters and multiply-adds are left to the runtime, which derives them.
    /// </summary>
    public static string Row(Node node, IReadOnlyList<Node> nodes)
    {
        var fields = new List<string> { node.Op.ToString() };
        if (node.Inputs.Count == 0) fields.Add(node.Output.ToString());
        else
        {
            fields.Add(string.Join(",", node.Inputs.Select(i => CSharpLiteral.Int(i))));
            if (node.Input != nodes[node.Inputs[0]].Output) fields.Add(node.Input.ToString());
            fields.Add("->");
            fields.Add(node.Output.ToString());
        }
        fields.AddRange(OperationEmitters.For(node.Op).NodeInfo(node));
        if (node.Act != Act.None) fields.Add(node.Act.ToString());
        if (!node.Trainable) fields.Add("frozen");
        return string.Join(" ", fields);
    }
}
