using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Google.Protobuf;
using Onnx;

namespace CnnDsl.Tests.Onnx;

/// <summary>
/// Rewrites an exported model into the equivalent forms other exporters write, each from the operator specs:
/// nodes in another order, dense layers as MatMul + Add, explicit padding as a Pad node before the Conv, weights in an
/// external data file.
/// </summary>
internal static class OnnxForms
{
    /// <summary>The same graph with its nodes in a seeded random order (ONNX requires no order for matching).</summary>
    public static byte[] Shuffled(byte[] model, int seed)
    {
        var m = ModelProto.Parser.ParseFrom(model);
        var nodes = m.Graph.Node.ToList();
        var random = new Random(seed);
        for (int i = nodes.Count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (nodes[i], nodes[j]) = (nodes[j], nodes[i]);
        }
        m.Graph.Node.Clear();
        m.Graph.Node.AddRange(nodes);
        return m.ToByteArray();
    }

    /// <summary>Every Gemm(x, W, b, transB = 1) as MatMul(x, W^T) followed by Add(·, b).</summary>
    public static byte[] MatMulAdd(byte[] model)
    {
        var m = ModelProto.Parser.ParseFrom(model);
        var graph = m.Graph;
        foreach (var gemm in graph.Node.Where(n => n.OpType == "Gemm").ToList())
        {
            var w = graph.Initializer.Single(t => t.Name == gemm.Input[1]);
            long units = w.Dims[0], inputs = w.Dims[1];
            float[] values = Floats(w);
            var transposed = new float[values.Length];
            for (int u = 0; u < units; u++) for (int i = 0; i < inputs; i++) transposed[i * units + u] = values[u * inputs + i];
            var wt = new TensorProto { Name = w.Name + "_t", DataType = w.DataType, RawData = ByteString.CopyFrom(Bytes(transposed)) };
            wt.Dims.Add(inputs);
            wt.Dims.Add(units);
            graph.Initializer.Add(wt);
            int at = graph.Node.IndexOf(gemm);
            var matmul = new NodeProto { OpType = "MatMul", Name = gemm.Name + "_matmul" };
            matmul.Input.Add(gemm.Input[0]);
            matmul.Input.Add(wt.Name);
            string product = gemm.Output[0];
            if (gemm.Input.Count > 2)
            {
                product = gemm.Output[0] + "_product";
                var add = new NodeProto { OpType = "Add", Name = gemm.Name + "_bias" };
                add.Input.Add(product);
                add.Input.Add(gemm.Input[2]);
                add.Output.Add(gemm.Output[0]);
                graph.Node.Insert(at + 1, add);
            }
            matmul.Output.Add(product);
            graph.Node[at] = matmul;
            graph.Initializer.Remove(w);
        }
        return m.ToByteArray();
    }

    /// <summary>Every padded Conv as Pad(zeros over H and W) followed by the Conv with zero pads.</summary>
    public static byte[] PadNodes(byte[] model)
    {
        var m = ModelProto.Parser.ParseFrom(model);
        var graph = m.Graph;
        foreach (var conv in graph.Node.Where(n => n.OpType == "Conv").ToList())
        {
            var padsAttribute = conv.Attribute.FirstOrDefault(a => a.Name == "pads");
            if (padsAttribute is null || padsAttribute.Ints.All(p => p == 0)) continue;
            long[] p = padsAttribute.Ints.ToArray(); // [top, left, bottom, right]
            var pads = new TensorProto { Name = conv.Name + "_pads", DataType = (int)TensorProto.Types.DataType.Int64 };
            pads.Dims.Add(8);
            pads.Int64Data.AddRange(new[] { 0, 0, p[0], p[1], 0, 0, p[2], p[3] });
            graph.Initializer.Add(pads);
            var pad = new NodeProto { OpType = "Pad", Name = conv.Name + "_pad" };
            pad.Input.Add(conv.Input[0]);
            pad.Input.Add(pads.Name);
            pad.Output.Add(conv.Name + "_padded");
            pad.Attribute.Add(new AttributeProto { Name = "mode", Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8("constant") });
            conv.Input[0] = pad.Output[0];
            padsAttribute.Ints.Clear();
            padsAttribute.Ints.AddRange(new long[4]);
            graph.Node.Insert(graph.Node.IndexOf(conv), pad);
        }
        return m.ToByteArray();
    }

