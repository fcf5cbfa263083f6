using System.Collections.Generic;
using CnnDsl.Model;
using static CnnDsl.Generator.Emit.InferenceNames;

namespace CnnDsl.Generator.Emit;

/// <summary>
/// The generated code around a network's <see cref="InferencePlan.LayerMajor"/>: a batch on one thread runs in chunks of
/// <c>DenseBatch.Images</c> images, each image's layers before the cut as for one image, then the layers after it one at
/// a time over the chunk's images, each in its own copy of the arena's first <see cref="LayerMajor.Extent"/> floats, so
/// that every image after the first finds the layer's weights cached. <c>Run</c>'s stop before the cut, the copies'
/// fields, <c>ForwardLayerMajor</c>, and <c>RunChunk</c> / <c>RunLayers</c> with the calls of the layers after the cut.
/// </summary>
internal static class LayerMajorEmitter
{
    private const string Images = Kernels + ".DenseBatch.Images";

    public static bool Has(InferencePlan plan) => plan.LayerMajor is not null;

    /// <summary>The line in <c>Run</c> before the cut: on a batch on one thread, each image stops there.</summary>
    public const string Stop = "if (_layerMajor) return; // on a batch on one thread, the layers below run in RunLayers, each over a chunk of images";

    public static void EmitFields(IndentedWriter w, InferencePlan plan)
    {
        if (plan.LayerMajor is not { } cut) return;
        w.Line("/// <summary>DenseBatch.Images copies of the arena's first " + CSharpLiteral.Int(cut.Extent) + " floats, one per image of a batch's chunk (<see cref=\"ForwardLayerMajor\"/>): allocated at the first batch.</summary>");
        w.Line("private float[]? _images;");
        w.Line("/// <summary>Whether <c>Run</c> stops before the layers that <see cref=\"RunLayers\"/> runs over a chunk of images.</summary>");
        w.Line("private bool _layerMajor;");
    }

    /// <summary>Forward's line sending a batch on one thread to <c>ForwardLayerMajor</c>.</summary>
    public static void EmitDispatch(IndentedWriter w, InferencePlan plan)
    {
        if (!Has(plan)) return;
        w.Open("if (batch > 1 && _worker is null)");
        w.Line("ForwardLayerMajor(input, output, batch);");
        w.Line("return;");
        w.Close();
    }

    /// <summary><c>ForwardLayerMajor</c> (a batch's chunks), <c>RunChunk</c> (the width switch) and <c>RunLayers</c> (the layers after the cut).</summary>
    public static void EmitMethods(IndentedWriter w, IReadOnlyList<Node> nodes, InferencePlan plan)
    {
        if (plan.LayerMajor is not { } cut) return;
        string extent = CSharpLiteral.Int(cut.Extent);
        string spans = plan.UsesCallerTensors ? "input.Slice(first * InputLength, count * InputLength), output.Slice(first * OutputLength, count * OutputLength), " : "";
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// A batch on one thread, in chunks of DenseBatch.Images images: each image's layers before " + CSharpLiteral.Comment(nodes[cut.Cut].Name) + " run in the arena as for one");
        w.Line("/// image, and the buffers the later layers read are copied into the image's own copy of the arena's first " + extent + " floats;");
        w.Line("/// then each later layer runs on every image of the chunk before the next one, so its weights are read from memory once a chunk,");
        w.Line("/// not once an image. Those copies (DenseBatch.Images x " + extent + " floats) are allocated at the first batch, kept for the next.");
        w.Line("/// </summary>");
        w.Open("private void ForwardLayerMajor(global::System.ReadOnlySpan<float> input, global::System.Span<float> output, int batch)");
        w.Line("_images ??= " + Kernels + ".AlignedBuffer.Allocate(" + Images + " * " + extent + " + " + InferencePlan.Slack + ");");
        w.Line("ref float arena = ref " + Kernels + ".AlignedBuffer.Start(_arena);");
        w.Line("ref float images = ref " + Kernels + ".AlignedBuffer.Start(_images);");
        if (DenseTailEmitter.Has(plan)) w.Line("ref float tail = ref " + Kernels + ".AlignedBuffer.Start(_batchTail);");
        w.Line("_layerMajor = true;");
        w.Open("try");
        w.Open("for (int first = 0; first < batch; first += " + Images + ")");
        w.Line("int count = global::System.Math.Min(" + Images + ", batch - first);");
        w.Open("for (int k = 0; k < count; k++)");
        string image = "input.Slice((first + k) * InputLength, InputLength)";
        if (!plan.UsesCallerTensors)
        {
            w.Line(image + ".CopyTo(" + Kernels + ".TensorCopy.Span(" + At(plan.Nodes[0].Offset) + ", InputLength));");
            w.Line("RunImage(); // stops before " + CSharpLiteral.Comment(nodes[cut.Cut].Name));
        }
        else if (plan.InputFromCaller)
        {
            w.Line("RunImage(" + image + ", OutputBuffer); // stops before " + CSharpLiteral.Comment(nodes[cut.Cut].Name));
        }
        else
        {
            w.Line(image + ".CopyTo(InputBuffer);");
            w.Line("RunImage(InputBuffer, OutputBuffer); // stops before " + CSharpLiteral.Comment(nodes[cut.Cut].Name));
        }
        foreach (var (offset, length) in cut.Copies)
            w.Line(Kernels + ".TensorCopy.Copy(" + At(offset) + ", ref " + Unsafe + ".Add(ref images, k * " + extent + " + " + CSharpLiteral.Int(offset) + "), " + CSharpLiteral.Int(length) + ");");
        w.Close();
        w.Line("RunChunk(" + spans + "count);");
        if (DenseTailEmitter.Has(plan)) DenseTailEmitter.EmitChunk(w, nodes, plan, extent);
        else if (!plan.OutputToCaller)
        {
            w.Line("for (int k = 0; k < count; k++) " + Kernels + ".TensorCopy.View(ref " + Unsafe + ".Add(ref images, k * " + extent + " + " + CSharpLiteral.Int(plan.Nodes[plan.OutputNode].Offset)
                + "), OutputLength).CopyTo(output.Slice((first + k) * OutputLength, OutputLength));");
        }
        w.Close();
        w.Close();
        w.Open("finally");
        w.Line("_layerMajor = false;");
        w.Close();
        w.Close();

        string parameters = plan.UsesCallerTensors ? "global::System.ReadOnlySpan<float> inputs, global::System.ReadOnlySpan<float> outputs, " : "";
        string arguments = "(ref images, " + (plan.UsesCallerTensors ? "inputs, outputs, " : "") + "count); break;";
        w.Line();
        w.Line("/// <summary>The layers after the cut on <paramref name=\"count\"/> images in their copies of the arena, at this machine's vector width.</summary>");
        w.Open("private void RunChunk(" + parameters + "int count)");
        w.Line("ref float images = ref " + Kernels + ".AlignedBuffer.Start(_images!);");
        InferenceEmitter.WidthSwitch(w, "RunLayers", arguments);
        w.Close();
    }

