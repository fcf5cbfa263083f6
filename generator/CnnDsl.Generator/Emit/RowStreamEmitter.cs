using System.Collections.Generic;
using CnnDsl.Model;
using static CnnDsl.Generator.Emit.InferenceNames;

namespace CnnDsl.Generator.Emit;

/// <summary>
/// An inverted-residual block the plan streams (<see cref="RowStreams"/>): in <c>Run</c>, one call of its block method
/// in place of its layers' calls (the expansion, the depthwise layer, and the projection where it streams too); the
/// block method, one per distinct set of layer methods, calls the runtime's <c>Kernels.RowStream</c> with the layers'
/// shape structs and activations on this thread's rows.
/// </summary>
internal static class RowStreamEmitter
{
    /// <summary>The block starting at <paramref name="expand"/> in <c>Run</c>: its method on each part of its rows a thread claims.</summary>
    public static void EmitCall(IndentedWriter w, Node expand, InferencePlan plan, IReadOnlyList<Node> nodes)
    {
        var (depthwise, project) = Members(expand, plan, nodes);
        var first = FirstOfKind(expand, plan, nodes);
        var arguments = new List<string>
        {
            "ref arena",
            CSharpLiteral.Int(plan.Nodes[expand.Inputs[0]].Offset), CSharpLiteral.Int(plan.Nodes[expand.Id].Offset), CSharpLiteral.Int(plan.Nodes[depthwise.Id].Offset),
        };
        if (project is not null)
        {
            var p = plan.Nodes[project.Id];
            arguments.Add(CSharpLiteral.Int(p.Offset));
            if (p.Residual >= 0) arguments.Add(CSharpLiteral.Int(plan.Nodes[p.Residual].Offset));
        }
        foreach (var node in project is null ? new[] { expand, depthwise } : new[] { expand, depthwise, project })
        {
            arguments.Add(WeightField(node));
            arguments.Add(ShiftField(node));
        }
        string parts = ThreadRange.PartsLocal(plan.Nodes[expand.Id].Parts);
        arguments.Add("p, " + parts);
        w.Line("for (int p = -1; NextPart(thread, ref p, " + parts + ");) " + LayerClass + Generic + "." + Name(first) + "(" + string.Join(", ", arguments) + ");"
            + (first.Id == expand.Id ? "" : " // " + CSharpLiteral.Comment(expand.Name) + " to " + CSharpLiteral.Comment((project ?? depthwise).Name)));
    }

