using System.Collections.Generic;
using System.Threading;
using CnnDsl.Model;
using static CnnDsl.Generator.Emit.InferenceNames;

namespace CnnDsl.Generator.Emit;

/// <summary>
/// Writes a network's inference code from its <see cref="InferencePlan"/>: <c>ScratchLength</c>, the constructor
/// that packs the weights, <c>Forward</c>, and one private method per computing node with constant shapes.
/// Every layer method is generic over the vector width and compiled once per width; <c>Forward</c> picks the
/// width chosen at construction (512, 256, 128 bits or scalar).
/// </summary>
internal static class InferenceEmitter
{
    public static void Emit(IndentedWriter w, NetworkSpec spec, NetworkModel model, InferencePlan plan, CancellationToken cancellationToken)
    {
        var nodes = model.Nodes;
        var input = plan.Nodes[0];
        var output = plan.Nodes[plan.OutputNode];

        w.Line("/// <summary>");
        w.Line("/// Floats of scratch one instance uses (" + CSharpLiteral.Int(plan.ArenaLength) + " planned + " + InferencePlan.Slack + " vector slack): every activation");
        w.Line("/// buffer of one image, placed at compile time in a single arena by liveness (buffers that are never alive together share memory).");
        w.Line("/// </summary>");
        w.Line("public const int ScratchLength = " + CSharpLiteral.Int(plan.ScratchLength) + ";");
        w.Line();
        w.Line("private readonly float[] _arena;");
        w.Line("private readonly " + Kernels + ".SimdWidth _width;");
        foreach (var node in nodes)
        {
            var p = plan.Nodes[node.Id];
            if (p.Role != NodeRole.Compute) continue;
            if (node.Op is OpKind.Conv or OpKind.DepthwiseConv or OpKind.Dense) w.Line("private readonly float[] " + WeightField(node) + ", " + ShiftField(node) + ";");
            if (node.Op == OpKind.BatchNorm) w.Line("private readonly float[] " + ScaleField(node) + ", " + ShiftField(node) + ";");
        }
        w.Line();
        EmitConstructor(w, spec, model, plan, cancellationToken);
        w.Line();
        EmitForward(w, model, input, output);
        w.Line();
        EmitRun(w, model, plan);

        foreach (var node in nodes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var p = plan.Nodes[node.Id];
            if (p.Role != NodeRole.Compute) continue;
            w.Line();
            EmitLayer(w, node, p, plan, nodes);
            if (node.Op == OpKind.DepthwiseConv)
            {
                w.Line();
                ChannelwiseEmitter.DepthwiseBorder(w, node, p);
            }
        }
    }

    private static void EmitConstructor(IndentedWriter w, NetworkSpec spec, NetworkModel model, InferencePlan plan, CancellationToken cancellationToken)
    {
        string name = ShortName(spec.ClassName);
        w.Line("/// <summary>");
        w.Line("/// Creates a runnable network: packs <paramref name=\"weights\"/> (canonical OIHW) once into the kernels' layout for this");
        w.Line("/// machine's vector width, folding every batch norm into the preceding convolution, and allocates the scratch arena.");
        w.Line("/// Later changes to <paramref name=\"weights\"/> do not affect this instance.");
        w.Line("/// </summary>");
        w.Line("/// <param name=\"weights\">The parameters, e.g. <c>new " + CSharpLiteral.Comment(name) + ".Weights()</c> filled by import or <c>InitializeRandom</c>.</param>");
        w.Open("public " + name + "(" + spec.ClassName + ".Weights weights)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(weights);");
        w.Line("_width = " + Kernels + ".Simd.Best;");
        w.Line("int lanes = (int)_width;");
        w.Line("_arena = new float[ScratchLength];");
        foreach (var node in model.Nodes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var p = plan.Nodes[node.Id];
            if (p.Role != NodeRole.Compute || node.Op is not (OpKind.Conv or OpKind.DepthwiseConv or OpKind.Dense or OpKind.BatchNorm)) continue;
            string affine = "affine" + node.Id;
            int channels = node.Op == OpKind.BatchNorm ? node.Output.Channels : node.Filters;
            string folds = "";
            if (node.Bias) folds += ".AddBias(" + Tensor(node.Name + ".bias") + ")";
            if (node.BatchNorm) folds += Fold(node.Name + ".bn.", node.Epsilon);
            if (node.Op == OpKind.BatchNorm) folds += Fold(node.Name + ".", node.Epsilon);
            foreach (int bn in p.FoldedBatchNorms) folds += Fold(model.Nodes[bn].Name + ".", model.Nodes[bn].Epsilon);
            var folded = new List<string>();
            if (node.BatchNorm) folded.Add(node.Name + ".bn");
            foreach (int bn in p.FoldedBatchNorms) folded.Add(model.Nodes[bn].Name);
            w.Line("// " + CSharpLiteral.Comment(node.Name) + (folded.Count == 0 ? "" : ": folds " + CSharpLiteral.Comment(string.Join(", ", folded)) + " into the weights and bias"));
            w.Line("var " + affine + " = new " + Kernels + ".ChannelAffine(" + channels + ")" + folds + ";");
            switch (node.Op)
            {
                case OpKind.Conv:
                    w.Line(WeightField(node) + " = " + Kernels + ".WeightPacking.Conv(" + Tensor(node.Name + ".weight") + ", " + affine + ", " + node.Filters + ", " + node.Input.Channels + ", " + node.KernelH + ", " + node.KernelW + ", lanes);");
                    break;
                case OpKind.Dense:
                    w.Line(WeightField(node) + " = " + Kernels + ".WeightPacking.Conv(" + Tensor(node.Name + ".weight") + ", " + affine + ", " + node.Filters + ", " + node.Input.Elements + ", 1, 1, lanes);");
                    break;
                case OpKind.DepthwiseConv:
                    w.Line(WeightField(node) + " = " + Kernels + ".WeightPacking.Depthwise(" + Tensor(node.Name + ".weight") + ", " + affine + ", " + node.Filters + ", " + node.KernelH + ", " + node.KernelW + ");");
                    break;
                case OpKind.BatchNorm:
                    w.Line(ScaleField(node) + " = " + Kernels + ".WeightPacking.Scales(" + affine + ");");
                    break;
            }
            w.Line(ShiftField(node) + " = " + Kernels + ".WeightPacking.Shifts(" + affine + ");");
        }
        w.Close();
    }

