using System.Collections.Generic;
using System.Globalization;
using Onnx;

namespace CnnDsl.Onnx;

/// <summary>Reads ONNX node attributes with their spec defaults, and describes nodes for messages.</summary>
internal static class OnnxAttributes
{
    public static AttributeProto? Find(NodeProto node, string name)
    {
        foreach (var attribute in node.Attribute)
        {
            if (attribute.Name == name) return attribute;
        }
        return null;
    }

    public static long Int(NodeProto node, string name, long fallback) => Find(node, name) is { } a ? a.I : fallback;

    public static float Float(NodeProto node, string name, float fallback) => Find(node, name) is { } a ? a.F : fallback;

    public static string String(NodeProto node, string name, string fallback) => Find(node, name) is { } a ? a.S.ToStringUtf8() : fallback;

    public static long[]? Ints(NodeProto node, string name)
    {
        if (Find(node, name) is not { } a) return null;
        var values = new long[a.Ints.Count];
        for (int i = 0; i < values.Length; i++) values[i] = a.Ints[i];
        return values;
    }

    /// <summary>The node's name for messages (its first output when unnamed).</summary>
    public static string Label(NodeProto node)
        => node.Name.Length > 0 ? node.Name : node.Output.Count > 0 ? node.Output[0] : "(unnamed " + node.OpType + ")";

    public static string List(IEnumerable<long> values) => "[" + string.Join(", ", values) + "]";

    public static string List(IEnumerable<int> values) => "[" + string.Join(", ", values) + "]";

    public static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);
}
