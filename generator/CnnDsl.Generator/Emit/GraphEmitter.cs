using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CnnDsl.Generator.Emit.Operations;
using CnnDsl.Model;

namespace CnnDsl.Generator.Emit;

/// <summary>
/// Emits the lowered graph (<c>Graph</c>) and the parameter tensor list (<c>Tensors</c>): the runtime description
/// that weight import and export, the reference implementation and ONNX export read.
/// </summary>
internal static class GraphEmitter
{
    public static void Emit(IndentedWriter w, NetworkModel model, CancellationToken cancellationToken)
    {
        w.Line("/// <summary>The lowered graph: primitive operations in topological order, node 0 the input.</summary>");
        w.Line("public static global::System.Collections.Generic.IReadOnlyList<global::CnnDsl.NodeInfo> Graph { get; } = new global::CnnDsl.NodeInfo[]");
        w.Line("{");
        foreach (var node in model.Nodes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            w.Line("    " + NodeLiteral(node) + ",");
        }
        w.Line("};");
        w.Line();
        w.Line("/// <summary>Every parameter tensor, named and shaped in the canonical interchange layout (OIHW convolutions).</summary>");
        w.Line("public static global::System.Collections.Generic.IReadOnlyList<global::CnnDsl.TensorInfo> Tensors { get; } = new global::CnnDsl.TensorInfo[]");
        w.Line("{");
        foreach (var node in model.Nodes)
        {
            foreach (var (name, shape) in ParameterTensors.For(node))
            {
                w.Line("    new global::CnnDsl.TensorInfo(" + CSharpLiteral.String(name) + ", new int[] { "
                    + string.Join(", ", shape.Select(d => CSharpLiteral.Int(d))) + " }, " + CSharpLiteral.Int(node.Id) + "),");
            }
        }
        w.Line("};");
    }

    private static string NodeLiteral(Node node)
    {
        var init = new List<string>(OperationEmitters.For(node.Op).NodeInfo(node));
        if (node.Act != Act.None) init.Add("Act = global::CnnDsl.Act." + node.Act);
        if (node.MultiplyAdds != 0) init.Add("MultiplyAdds = " + CSharpLiteral.Long(node.MultiplyAdds));
        if (node.Parameters != 0) init.Add("Parameters = " + CSharpLiteral.Long(node.Parameters));
        if (!node.Trainable) init.Add("Trainable = false");
        if (node.WrittenAs is not null) init.Add("WrittenAs = " + CSharpLiteral.String(node.WrittenAs));

        string inputs = node.Inputs.Count == 0 ? "global::System.Array.Empty<int>()" : "new int[] { " + string.Join(", ", node.Inputs.Select(i => CSharpLiteral.Int(i))) + " }";
        string head = "new global::CnnDsl.NodeInfo(" + CSharpLiteral.Int(node.Id) + ", global::CnnDsl.Op." + node.Op + ", " + CSharpLiteral.String(node.Name)
            + ", " + inputs + ", " + NetworkEmitter.Shape(node.Input) + ", " + NetworkEmitter.Shape(node.Output) + ")";
        return init.Count == 0 ? head : head + " { " + string.Join(", ", init) + " }";
    }
}
