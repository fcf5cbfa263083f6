using System.Collections.Generic;
using CnnDsl.Model;
using CnnDsl.Operations;
using static CnnDsl.Generator.Emit.InferenceNames;

namespace CnnDsl.Generator.Emit.Operations;

/// <summary>
/// The constructor code shared by operations with a per-channel affine epilogue (convolutions, dense, batch norm):
/// the bias and every batch norm that folds into the node, gathered into one <c>ChannelAffine</c>.
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

    /// <summary>
    /// The <c>ChannelAffine</c> expression over <paramref name="channels"/>: the bias, the node's own batch norm (tensors
    /// under <paramref name="ownBatchNorm"/>, when not null), then each standalone batch norm the plan folded into it,
    /// which a comment line names first.
    /// </summary>
    public static string Affine(IndentedWriter w, Node node, NodePlan plan, NetworkModel model, int channels, bool bias, string? ownBatchNorm, float epsilon)
    {
        string folds = "";
        if (bias) folds += ".AddBias(" + Tensor(node.Name + ".bias") + ")";
        if (ownBatchNorm is not null) folds += Fold(ownBatchNorm, epsilon);
        var folded = new List<string>();
        foreach (int id in plan.FoldedBatchNorms)
        {
            var batchNorm = model.Nodes[id];
            folds += Fold(batchNorm.Name + ".", ((BatchNormOperation)batchNorm.Operation).Epsilon);
            folded.Add(batchNorm.Name);
        }
        // The node's own tensors name it in the statement; a batch norm folded from another node is worth a line.
        if (folded.Count > 0) w.Line("// " + CSharpLiteral.Comment(node.Name) + ": folds " + CSharpLiteral.Comment(string.Join(", ", folded)) + " into the weights and bias");
        return "new " + Kernels + ".ChannelAffine(" + channels + ")" + folds;
    }

    /// <summary>The argument that receives the packed shifts from a packing call that computes them too.</summary>
    public static string OutShifts(Node node) => "out " + ShiftField(node);

    public static void Shifts(IndentedWriter w, Node node, string affine)
        => w.Line(ShiftField(node) + " = " + Kernels + ".WeightPacking.Shifts(" + affine + ");");

    public static string Tensor(string name) => "weights[" + CSharpLiteral.String(name) + "]";

    private static string Fold(string prefix, float epsilon)
        => ".FoldBatchNorm(" + Tensor(prefix + "weight") + ", " + Tensor(prefix + "bias") + ", " + Tensor(prefix + "running_mean") + ", "
            + Tensor(prefix + "running_var") + ", " + CSharpLiteral.Float(epsilon) + ")";
}
