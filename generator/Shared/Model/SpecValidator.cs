using System.Collections.Generic;
using System.Globalization;

namespace CnnDsl.Model;

/// <summary>
/// Checks the arguments of layer attributes that are wrong whatever shape reaches them (non-positive sizes,
/// rates out of range, enum values that do not exist, blocks that are not blocks or use themselves).
/// </summary>
internal static class SpecValidator
{
    public static void Validate(LayerSpec layer, List<ModelError> errors, int outerSourceId = -1)
    {
        var sink = new Sink(errors, layer.SourceId, outerSourceId);
        switch (layer.Kind)
        {
            case LayerKind.Conv:
                sink.Positive("filters", layer.Filters);
                sink.Positive("kernel", layer.Kernel);
                sink.Positive("Stride", layer.Stride);
                sink.Pad(layer.Pad);
                sink.Padding(layer.Padding);
                sink.ExplicitPads(layer);
                sink.Act("Act", layer.Act);
                break;
            case LayerKind.DepthwiseConv:
                sink.Positive("kernel", layer.Kernel);
                sink.Positive("Stride", layer.Stride);
                sink.Pad(layer.Pad);
                sink.Padding(layer.Padding);
                sink.ExplicitPads(layer);
                sink.Act("Act", layer.Act);
                break;
            case LayerKind.MaxPool:
            case LayerKind.AvgPool:
                sink.Positive("size", layer.Kernel);
                if (layer.Stride < 0) sink.Add(global::CnnDsl.Diagnostics.DiagnosticIds.NonPositiveArgument, "Stride", "Stride", Format(layer.Stride));
                sink.Padding(layer.Padding);
                sink.ExplicitPads(layer);
                break;
            case LayerKind.Dense:
                sink.Positive("units", layer.Units);
                sink.Act("Act", layer.Act);
                break;
            case LayerKind.Dropout:
                if (!(layer.Rate >= 0 && layer.Rate < 1))
                    sink.Add(global::CnnDsl.Diagnostics.DiagnosticIds.InvalidArgument, "rate", "rate", layer.Rate.ToString("R", CultureInfo.InvariantCulture), "a fraction in [0, 1)");
                break;
            case LayerKind.BatchNorm:
                if (!(layer.Epsilon > 0) || float.IsInfinity(layer.Epsilon))
                    sink.Add(global::CnnDsl.Diagnostics.DiagnosticIds.InvalidArgument, "Epsilon", "Epsilon", layer.Epsilon.ToString("R", CultureInfo.InvariantCulture), "a positive number");
                sink.Act("Act", layer.Act);
                break;
            case LayerKind.Activation:
                sink.Act("act", layer.Act);
                break;
            case LayerKind.Inception:
                for (int i = 0; i < layer.Columns.Count; i++) sink.Positive(InceptionColumns.ParameterNames[i], layer.Columns[i]);
                break;
            case LayerKind.DepthwiseSeparable:
                sink.Positive("filters", layer.Filters);
                sink.Positive("Stride", layer.Stride);
                sink.Positive("Kernel", layer.Kernel);
                sink.Act("Act", layer.Act);
                break;
            case LayerKind.InvertedResidual:
                sink.Positive("filters", layer.Filters);
                sink.Positive("Expansion", layer.Expansion);
                sink.Positive("Stride", layer.Stride);
                sink.Positive("Repeat", layer.Repeat);
                sink.Positive("Kernel", layer.Kernel);
                break;
            case LayerKind.MBConv:
                sink.Positive("filters", layer.Filters);
                sink.Positive("Expansion", layer.Expansion);
                sink.Positive("Stride", layer.Stride);
                sink.Positive("Repeat", layer.Repeat);
                sink.Positive("Kernel", layer.Kernel);
                if (!(layer.SqueezeExcite >= 0) || double.IsInfinity(layer.SqueezeExcite))
                    sink.Add(global::CnnDsl.Diagnostics.DiagnosticIds.InvalidArgument, "SqueezeExcite", "SqueezeExcite", layer.SqueezeExcite.ToString("R", CultureInfo.InvariantCulture), "a fraction of the input channels, 0 or more (0 turns it off)");
                break;
            case LayerKind.SqueezeExcite:
                if (!(layer.SqueezeExcite > 0) || double.IsInfinity(layer.SqueezeExcite))
                    sink.Add(global::CnnDsl.Diagnostics.DiagnosticIds.InvalidArgument, "ratio", "ratio", layer.SqueezeExcite.ToString("R", CultureInfo.InvariantCulture), "a positive fraction of the input channels");
                sink.Act("Act", layer.Act);
                break;
            case LayerKind.Use:
                sink.Positive("Repeat", layer.Repeat);
                if (layer.Problem == UseProblem.NotABlock)
                {
                    sink.Add(global::CnnDsl.Diagnostics.DiagnosticIds.NotABlock, "block", layer.BlockTypeName ?? "?");
                }
                else if (layer.Problem == UseProblem.Cycle)
                {
                    sink.Add(global::CnnDsl.Diagnostics.DiagnosticIds.BlockCycle, "block", layer.BlockTypeName ?? "?");
                }
                else if (layer.Block is { } block)
                {
                    if (block.Branches.Count == 0) sink.Add(global::CnnDsl.Diagnostics.DiagnosticIds.EmptyBlock, "block", block.TypeName);
                    ValidateBlock(block, errors, outerSourceId < 0 ? layer.SourceId : outerSourceId);
                }
                break;
        }
    }

