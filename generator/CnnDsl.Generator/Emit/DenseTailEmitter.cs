using System.Collections.Generic;
using CnnDsl.Model;
using static CnnDsl.Generator.Emit.InferenceNames;

namespace CnnDsl.Generator.Emit;

/// <summary>
/// The generated code around a network's <see cref="InferencePlan.DenseTail"/>: a buffer holding the dense chain's input
/// and each layer's output for <c>DenseBatch.Images</c> images, <c>Forward</c>'s gathering of a batch's images into it,
/// <c>Run</c>'s stop before the chain, and the methods that run the chain on the gathered images.
/// </summary>
internal static class DenseTailEmitter
{
    private const string Images = Kernels + ".DenseBatch.Images";

    public static bool Has(InferencePlan plan) => plan.DenseTail.Count > 0;

    /// <summary>The line in <c>Run</c> before the chain's first node: on a batch, each image stops there.</summary>
    public const string Stop = "if (_batchingTail) return; // on a batch, the dense layers below run in BatchTail on several images at once";

    public static void EmitFields(IndentedWriter w, InferencePlan plan)
    {
        if (!Has(plan)) return;
        w.Line("/// <summary>The last dense layers' input and outputs for DenseBatch.Images images of a batch (<see cref=\"RunBatchTail\"/>).</summary>");
        w.Line("private readonly float[] _batchTail;");
        w.Line("/// <summary>Whether <c>Run</c> stops before the last dense layers, which then run in <see cref=\"RunBatchTail\"/> (a batch of more than one image).</summary>");
        w.Line("private bool _batchingTail;");
    }

    public static void EmitAllocation(IndentedWriter w, IReadOnlyList<Node> nodes, InferencePlan plan)
    {
        if (!Has(plan)) return;
        Layout(nodes, plan, out long perImage);
        w.Line("_batchTail = " + Kernels + ".AlignedBuffer.Allocate(" + Scaled(perImage) + " + " + InferencePlan.Slack + "); // the dense layers' input and outputs for each image, and vector slack");
    }

    /// <summary>Forward's loop body after an image ran (to the chain's input on a batch): gather it, and run the chain every DenseBatch.Images images and at the last.</summary>
    public static void EmitGather(IndentedWriter w, IReadOnlyList<Node> nodes, InferencePlan plan, string copyOutput)
    {
        var offsets = Layout(nodes, plan, out _);
        var first = nodes[plan.DenseTail[0]];
        long inputLength = first.Input.Elements;
        int inputAt = plan.Nodes[first.Inputs[0]].Offset;
        w.Open("if (!_batchingTail)");
        w.Line(copyOutput);
        w.Line("continue;");
        w.Close();
        w.Line("int slot = n % " + Images + ";");
        w.Line(Kernels + ".TensorCopy.View(" + At(inputAt) + ", " + CSharpLiteral.Int(inputLength) + ").CopyTo(" + Kernels + ".TensorCopy.Span(ref " + Unsafe + ".Add(ref tail, slot * " + CSharpLiteral.Int(inputLength) + "), " + CSharpLiteral.Int(inputLength) + "));");
        w.Open("if (slot == " + Images + " - 1 || n == batch - 1)");
        w.Line("RunBatchTail();");
        w.Line(Kernels + ".TensorCopy.View(ref " + Unsafe + ".Add(ref tail, " + Scaled(offsets[offsets.Length - 1]) + "), (slot + 1) * OutputLength).CopyTo(output.Slice((n - slot) * OutputLength, (slot + 1) * OutputLength));");
        w.Close();
    }

