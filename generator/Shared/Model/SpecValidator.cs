using System.Collections.Generic;
using CnnDsl.Layers;

namespace CnnDsl.Model;

/// <summary>
/// Checks the arguments of layer attributes that are wrong whatever shape reaches them (non-positive sizes,
/// rates out of range, enum values that do not exist, blocks that are not blocks or use themselves). Each layer
/// kind's own checks live with its definition.
/// </summary>
internal static class SpecValidator
{
    public static void Validate(LayerSpec layer, List<ModelError> errors, int outerSourceId = -1)
        => Layers.Layers.For(layer.Kind).Validate(layer, new ArgumentChecks(errors, layer.SourceId, outerSourceId));

    /// <summary>Validates every layer of a block (used for the block on its own, and under each Use).</summary>
    public static void ValidateBlock(BlockSpec block, List<ModelError> errors, int outerSourceId = -1)
    {
        var check = new ArgumentChecks(errors, block.SourceId, outerSourceId);
        if (block.Merge != Merge.Concat && block.Merge != Merge.Add)
            check.Add(global::CnnDsl.Diagnostics.DiagnosticIds.InvalidArgument, nameof(BlockAttribute.Merge), nameof(BlockAttribute.Merge), ArgumentChecks.Format((int)block.Merge), "Merge.Concat or Merge.Add");
        check.Act(nameof(BlockAttribute.Act), block.Act);
        foreach (var branch in block.Branches)
        {
            foreach (var layer in branch.Layers) Validate(layer, errors, outerSourceId);
        }
    }
}