    private static string Tensor(string name) => "weights[" + CSharpLiteral.String(name) + "]";

    private static string Fold(string prefix, float epsilon)
        => ".FoldBatchNorm(" + Tensor(prefix + "weight") + ", " + Tensor(prefix + "bias") + ", " + Tensor(prefix + "running_mean") + ", "
            + Tensor(prefix + "running_var") + ", " + CSharpLiteral.Float(epsilon) + ")";

    private static void EmitForward(IndentedWriter w, NetworkModel model, NodePlan input, NodePlan output)
    {
        string inShape = model.Input.ToString(), outShape = model.Output.ToString();
        w.Line("/// <summary>");
        w.Line("/// Runs the network on one image or a batch, NHWC: <paramref name=\"input\"/> holds N images of " + inShape + " and");
        w.Line("/// <paramref name=\"output\"/> receives N results of " + outShape + ". Images run one after another through the same");
        w.Line("/// scratch arena, so the arena never grows with the batch and a call allocates nothing.");
        w.Line("/// Not thread-safe: one instance has one arena; run instances in parallel instead (they share nothing).");
        w.Line("/// </summary>");
        w.Line("/// <exception cref=\"global::System.ArgumentException\">A length is not N x " + inShape + " or does not match the batch.</exception>");
        w.Open("public void Forward(global::System.ReadOnlySpan<float> input, global::System.Span<float> output)");
        w.Open("if (input.Length == 0 || input.Length % InputLength != 0)");
        w.Line("throw new global::System.ArgumentException(\"input must be N x " + inShape + " (a multiple of " + model.Input.Elements + " values), got \" + input.Length.ToString(global::System.Globalization.CultureInfo.InvariantCulture), nameof(input));");
        w.Close();
        w.Line("int batch = input.Length / InputLength;");
        w.Open("if (output.Length != (long)batch * OutputLength)");
        w.Line("throw new global::System.ArgumentException(\"output must be \" + batch.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" x " + outShape + " (\" + ((long)batch * OutputLength).ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" values) for \" + batch.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" input image(s), got \" + output.Length.ToString(global::System.Globalization.CultureInfo.InvariantCulture), nameof(output));");
        w.Close();
        w.Line("ref float arena = ref " + Marshal + ".GetArrayDataReference(_arena);");
        w.Open("for (int n = 0; n < batch; n++)");
        w.Line("input.Slice(n * InputLength, InputLength).CopyTo(" + Kernels + ".TensorCopy.Span(" + At(input.Offset) + ", InputLength));");
        w.Open("switch (_width)");
        w.Line("case " + Kernels + ".SimdWidth.Vector512: Run<global::System.Runtime.Intrinsics.Vector512<float>, " + Kernels + ".Vector512Ops>(ref arena); break;");
        w.Line("case " + Kernels + ".SimdWidth.Vector256: Run<global::System.Runtime.Intrinsics.Vector256<float>, " + Kernels + ".Vector256Ops>(ref arena); break;");
        w.Line("case " + Kernels + ".SimdWidth.Vector128: Run<global::System.Runtime.Intrinsics.Vector128<float>, " + Kernels + ".Vector128Ops>(ref arena); break;");
        w.Line("default: Run<float, " + Kernels + ".ScalarOps>(ref arena); break;");
        w.Close();
        w.Line(Kernels + ".TensorCopy.View(" + At(output.Offset) + ", OutputLength).CopyTo(output.Slice(n * OutputLength, OutputLength));");
        w.Close();
        w.Close();
    }

