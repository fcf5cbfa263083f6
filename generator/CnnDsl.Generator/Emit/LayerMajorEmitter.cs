using System.Collections.Generic;
using CnnDsl.Generator.Emit.Operations;
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
        w.Line("/// image, and the buffers the later layers read are copied into the chunk's copy of the arena's first " + extent + " floats, which");
        w.Line("/// holds each buffer's images one after another; then each later layer runs on every image of the chunk before the next one");
        w.Line("/// (a 1x1 convolution of stride 1 as one matrix multiply over them), so its weights are read once a chunk, not once an image.");
        w.Line("/// That copy (DenseBatch.Images x " + extent + " floats) is allocated at the first batch and kept for the next.");
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
            w.Line(Kernels + ".TensorCopy.Copy(" + At(offset) + ", ref " + Unsafe + ".Add(ref images, " + ImageAt(plan, offset, cut.Cut) + "), " + CSharpLiteral.Int(length) + ");");
        w.Close();
        w.Line("RunChunk(" + spans + "count);");
        if (DenseTailEmitter.Has(plan))
        {
            int chainInput = plan.Nodes[nodes[plan.DenseTail[0]].Inputs[0]].Offset;
            DenseTailEmitter.EmitChunk(w, nodes, plan, "ref " + Unsafe + ".Add(ref images, " + ImageAt(plan, chainInput, cut.End - 1) + ")");
        }
        else if (!plan.OutputToCaller)
        {
            w.Line("for (int k = 0; k < count; k++) " + Kernels + ".TensorCopy.View(ref " + Unsafe + ".Add(ref images, " + ImageAt(plan, plan.Nodes[plan.OutputNode].Offset, cut.End - 1)
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
        w.Line("/// <summary>The layers after the cut on <paramref name=\"count\"/> images in the chunk's copy of the arena, at this machine's vector width.</summary>");
        w.Open("private void RunChunk(" + parameters + "int count)");
        w.Line("ref float images = ref " + Kernels + ".AlignedBuffer.Start(_images!);");
        w.Open("switch (_width)");
        w.Line("case " + Kernels + ".SimdWidth.Vector512: RunLayers<global::System.Runtime.Intrinsics.Vector512<float>, " + Kernels + ".Vector512Ops>" + arguments);
        w.Line("case " + Kernels + ".SimdWidth.Vector256: RunLayers<global::System.Runtime.Intrinsics.Vector256<float>, " + Kernels + ".Vector256Ops>" + arguments);
        w.Line("case " + Kernels + ".SimdWidth.Vector128: RunLayers<global::System.Runtime.Intrinsics.Vector128<float>, " + Kernels + ".Vector128Ops>" + arguments);
        w.Line("default: RunLayers<float, " + Kernels + ".ScalarOps>" + arguments);
        w.Close();
        w.Close();
    }

    /// <summary>
    /// <c>RunLayers</c>: each layer from the cut on, on one thread, over the chunk's images (a flat layer in one call, any
    /// other image after image, with image k's offsets; the caller's spans of image k where the layers take them). Written
    /// inside Run's <c>#nullable disable</c>, with the calls <c>Run</c> makes, their offsets rewritten.
    /// </summary>
    public static void EmitRun(IndentedWriter w, IReadOnlyList<Node> nodes, InferencePlan plan, System.Func<Node, NodePlan, System.Func<Operand, string>, string> call)
    {
        if (plan.LayerMajor is not { } cut) return;
        w.Line();
        w.Line("/// <summary>The layers from " + CSharpLiteral.Comment(nodes[cut.Cut].Name) + " on, each on the chunk's <paramref name=\"count\"/> images (each buffer holding them one after another) before the next.</summary>");
        w.Open("private void RunLayers" + Generic + "(ref float images, " + (plan.UsesCallerTensors ? "global::System.ReadOnlySpan<float> inputs, global::System.ReadOnlySpan<float> outputs, " : "") + "int count) " + Constraints);
        for (int id = cut.Cut; id < cut.End; id++)
        {
            var node = nodes[id];
            var p = plan.Nodes[id];
            if (p.Role == NodeRole.Alias) w.Line("// " + CSharpLiteral.Comment(node.Name) + ": " + CSharpLiteral.Comment(p.Note ?? "") + ".");
            if (p.Role != NodeRole.Compute) continue;
            if (OnImageBatch(node, p, plan))
            {
                var arguments = new List<string> { "ref images" };
                foreach (var operand in OperationEmitters.For(node.Op).Operands(node, p, plan))
                    arguments.Add(operand.Type == "int" ? ImageAt(plan, long.Parse(operand.Argument, System.Globalization.CultureInfo.InvariantCulture), id, first: true) : operand.Argument);
                arguments.Add("count");
                w.Line(LayerClass + Generic + "." + Method(nodes[p.Method]) + ImagesSuffix + "(" + string.Join(", ", arguments) + ");" + (p.Method == id ? "" : " // " + CSharpLiteral.Comment(node.Name)));
                continue;
            }
            string line = call(node, p, operand => operand.Type == "int" ? ImageAt(plan, long.Parse(operand.Argument, System.Globalization.CultureInfo.InvariantCulture), id) : operand.Argument);
            bool readsCaller = p.InputFromCaller || p.ResidualFromCaller;
            if (!readsCaller && !p.OutputToCaller)
            {
                w.Line("for (int k = 0; k < count; k++) " + line);
                continue;
            }
            w.Open("for (int k = 0; k < count; k++)");
            if (readsCaller) w.Line("var " + NetworkInput + " = " + Kernels + ".TensorRef.Of(inputs.Slice(k * InputLength, InputLength));");
            if (p.OutputToCaller) w.Line("var " + NetworkOutput + " = " + Kernels + ".TensorRef.Of(outputs.Slice(k * OutputLength, OutputLength));");
            w.Line(line);
            w.Close();
        }
        w.Close();
    }

    /// <summary>The suffix of a flat layer method's variant over a chunk's images (<see cref="ConvolutionEmitter.EmitOnImageBatch"/>).</summary>
    private const string ImagesSuffix = "_Images";

    /// <summary>The layer class's variants over a chunk's images of the flat layers after the cut, one per layer method they call.</summary>
    public static void EmitLayerMethods(IndentedWriter w, IReadOnlyList<Node> nodes, InferencePlan plan)
    {
        if (plan.LayerMajor is not { } cut) return;
        var written = new HashSet<int>();
        for (int id = cut.Cut; id < cut.End; id++)
        {
            var p = plan.Nodes[id];
            if (p.Role != NodeRole.Compute || !OnImageBatch(nodes[id], p, plan) || !written.Add(p.Method)) continue;
            var method = nodes[p.Method];
            var mp = plan.Nodes[p.Method];
            var parameters = new List<string> { "ref float arena" };
            foreach (var operand in OperationEmitters.For(method.Op).Operands(method, mp, plan)) parameters.Add(operand.Type + " " + operand.Parameter);
            parameters.Add("int images");
            w.Line();
            w.Line("/// <summary>" + CSharpLiteral.Comment(method.Name) + "'s method on <paramref name=\"images\"/> images of a batch whose tensors lie one after another: one run of their positions.</summary>");
            w.Line(Optimized);
            w.Open("public static void " + Method(method) + ImagesSuffix + "(" + string.Join(", ", parameters) + ")");
            ConvolutionEmitter.EmitOnImageBatch(w, method, mp);
            w.Close();
        }
    }

    /// <summary>
    /// Whether a layer after the cut runs on the chunk's images in one call: a 1x1 convolution of stride 1 (flat, one
    /// group, unpadded, ungated) reading and writing whole buffers in the arena (so each tensor's images lie one after
    /// another), with its activations applied in registers, and whose vector width cannot change with its positions
    /// (<c>ConvLanes</c> narrows from 12 positions on).
    /// </summary>
    private static bool OnImageBatch(Node node, NodePlan p, InferencePlan plan)
    {
        if (node.Operation is not CnnDsl.Operations.ConvOperation conv || conv.Groups != 1 || WinogradRule.Applies(node, p)) return false;
        var window = conv.Window;
        if (!CnnDsl.Operations.ConvWalk.IsFlat(window.KernelH, window.KernelW, window.StrideH, window.StrideW, window.Pads.Any) || window.Dilated) return false;
        if (p.PaddedBuffer >= 0 || p.GatedBy >= 0 || p.SliceOf >= 0 || p.InputFromCaller || p.ResidualFromCaller || p.OutputToCaller) return false;
        if (InlineAct(p.Act, "v") is null || (p.Residual >= 0 && InlineAct(p.ResidualAct, "v") is null)) return false;
        long positions = (long)node.Output.Height * node.Output.Width;
        if (positions < WidePixels && node.Output.Channels % 16 == 8) return false;
        return Whole(plan, plan.Nodes[node.Inputs[0]].Offset, node.Input.Elements, node.Id) && Whole(plan, p.Offset, node.Output.Elements, node.Id)
            && (p.Residual < 0 || Whole(plan, plan.Nodes[p.Residual].Offset, node.Output.Elements, node.Id));
    }

    /// <summary>The runtime's <c>ConvKernel.WidePixels</c>: from this many positions on, <c>ConvLanes</c> may run a layer of an odd number of 8-float vectors at Vector256.</summary>
    private const int WidePixels = 12;

    /// <summary>Whether the tensor of <paramref name="elements"/> at <paramref name="offset"/> is the whole of a buffer alive at node <paramref name="step"/>.</summary>
    private static bool Whole(InferencePlan plan, long offset, long elements, int step)
        => LayerMajor.Batched(plan.Buffers, offset, step) is { } at && at.Stride == elements && at.Base == (long)LayerMajor.Images * offset;

    /// <summary>Image k's offset of the tensor at arena <paramref name="offset"/> in the chunk's copy (<see cref="LayerMajor.Batched"/>), or image 0's.</summary>
    private static string ImageAt(InferencePlan plan, long offset, int step, bool first = false)
    {
        var (at, stride) = LayerMajor.Batched(plan.Buffers, offset, step) ?? (LayerMajor.Images * offset, 0);
        return CSharpLiteral.Int(at) + (first || stride == 0 ? "" : " + k * " + CSharpLiteral.Int(stride));
    }
}
