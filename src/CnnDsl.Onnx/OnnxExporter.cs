using System;
using System.Collections.Generic;
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

        var inputShape = graph[0].Output;
        writer.Graph.Input.Add(FloatTensor(writer.Reserve(InputName), "N", inputShape.Height, inputShape.Width, inputShape.Channels));
        writer.Reserve(OutputName);

        // NCHW value of every node; the body works in NCHW as the ONNX operators expect.
        var values = new string[graph.Count];
        values[0] = writer.Add("Transpose", "input_nchw", [InputName], Ints("perm", 0, 3, 1, 2));
        for (int id = 1; id < graph.Count; id++)
        {
            var node = graph[id];
            var inputs = new string[node.Inputs.Count];
            for (int k = 0; k < inputs.Length; k++) inputs[k] = values[node.Inputs[k]];
            string value = Operation(writer, node, inputs);
            if (node.BatchNorm) value = BatchNormalization(writer, node, value, node.Name + ".bn.");
            values[id] = Activation(writer, node, value);
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

    /// <summary>The node's operation without its fused batch norm and activation; returns its NCHW output.</summary>
    private static string Operation(OnnxGraphWriter writer, NodeInfo node, string[] inputs)
    {
        string name = node.Name;
        switch (node.Op)
        {
            case Op.Conv:
            case Op.DepthwiseConv:
            {
                var convInputs = new List<string> { inputs[0], name + ".weight" };
                if (node.Bias) convInputs.Add(name + ".bias");
                var attributes = new List<AttributeProto>(Window(node));
                if (node.DilationH != 1 || node.DilationW != 1) attributes.Add(Ints("dilations", node.DilationH, node.DilationW));
                if (node.Op == Op.DepthwiseConv) attributes.Add(Int("group", node.Input.Channels));
                else if (node.Groups != 1) attributes.Add(Int("group", node.Groups));
                return writer.Add("Conv", name, convInputs, [.. attributes]);
            }
            case Op.MaxPool:
                return writer.Add("MaxPool", name, [inputs[0]], Window(node));
            case Op.AvgPool:
                return writer.Add("AveragePool", name, [inputs[0]], [.. Window(node), Int("count_include_pad", node.CountIncludePad ? 1 : 0)]);
            case Op.GlobalAvgPool:
                return writer.Add("GlobalAveragePool", name, [inputs[0]]);
            case Op.Dense:
            {
                // The weights' inFeatures run in NHWC-flatten order: flatten the NHWC view, not the NCHW one.
                string features = FlattenNhwc(writer, name, inputs[0]);
                var gemmInputs = new List<string> { features, name + ".weight" };
                if (node.Bias) gemmInputs.Add(name + ".bias");
                string units = writer.Add("Gemm", name + "/gemm", gemmInputs, Int("transB", 1));
                return AsChannels(writer, name, units);
            }
            case Op.Flatten:
                return AsChannels(writer, name, FlattenNhwc(writer, name, inputs[0]));
            case Op.BatchNorm:
                return BatchNormalization(writer, node, inputs[0], name + ".");
            case Op.Activation:
            case Op.Dropout:
                return inputs[0]; // identity at inference; the activation follows
            case Op.Add:
            {
                string sum = inputs[0];
                for (int k = 1; k < inputs.Length; k++) sum = writer.Add("Add", k == inputs.Length - 1 ? name : name + "/add", [sum, inputs[k]]);
                return sum;
            }
            case Op.Concat:
                return writer.Add("Concat", name, inputs, Int("axis", 1));
            case Op.Scale:
                // NCHW [N, C, H, W] times the gate [N, C, 1, 1]: ONNX broadcasting repeats it over height and width.
                return writer.Add("Mul", name, [inputs[0], inputs[1]]);
            default:
                throw new NotSupportedException($"Node '{name}': ONNX export does not know operation {node.Op}.");
        }
    }

    private static AttributeProto[] Window(NodeInfo node) =>
    [
        Ints("kernel_shape", node.KernelH, node.KernelW),
        Ints("strides", node.StrideH, node.StrideW),
        // ONNX orders pads as (begin of each axis, then end of each axis).
        Ints("pads", node.PadTop, node.PadLeft, node.PadBottom, node.PadRight),
    ];

    private static string BatchNormalization(OnnxGraphWriter writer, NodeInfo node, string input, string prefix)
        => writer.Add("BatchNormalization", node.Name + "/bn",
            [input, prefix + "weight", prefix + "bias", prefix + "running_mean", prefix + "running_var"],
            Float("epsilon", node.Epsilon));

    /// <summary>NCHW [N, C, H, W] to [N, H*W*C] in NHWC order.</summary>
    private static string FlattenNhwc(OnnxGraphWriter writer, string name, string input)
    {
        string nhwc = writer.Add("Transpose", name + "/nhwc", [input], Ints("perm", 0, 2, 3, 1));
        return writer.Add("Flatten", name + "/flatten", [nhwc], Int("axis", 1));
    }

    /// <summary>[N, F] to NCHW [N, F, 1, 1], so that every node's value is 4-D.</summary>
    private static string AsChannels(OnnxGraphWriter writer, string name, string features)
        => writer.Add("Reshape", name + "/nchw", [features, writer.AddInt64Constant(name + "/shape", 0, -1, 1, 1)]);

    private static string Activation(OnnxGraphWriter writer, NodeInfo node, string input)
    {
        string name = node.Name + "/" + node.Act.ToString().ToLowerInvariant();
        switch (node.Act)
        {
            case Act.None:
                return input;
            case Act.Relu:
                return writer.Add("Relu", name, [input]);
            case Act.Relu6:
                return writer.Add("Clip", name, [input, writer.AddScalar(name + "/min", 0f), writer.AddScalar(name + "/max", 6f)]);
            case Act.Sigmoid:
                return writer.Add("Sigmoid", name, [input]);
            case Act.Swish:
                return writer.Add("Mul", name, [input, writer.Add("Sigmoid", name + "/sigmoid", [input])]);
            case Act.HardSwish:
                return writer.Add("HardSwish", name, [input]);
            case Act.Softmax:
                return writer.Add("Softmax", name, [input], Int("axis", 1)); // axis 1 of NCHW: the channels
            default:
                throw new NotSupportedException($"Node '{node.Name}': ONNX export does not know activation {node.Act}.");
        }
    }
}