    /// <summary>
    /// The end of a chunk run layer by layer (<see cref="LayerMajorEmitter"/>): the chain's input gathered from each
    /// image's copy of the arena (<c>images</c>, <paramref name="extent"/> floats apart), the chain run once, the results copied out.
    /// </summary>
    public static void EmitChunk(IndentedWriter w, IReadOnlyList<Node> nodes, InferencePlan plan, string extent)
    {
        var offsets = Layout(nodes, plan, out _);
        var first = nodes[plan.DenseTail[0]];
        string inputLength = CSharpLiteral.Int(first.Input.Elements);
        int inputAt = plan.Nodes[first.Inputs[0]].Offset;
        w.Line("for (int k = 0; k < count; k++) " + Kernels + ".TensorCopy.Copy(ref " + Unsafe + ".Add(ref images, k * " + extent + " + " + CSharpLiteral.Int(inputAt) + "), ref "
            + Unsafe + ".Add(ref tail, k * " + inputLength + "), " + inputLength + ");");
        w.Line("RunBatchTail();");
        w.Line(Kernels + ".TensorCopy.View(ref " + Unsafe + ".Add(ref tail, " + Scaled(offsets[offsets.Length - 1]) + "), count * OutputLength).CopyTo(output.Slice(first * OutputLength, count * OutputLength));");
    }

    /// <summary><c>RunBatchTail</c>: the width switch calling the layer class's <c>BatchTail</c> with the chain's packed weights.</summary>
    public static void EmitMethods(IndentedWriter w, IReadOnlyList<Node> nodes, InferencePlan plan)
    {
        if (!Has(plan)) return;
        var arguments = new List<string> { "ref tail" };
        foreach (int id in plan.DenseTail) arguments.AddRange(new[] { WeightField(nodes[id]), ShiftField(nodes[id]) });
        string call = ".BatchTail(" + string.Join(", ", arguments) + "); break;";
        w.Line();
        w.Line("/// <summary>The last dense layers on the images gathered in <c>_batchTail</c>, at this machine's vector width, on the calling thread.</summary>");
        w.Open("private void RunBatchTail()");
        w.Line("ref float tail = ref " + Kernels + ".AlignedBuffer.Start(_batchTail);");
        InferenceEmitter.WidthSwitch(w, LayerClass, call);
        w.Close();
    }

    /// <summary>The layer class's <c>BatchTail</c>: each dense layer of the chain as one kernel call on all gathered images.</summary>
    public static void EmitLayerMethod(IndentedWriter w, IReadOnlyList<Node> nodes, InferencePlan plan)
    {
        if (!Has(plan)) return;
        var offsets = Layout(nodes, plan, out _);
        var parameters = new List<string> { "ref float tail" };
        foreach (int id in plan.DenseTail) parameters.AddRange(new[] { "float[] weights" + id, "float[] shifts" + id });
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// The dense layers that end the network, each as one matrix multiply over DenseBatch.Images gathered images (each weight read once");
        w.Line("/// for all of them, not once per image); the slots past a batch's last image hold earlier values and are not read.");
        w.Line("/// </summary>");
        w.Line(Optimized);
        w.Open("public static void BatchTail(" + string.Join(", ", parameters) + ")");
        for (int i = 0; i < plan.DenseTail.Count; i++)
        {
            var node = nodes[plan.DenseTail[i]];
            ConvolutionEmitter.EmitOnImages(w, node, plan.Nodes[node.Id], nodes[plan.Nodes[node.Id].Method], Scaled(offsets[i]), Scaled(offsets[i + 1]));
        }
        w.Close();
    }

    /// <summary>
    /// Where the chain's input and each layer's output start in the tail buffer, in floats per image (each rounded up to
    /// 64 bytes, so every tensor of DenseBatch.Images images starts on a 64-byte boundary), and their sum.
    /// </summary>
    private static long[] Layout(IReadOnlyList<Node> nodes, InferencePlan plan, out long perImage)
    {
        var offsets = new long[plan.DenseTail.Count + 1];
        long at = 0;
        for (int i = 0; i <= plan.DenseTail.Count; i++)
        {
            offsets[i] = at;
            var node = nodes[plan.DenseTail[System.Math.Max(0, i - 1)]];
            long elements = i == 0 ? node.Input.Elements : node.Output.Elements;
            at += (elements + InferencePlan.Alignment - 1) / InferencePlan.Alignment * InferencePlan.Alignment;
        }
        perImage = at;
        return offsets;
    }

    /// <summary>An offset of the tail buffer: floats per image times the runtime's image count (a constant the compiler folds).</summary>
    private static string Scaled(long perImage) => perImage == 0 ? "0" : Images + " * " + CSharpLiteral.Int(perImage);
}