    /// <summary>
    /// Keras's convolutions as tf2onnx writes them: every Conv with a bias loses it and gains a BatchNormalization
    /// after it (seeded statistics), and every BatchNormalization gets Keras's <paramref name="epsilon"/> (1e-3).
    /// </summary>
    public static byte[] KerasBatchNorms(byte[] model, float epsilon, int seed)
    {
        var m = ModelProto.Parser.ParseFrom(model);
        var graph = m.Graph;
        var random = new Random(seed);
        TensorProto Vector(string name, long length, double lo, double hi)
        {
            var values = new float[length];
            for (int i = 0; i < length; i++) values[i] = (float)(lo + random.NextDouble() * (hi - lo));
            var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(Bytes(values)) };
            t.Dims.Add(length);
            graph.Initializer.Add(t);
            return t;
        }
        foreach (var conv in graph.Node.Where(n => n.OpType == "Conv" && n.Input.Count > 2).ToList())
        {
            var bias = graph.Initializer.Single(t => t.Name == conv.Input[2]);
            long channels = bias.Dims[0];
            conv.Input.RemoveAt(2);
            if (graph.Node.All(n => !n.Input.Contains(bias.Name))) graph.Initializer.Remove(bias);
            string output = conv.Output[0];
            conv.Output[0] = output + "_conv";
            var bn = new NodeProto { OpType = "BatchNormalization", Name = conv.Name + "_bn" };
            bn.Input.Add(conv.Output[0]);
            bn.Input.Add(Vector(bn.Name + ".gamma", channels, 0.5, 1.5).Name);
            bn.Input.Add(Vector(bn.Name + ".beta", channels, -0.3, 0.3).Name);
            bn.Input.Add(Vector(bn.Name + ".moving_mean", channels, -0.5, 0.5).Name);
            bn.Input.Add(Vector(bn.Name + ".moving_variance", channels, 0.5, 2.0).Name);
            bn.Output.Add(output);
            graph.Node.Insert(graph.Node.IndexOf(conv) + 1, bn);
        }
        foreach (var bn in graph.Node.Where(n => n.OpType == "BatchNormalization"))
        {
            var old = bn.Attribute.FirstOrDefault(a => a.Name == "epsilon");
            if (old is not null) bn.Attribute.Remove(old);
            bn.Attribute.Add(new AttributeProto { Name = "epsilon", Type = AttributeProto.Types.AttributeType.Float, F = epsilon });
        }
        return m.ToByteArray();
    }

    /// <summary>Writes the model to <paramref name="directory"/> with every float initializer in <paramref name="dataFile"/>; returns the model's path.</summary>
    public static string WithExternalData(byte[] model, string directory, string dataFile = "weights.bin", string? location = null)
    {
        var m = ModelProto.Parser.ParseFrom(model);
        using var data = new MemoryStream();
        foreach (var tensor in m.Graph.Initializer.Where(t => t.DataType == (int)TensorProto.Types.DataType.Float && t.Dims.Count > 0))
        {
            byte[] bytes = Bytes(Floats(tensor));
            long offset = data.Position;
            data.Write(bytes);
            tensor.RawData = ByteString.Empty;
            tensor.FloatData.Clear();
            tensor.DataLocation = TensorProto.Types.DataLocation.External;
            tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = location ?? dataFile });
            tensor.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = offset.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            tensor.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }
        File.WriteAllBytes(Path.Combine(directory, dataFile), data.ToArray());
        string path = Path.Combine(directory, "model.onnx");
        File.WriteAllBytes(path, m.ToByteArray());
        return path;
    }

    private static float[] Floats(TensorProto tensor)
        => tensor.FloatData.Count > 0 ? tensor.FloatData.ToArray() : System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();

    private static byte[] Bytes(float[] values) => System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
}
