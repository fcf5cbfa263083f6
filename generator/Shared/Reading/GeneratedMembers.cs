using System;
using System.Collections.Generic;

namespace CnnDsl.Reading;

/// <summary>
/// The names the generator declares in a network class, so that a user member (or the class itself) with one of them
/// is reported instead of generating code that does not compile. A test compares this with the generated code.
/// </summary>
internal static class GeneratedMembers
{
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        "InputShape", "InputHeight", "InputWidth", "InputChannels", "InputLength",
        "OutputShape", "OutputHeight", "OutputWidth", "OutputChannels", "OutputLength",
        "MultiplyAdds", "Parameters", "TrainableParameters", "BatchNormParameters", "Layers", "Graph", "Tensors", "Summary",
        "Weights", "Training", "Forward", "ScratchLength", "Run", "_arena", "_width", "_busy",
        "_worker", "_disposed", "RunPart", "RunSecondPart", "NextPart", "Meet", "Dispose",
        "_batchTail", "_batchingTail", "RunBatchTail", "BatchTail", "InputBuffer", "OutputBuffer", "RunImage",
        "_image", "_result", "RunPinned", "_images", "_layerMajor", "ForwardLayerMajor", "RunChunk", "RunLayers",
        "CopyIn", "CopyOut",
        // Not members: the generated file's class of layer methods, Layer<TV, TO>, which Run names, and the file's alias
        // of MethodImplAttribute, which every layer method's attribute names.
        "Layer", "CnnDslLayerMethod",
    };

    /// <summary>Per-node members: <c>_weights12</c>, <c>_shifts12</c>, <c>_scales12</c>.</summary>
    private static readonly string[] NumberedPrefixes = { "_weights", "_shifts", "_scales" };

    public static bool IsGenerated(string name)
    {
        if (Names.Contains(name)) return true;
        foreach (var prefix in NumberedPrefixes)
        {
            if (!name.StartsWith(prefix, StringComparison.Ordinal)) continue;
            int i = prefix.Length;
            while (i < name.Length && name[i] >= '0' && name[i] <= '9') i++;
            if (i == prefix.Length) continue;
            // _weights12 ends at the number.
            if (i == name.Length) return true;
        }
        return false;
    }
}