    /// <summary>The block methods: one per distinct set of layer methods, after the layer methods it names.</summary>
    public static void EmitMethods(IndentedWriter w, InferencePlan plan, IReadOnlyList<Node> nodes)
    {
        foreach (var expand in nodes)
        {
            if (plan.Nodes[expand.Id].StreamEnd < 0 || FirstOfKind(expand, plan, nodes).Id != expand.Id) continue;
            var (depthwise, project) = Members(expand, plan, nodes);
            var p = project is null ? null : plan.Nodes[project.Id];
            bool residual = p is not null && p.Residual >= 0;
            int blocks = 0;
            foreach (var other in nodes) if (plan.Nodes[other.Id].StreamEnd >= 0 && FirstOfKind(other, plan, nodes).Id == expand.Id) blocks++;
            w.Line();
            w.Line(Optimized);
            w.Open("public static void " + Name(expand) + "(ref float arena, int inputAt, int expandedAt, int depthwiseAt, " + (p is null ? "" : "int outputAt, ") + (residual ? "int residualAt, " : "")
                + "float[] expandWeights, float[] expandShifts, float[] depthwiseWeights, float[] depthwiseShifts, " + (p is null ? "" : "float[] projectWeights, float[] projectShifts, ") + ThreadRange.Parameters + ")");
            w.Line("// " + CSharpLiteral.Comment(expand.Name) + " -> " + CSharpLiteral.Comment(depthwise.Name) + (project is null ? "" : " -> " + CSharpLiteral.Comment(project.Name))
                + (blocks > 1 ? " and " + (blocks - 1) + " more block" + (blocks > 2 ? "s" : "") + " (calls in Run)" : "") + ": "
                + expand.Input + " -> " + expand.Output + " -> " + depthwise.Output + (project is null ? "" : " -> " + project.Output) + ", "
                + (expand.MultiplyAdds + depthwise.MultiplyAdds + (project?.MultiplyAdds ?? 0)).ToString("#,0", System.Globalization.CultureInfo.InvariantCulture) + " MACs" + (blocks > 1 ? " each" : "") + ".");
            w.Line("// In bands of a few output rows of the depthwise layer (RowStream.BandRows): a band expands the input rows it reads that are not yet expanded, then runs the depthwise layer"
                + (p is null ? "" : " and the projection") + " on its rows, while the expanded rows are still in L2."
                + (p is null ? " The projection waits for the whole depthwise output (its gate pools it), so it runs after as a layer." : "")
                + " Each layer's buffers and values are those of the " + (p is null ? "two" : "three") + " layer methods.");
            w.Line("// On two threads: " + RowStreams.Parts + " parts of its rows (each part expands the input rows it reads, so where the parts meet both do).");
            w.Line("int oh0 = " + depthwise.Output.Height + " * thread / threads, oh1 = " + depthwise.Output.Height + " * (thread + 1) / threads;");
            string layers = ConvolutionEmitter.ShapeName(nodes[plan.Nodes[expand.Id].Method]) + ", " + Fused(plan.Nodes[expand.Id].Act) + ", "
                + ConvolutionEmitter.ShapeName(nodes[plan.Nodes[depthwise.Id].Method]) + ", " + Fused(plan.Nodes[depthwise.Id].Act);
            if (p is null)
                w.Line(Kernels + ".RowStream.Run<TV, TO, " + layers + ">(" + Arena("input") + ", " + Arena("expanded") + ", " + Arena("depthwise") + ", "
                    + Packed("expandWeights") + ", " + Packed("expandShifts") + ", " + Packed("depthwiseWeights") + ", " + Packed("depthwiseShifts") + ", oh0, oh1);");
            else
                w.Line(Kernels + ".RowStream.Run<TV, TO, " + layers + ", " + ConvolutionEmitter.ShapeName(nodes[p.Method]) + ", " + Fused(p.Act) + ", " + Fused(residual ? p.ResidualAct : Act.None) + ">("
                    + Arena("input") + ", " + Arena("expanded") + ", " + Arena("depthwise") + ", " + Arena("output") + ", " + (residual ? Arena("residual") : Arena("output")) + ", "
                    + Packed("expandWeights") + ", " + Packed("expandShifts") + ", " + Packed("depthwiseWeights") + ", " + Packed("depthwiseShifts") + ", "
                    + Packed("projectWeights") + ", " + Packed("projectShifts") + ", oh0, oh1);");
            w.Close();
        }
    }

    private static string Name(Node expand) => Method(expand) + "_Block";

    private static string Fused(Act act) => Kernels + ".Fused" + act;

    /// <summary>The block's depthwise layer, and its projection where the block streams it (else null).</summary>
    private static (Node Depthwise, Node? Project) Members(Node expand, InferencePlan plan, IReadOnlyList<Node> nodes)
    {
        var first = plan.Nodes[expand.Id];
        return (nodes[RowStreams.Depthwise(nodes, plan.Nodes, first)], RowStreams.HasProjection(nodes, first) ? nodes[first.StreamEnd] : null);
    }

    /// <summary>The first streamed block whose layers call the same methods as <paramref name="expand"/>'s (whose block method it calls).</summary>
    private static Node FirstOfKind(Node expand, InferencePlan plan, IReadOnlyList<Node> nodes)
    {
        var (depthwise, project) = Members(expand, plan, nodes);
        foreach (var other in nodes)
        {
            if (plan.Nodes[other.Id].StreamEnd < 0) continue;
            var (otherDepthwise, otherProject) = Members(other, plan, nodes);
            if (plan.Nodes[other.Id].Method == plan.Nodes[expand.Id].Method && plan.Nodes[otherDepthwise.Id].Method == plan.Nodes[depthwise.Id].Method
                && (otherProject is null) == (project is null) && (project is null || plan.Nodes[otherProject!.Id].Method == plan.Nodes[project.Id].Method)) return other;
        }
        return expand;
    }
}
