using System;
using System.IO;
using Google.Protobuf;
using Onnx;
using static CnnDsl.Onnx.OnnxGraphWriter;

namespace CnnDsl.Onnx;

/// <summary>
/// Writes a network and its weights as an ONNX model (opset <see cref="Opset"/>). The model's input and output are
/// NHWC <c>[N, H, W, C]</c> with a dynamic batch N, as CnnDsl stores images; Transpose nodes convert to and from the
/// NCHW layout the ONNX operators use. Initializers carry the canonical tensor names (<c>conv1.weight</c>, ...).
/// </summary>
public static class OnnxExporter
{
    /// <summary>The ONNX operator set the exported models use (HardSwish needs 14; 17 is widely supported).</summary>
    public const int Opset = 17;

    /// <summary>The ONNX IR version that goes with <see cref="Opset"/>.</summary>
    public const int IrVersion = 8;

    /// <summary>Name of the model's NHWC input.</summary>
    public const string InputName = "input";

    /// <summary>Name of the model's NHWC output.</summary>
    public const string OutputName = "output";

    /// <summary>The ONNX model of <paramref name="weights"/>' network, serialized.</summary>
    public static byte[] Export(NetworkWeights weights, string graphName = "cnndsl")
        => BuildModel(weights, graphName).ToByteArray();

    /// <summary>Writes the ONNX model of <paramref name="weights"/>' network to <paramref name="destination"/>.</summary>
    public static void Export(NetworkWeights weights, Stream destination, string graphName = "cnndsl")
    {
        ArgumentNullException.ThrowIfNull(destination);
        BuildModel(weights, graphName).WriteTo(destination);
    }

    private static ModelProto BuildModel(NetworkWeights weights, string graphName)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentException.ThrowIfNullOrWhiteSpace(graphName);
        var graph = weights.Graph;
        if (graph.Count < 2 || graph[0].Op != Op.Input) throw new ArgumentException("The network's graph must start with its input node and have at least one operation.", nameof(weights));

        var writer = new OnnxGraphWriter(graphName);
        foreach (var tensor in weights.Tensors) writer.AddInitializer(tensor.Name, tensor.Shape, weights[tensor.Name]);

        // NCHW value of every node; the body works in NCHW as the ONNX operators expect.
        var values = new string[graph.Count];
        values[0] = OnnxOperations.For(Op.Input).Export(writer, graph[0], []);
        writer.Reserve(OutputName);
        for (int id = 1; id < graph.Count; id++)
        {
            var node = graph[id];
            var inputs = new string[node.Inputs.Count];
            for (int k = 0; k < inputs.Length; k++) inputs[k] = values[node.Inputs[k]];
            string value = OnnxOperations.For(node.Op).Export(writer, node, inputs);
            if (node.BatchNorm) value = BatchNormOperation.Write(writer, node, value, node.Name + ".bn.");
            values[id] = OnnxActivation.Export(writer, node, value);
        }

        var last = graph[^1];
        var outputNode = new NodeProto { OpType = "Transpose", Name = OutputName };
        outputNode.Input.Add(values[^1]);
        outputNode.Output.Add(OutputName);
        outputNode.Attribute.Add(Ints("perm", 0, 2, 3, 1));
        writer.Graph.Node.Add(outputNode);
        writer.Graph.Output.Add(FloatTensor(OutputName, "N", last.Output.Height, last.Output.Width, last.Output.Channels));

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "CnnDsl",
            ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "",
            Graph = writer.Graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return model;
    }
}