    /// <summary>Validates every layer of a block (used for the block on its own, and under each Use).</summary>
    public static void ValidateBlock(BlockSpec block, List<ModelError> errors, int outerSourceId = -1)
    {
        var sink = new Sink(errors, block.SourceId, outerSourceId);
        if (block.Merge != MergeKind.Concat && block.Merge != MergeKind.Add)
            sink.Add(global::CnnDsl.Diagnostics.DiagnosticIds.InvalidArgument, "Merge", "Merge", Format((int)block.Merge), "Merge.Concat or Merge.Add");
        sink.Act("Act", block.Act);
        foreach (var branch in block.Branches)
        {
            foreach (var layer in branch.Layers) Validate(layer, errors, outerSourceId);
        }
    }

    private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    private readonly struct Sink(List<ModelError> errors, int sourceId, int outerSourceId)
    {
        public void Add(string id, string argument, params string[] args)
            => errors.Add(new ModelError(id, sourceId, argument, args.ToEquatableArray()) { OuterSourceId = outerSourceId });

        public void Positive(string argument, int value)
        {
            if (value <= 0) Add(global::CnnDsl.Diagnostics.DiagnosticIds.NonPositiveArgument, argument, argument, Format(value));
        }

        public void Pad(int pad)
        {
            if (pad < -1) Add(global::CnnDsl.Diagnostics.DiagnosticIds.NegativePad, "Pad", Format(pad));
        }

        public void Padding(PaddingKind padding)
        {
            if (padding != PaddingKind.Same && padding != PaddingKind.Valid && padding != PaddingKind.SameLower)
                Add(global::CnnDsl.Diagnostics.DiagnosticIds.InvalidArgument, "Padding", "Padding", Format((int)padding), "Padding.Same, Padding.Valid or Padding.SameLower");
        }

        /// <summary>
        /// PadTop/Left/Bottom/Right: all unset (-1), or all 0 or more. A negative value is reported on itself; a
        /// missing one on the first pad that is set (the missing one may not be written at all).
        /// </summary>
        public void ExplicitPads(LayerSpec layer)
        {
            int[] values = { layer.PadTop, layer.PadLeft, layer.PadBottom, layer.PadRight };
            string[] names = { "PadTop", "PadLeft", "PadBottom", "PadRight" };
            int firstSet = -1, firstUnset = -1;
            for (int i = 0; i < values.Length; i++)
            {
                if (values[i] < -1)
                {
                    Add(global::CnnDsl.Diagnostics.DiagnosticIds.IncompletePads, names[i], names[i], Format(values[i]));
                    return;
                }
                if (values[i] >= 0 && firstSet < 0) firstSet = i;
                if (values[i] == -1 && firstUnset < 0) firstUnset = i;
            }
            if (firstSet >= 0 && firstUnset >= 0)
                Add(global::CnnDsl.Diagnostics.DiagnosticIds.IncompletePads, names[firstSet], names[firstUnset], "-1");
        }

        public void Act(string argument, ActKind act)
        {
            if (act < ActKind.None || act > ActKind.Softmax)
                Add(global::CnnDsl.Diagnostics.DiagnosticIds.InvalidArgument, argument, argument, Format((int)act), "a defined Act value");
        }
    }
}