    private static void EmitRun(IndentedWriter w, NetworkModel model, InferencePlan plan)
    {
        w.Line("/// <summary>One image, from the input buffer to the output buffer of the arena.</summary>");
        w.Open("private void Run" + Generic + "(ref float arena) " + Constraints);
        foreach (var node in model.Nodes)
        {
            var p = plan.Nodes[node.Id];
            if (p.Role == NodeRole.Compute) w.Line(Method(node) + Generic + "(ref arena);");
            else if (p.Role == NodeRole.Alias) w.Line("// " + CSharpLiteral.Comment(node.Name) + ": " + CSharpLiteral.Comment(p.Note ?? "") + ".");
        }
        w.Close();
    }

    private static void EmitLayer(IndentedWriter w, Node node, NodePlan p, InferencePlan plan, IReadOnlyList<Node> nodes)
    {
        w.Line("/// <summary>" + CSharpLiteral.Comment(node.Name) + " (" + node.Op + ").</summary>");
        w.Line(Optimized);
        w.Open("private void " + Method(node) + Generic + "(ref float arena) " + Constraints);
        foreach (var line in Header(node, p, plan, nodes)) w.Line("// " + CSharpLiteral.Comment(line));
        switch (node.Op)
        {
            case OpKind.Conv:
            case OpKind.Dense:
                ConvolutionEmitter.Emit(w, node, p, plan);
                break;
            case OpKind.DepthwiseConv:
                ChannelwiseEmitter.Depthwise(w, node, p, plan);
                break;
            case OpKind.MaxPool:
            case OpKind.AvgPool:
                ChannelwiseEmitter.Pool(w, node, p, plan);
                break;
            case OpKind.GlobalAvgPool:
                ChannelwiseEmitter.GlobalAvgPool(w, node, p, plan);
                break;
            case OpKind.BatchNorm:
                ChannelwiseEmitter.BatchNorm(w, node, p, plan);
                break;
            case OpKind.Activation:
                ElementwiseEmitter.Activation(w, node, p, plan);
                break;
            case OpKind.Add:
                ElementwiseEmitter.Add(w, node, p, plan);
                break;
            case OpKind.Concat:
                ElementwiseEmitter.Concat(w, node, p, plan, nodes);
                break;
            case OpKind.Scale:
                ChannelwiseEmitter.Scale(w, node, p, plan);
                break;
            case OpKind.Dropout:
            case OpKind.Flatten:
                // Planned as aliases; never computed. A plain copy keeps the method meaningful if that changes.
                w.Line(Kernels + ".TensorCopy.Copy(" + At(plan.Nodes[node.Inputs[0]].Offset) + ", " + At(p.Offset) + ", " + node.Output.Elements + ");");
                break;
        }
        w.Close();
    }

    /// <summary>The opening comment of a layer method: name, shapes, cost and the plan's decisions.</summary>
    private static IEnumerable<string> Header(Node node, NodePlan p, InferencePlan plan, IReadOnlyList<Node> nodes)
    {
        string window = node.KernelH == 0 ? "" : " " + node.KernelH + "x" + node.KernelW + "/" + node.StrideH;
        string macs = node.MultiplyAdds == 0 ? "" : ", " + node.MultiplyAdds.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture) + " MACs";
        yield return node.Name + ": " + node.Op + window + ", " + node.Input + " -> " + node.Output + macs + ".";
        if (node.PadTop + node.PadLeft + node.PadBottom + node.PadRight > 0)
            yield return "Pads top " + node.PadTop + ", left " + node.PadLeft + ", bottom " + node.PadBottom + ", right " + node.PadRight + ".";
        if (p.Act != ActKind.None) yield return "Activation " + p.Act + (p.Act != node.Act ? " (from a fused layer)" : "") + ".";
        if (p.Residual >= 0) yield return "Epilogue adds " + nodes[p.Residual].Name + (p.ResidualAct != ActKind.None ? " then applies " + p.ResidualAct : "") + ".";
        if (p.SliceOf >= 0) yield return "Writes channels " + p.ChannelOffset + ".." + (p.ChannelOffset + node.Output.Channels - 1) + " of " + nodes[p.SliceOf].Name + " directly.";
        if (p.InPlace) yield return "In place: its input is not read afterwards.";
        yield return "Arena: output at " + p.Offset + (p.PixelStride != node.Output.Channels ? " (position stride " + p.PixelStride + ")" : "") + (p.PaddedBuffer >= 0 ? ", bordered input at " + p.PaddedOffset : "") + ".";
    }

    private static string ShortName(string className)
    {
        int generic = className.IndexOf('<');
        return generic < 0 ? className : className.Substring(0, generic);
    }
}