    /// <summary>
    /// <c>RunLayers</c>: each layer from the cut on, on one thread, image after image of the chunk (image k's copy of the
    /// arena at <c>k * Extent</c>; the caller's spans of image k where the layers take them). Written inside Run's
    /// <c>#nullable disable</c>, with the calls <c>Run</c> makes.
    /// </summary>
    public static void EmitRun(IndentedWriter w, IReadOnlyList<Node> nodes, InferencePlan plan, System.Func<Node, NodePlan, string, string, string> call)
    {
        if (plan.LayerMajor is not { } cut) return;
        string extent = CSharpLiteral.Int(cut.Extent);
        const string arena = "ref Image(ref images, k)";
        w.Line();
        w.Line("/// <summary>The layers from " + CSharpLiteral.Comment(nodes[cut.Cut].Name) + " on, each on the chunk's <paramref name=\"count\"/> images (image k's copy of the arena at k x " + extent + " floats) before the next.</summary>");
        w.Open("private void RunLayers" + Generic + "(ref float images, " + (plan.UsesCallerTensors ? "global::System.ReadOnlySpan<float> inputs, global::System.ReadOnlySpan<float> outputs, " : "") + "int count) " + Constraints);
        w.Line("static ref float Image(ref float images, int k) => ref " + Unsafe + ".Add(ref images, k * " + extent + ");");
        for (int id = cut.Cut; id < cut.End; id++)
        {
            var node = nodes[id];
            var p = plan.Nodes[id];
            if (p.Role == NodeRole.Alias) w.Line("// " + CSharpLiteral.Comment(node.Name) + ": " + CSharpLiteral.Comment(p.Note ?? "") + ".");
            if (p.Role != NodeRole.Compute) continue;
            string line = call(node, p, arena, "0, 1");
            const string loop = "for (int k = 0; k < count; k++)";
            bool readsCaller = p.InputFromCaller || p.ResidualFromCaller;
            if (!readsCaller && !p.OutputToCaller)
            {
                w.Line(loop + " " + line);
                continue;
            }
            w.Open(loop);
            if (readsCaller) w.Line("var " + NetworkInput + " = " + Kernels + ".TensorRef.Of(inputs.Slice(k * InputLength, InputLength));");
            if (p.OutputToCaller) w.Line("var " + NetworkOutput + " = " + Kernels + ".TensorRef.Of(outputs.Slice(k * OutputLength, OutputLength));");
            w.Line(line);
            w.Close();
        }
        w.Close();
    }
}
