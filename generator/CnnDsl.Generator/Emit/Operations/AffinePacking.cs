using System.Collections.Generic;
using CnnDsl.Model;
using CnnDsl.Operations;
using static CnnDsl.Generator.Emit.InferenceNames;

namespace CnnDsl.Generator.Emit.Operations;

/// <summary>
/// The constructor code shared by operations with a per-channel affine epilogue (convolutions, dense, batch norm):
/// one runtime <c>LayerPacking</c> call, which gathers the bias and every batch norm that folds into the node.
/// </summary>
internal static class AffinePacking
{
    public static IEnumerable<string> WeightAndShiftFields(Node node)
    {
        yield return WeightField(node);
        yield return ShiftField(node);
    }

    /// <summary><paramref name="operands"/>, then the packed weights and shifts (the fields of <see cref="WeightAndShiftFields"/>).</summary>
    public static IEnumerable<Operand> WithWeightsAndShifts(IEnumerable<Operand> operands, Node node)
    {
        foreach (var operand in operands) yield return operand;
        yield return Operand.Array("weights", WeightField(node));
        yield return Operand.Array("shifts", ShiftField(node));
    }

    /// <summary>The constructor's local holding the weights and vector width every packing statement uses (a <c>LayerPacker</c>).</summary>
    public const string Packer = "pack";

    /// <summary>
    /// The constructor's statement packing the node's weights into <paramref name="field"/> and its shifts:
    /// <c>pack.{method}("name", out shifts)</c> (the <see cref="Packer"/>: <c>LayerPacking.{method}</c> with the weights
    /// and vector width given once), which reads the shape, the bias and the node's own batch norm from the graph; each
    /// standalone batch norm the plan folded into the node is named after them.
    /// </summary>
    public static void Pack(IndentedWriter w, Node node, NodePlan plan, NetworkModel model, string method, string field)
    {
        string folded = "";
        foreach (int id in plan.FoldedBatchNorms) folded += ", " + CSharpLiteral.String(model.Nodes[id].Name);
        w.Line(field + " = " + Packer + "." + method + "(" + CSharpLiteral.String(node.Name) + ", out " + ShiftField(node) + folded + ");");
    }
}
