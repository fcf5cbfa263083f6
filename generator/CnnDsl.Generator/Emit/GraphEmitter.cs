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
        w.Line("    // GraphNode(id, op, name, input h, w, c, output h, w, c, multiply-adds, parameters, input ids...) with { the operation's fields }");
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
        w.Line("    // GraphTensor(node id, name, dimensions...)");
        foreach (var node in model.Nodes)
        {
            foreach (var (name, shape) in ParameterTensors.For(node))
                w.Line("    GraphTensor(" + CSharpLiteral.Int(node.Id) + ", " + CSharpLiteral.String(name) + ", " + string.Join(", ", shape.Select(d => CSharpLiteral.Int(d))) + "),");
        }
        w.Line("};");
        w.Line();
        // One short row per node and tensor instead of a full constructor call each: most of the class's rows.
        w.Line("private static global::CnnDsl.NodeInfo GraphNode(int id, global::CnnDsl.Op op, string name, int inputHeight, int inputWidth, int inputChannels, int outputHeight, int outputWidth, int outputChannels, long multiplyAdds, long parameters, params int[] inputs)");
        w.Line("    => new(id, op, name, inputs, new global::CnnDsl.TensorShape(inputHeight, inputWidth, inputChannels), new global::CnnDsl.TensorShape(outputHeight, outputWidth, outputChannels)) { MultiplyAdds = multiplyAdds, Parameters = parameters };");
        w.Line();
        w.Line("private static global::CnnDsl.TensorInfo GraphTensor(int node, string name, params int[] shape) => new(name, shape, node);");
    }

    private static string NodeLiteral(Node node)
    {
        var init = new List<string>(OperationEmitters.For(node.Op).NodeInfo(node));
        if (node.Act != Act.None) init.Add("Act = global::CnnDsl.Act." + node.Act);
        if (!node.Trainable) init.Add("Trainable = false");
        if (node.WrittenAs is not null) init.Add("WrittenAs = " + CSharpLiteral.String(node.WrittenAs));

        string head = "GraphNode(" + CSharpLiteral.Int(node.Id) + ", global::CnnDsl.Op." + node.Op + ", " + CSharpLiteral.String(node.Name)
            + ", " + Dimensions(node.Input) + ", " + Dimensions(node.Output) + ", " + CSharpLiteral.Long(node.MultiplyAdds) + ", " + CSharpLiteral.Long(node.Parameters)
            + string.Concat(node.Inputs.Select(i => ", " + CSharpLiteral.Int(i))) + ")";
        return init.Count == 0 ? head : head + " with { " + string.Join(", ", init) + " }";
    }

    private static string Dimensions(Shape shape)
        => CSharpLiteral.Int(shape.Height) + ", " + CSharpLiteral.Int(shape.Width) + ", " + CSharpLiteral.Int(shape.Channels);
}
