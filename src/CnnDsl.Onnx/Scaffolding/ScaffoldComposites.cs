using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using static CnnDsl.Onnx.OnnxScaffoldWalker;

namespace CnnDsl.Onnx;

/// <summary>
/// Rewrites scaffolded layers that are exactly one of the DSL's composites into that composite, so a scaffolded
/// MobileNet, EfficientNet or GoogLeNet reads like the zoo's: <c>[InvertedResidual]</c> and <c>[MBConv]</c> (with the
/// residual add exactly when the composite adds one; consecutive blocks of a stage as one <c>Repeat</c>),
/// <c>[Inception]</c> and <c>[DepthwiseSeparable]</c>. "Exactly" is the composite's lowering: the same activations,
/// windows padded as <c>Padding.Same</c> pads them on that input, no dilation, branches in the composite's order.
/// Batch norms need not match: a composite's convolutions have biases, and the importer folds each ONNX batch norm
/// into them with the file's own epsilon (the scaffold's <c>BatchNormEpsilon</c> disappears with the layer). Anything
/// else stays as the plain layers and blocks.
/// </summary>
internal static class ScaffoldComposites
{
    private const string Relu = "Act = Act.Relu", Relu6 = "Act = Act.Relu6", Swish = "Act = Act.Swish";

    /// <summary>The items with every composite found in them (and in the branches of the blocks left) rewritten.</summary>
    public static List<ScaffoldItem> Collapse(IReadOnlyList<ScaffoldItem> items)
    {
        var result = new List<ScaffoldItem>();
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i] is BlockItem block)
            {
                result.Add(Residual(block) ?? Inception(block)
                    ?? (ScaffoldItem)(block with { Branches = block.Branches.Select(b => b with { Items = Collapse(b.Items) }).ToList() }));
            }
            else if (Bottleneck(items, i, residual: false, out int length) is { } bottleneck)
            {
                result.Add(bottleneck);
                i += length - 1;
            }
            else if (Separable(items, i) is { } separable)
            {
                result.Add(separable);
                i++;
            }
            else
            {
                result.Add(items[i]);
            }
        }
        return Repeats(result);
    }

    /// <summary>One MobileNet V2 or EfficientNet block (<see cref="Repeat"/> 1 until neighbours join it).</summary>
    private sealed record BottleneckItem(bool MBConv, long Filters, long Expansion, long Kernel, long Stride, string? SqueezeExcite) : ScaffoldItem
    {
        public int Repeat { get; init; } = 1;

        /// <summary>The zoo's argument order: InvertedResidual(c, Expansion, Repeat, Stride); MBConv(c, Expansion, Kernel, Repeat, Stride).</summary>
        public LayerItem ToLayer()
        {
            var args = new List<string> { Num(Filters), "Expansion = " + Num(Expansion) };
            if (MBConv) args.Add("Kernel = " + Num(Kernel));
            if (Repeat != 1) args.Add("Repeat = " + Num(Repeat));
            if (Stride != 1) args.Add("Stride = " + Num(Stride));
            if (!MBConv && Kernel != 3) args.Add("Kernel = " + Num(Kernel));
            if (MBConv && SqueezeExcite != "0.25") args.Add("SqueezeExcite = " + (SqueezeExcite ?? "0"));
            return new LayerItem((MBConv ? "MBConv(" : "InvertedResidual(") + string.Join(", ", args) + ")");
        }
    }

    /// <summary>
    /// [1x1 expand,] depthwise, [squeeze-and-excitation (MBConv),] linear 1x1 projection from <paramref name="start"/>,
    /// all with ReLU6 (InvertedResidual) or Swish (MBConv); the composite adds the input back exactly when the stride is
    /// 1 and the channels match, which must be <paramref name="residual"/>.
    /// </summary>
    private static BottleneckItem? Bottleneck(IReadOnlyList<ScaffoldItem> items, int start, bool residual, out int length)
    {
        length = 0;
        int i = start;
        var expand = At(items, i) is { Op: Op.Conv } e && Pointwise(e) ? e : null;
        if (expand is not null) i++;
        if (At(items, i++) is not { Op: Op.DepthwiseConv, SameWindow: true, Kernel: > 0, Stride: > 0 } depthwise) return null;
        bool mbconv = depthwise.Act == Swish;
        if (!mbconv && depthwise.Act != Relu6) return null;
        if (expand is not null && expand.Act != depthwise.Act) return null;
        // A 1x1 with the block's activation just before is its expansion: a block that is no composite as a whole
        // (a missing residual add) stays whole rather than become a 1x1 and an Expansion = 1 block.
        if (expand is null && At(items, start - 1) is { } before && Pointwise(before) && before.Act == depthwise.Act) return null;
        var squeeze = mbconv && At(items, i) is { Op: Op.Scale, Act: Swish } s ? s : null;
        if (squeeze is not null) i++;
        if (At(items, i++) is not { Op: Op.Conv, Act: "" } project || !Pointwise(project)) return null;
        long channels = (expand ?? depthwise).In.C;
        long expansion = 1;
        if (expand is not null)
        {
            // Expansion 1 has no expand convolution, so a 1x1 to the same width is not this composite.
            if (expand.Filters % channels != 0 || expand.Filters == channels) return null;
            expansion = expand.Filters / channels;
        }
        if ((depthwise.Stride == 1 && channels == project.Filters) != residual) return null;
        string? ratio = null;
        if (squeeze is not null && (ratio = SqueezeRatio(squeeze.Filters, channels)) is null) return null;
        length = i - start;
        return new BottleneckItem(mbconv, project.Filters, expansion, depthwise.Kernel, depthwise.Stride, ratio);
    }

    /// <summary>A ratio of the block's input channels that MBConv squeezes to <paramref name="squeezed"/> (max(1, floor(channels * ratio))).</summary>
    private static string? SqueezeRatio(long squeezed, long channels)
    {
        foreach (double ratio in new[] { (double)squeezed / channels, (squeezed + 0.5) / channels })
        {
            string text = ratio.ToString("R", CultureInfo.InvariantCulture);
            double read = double.Parse(text, CultureInfo.InvariantCulture);
            if (Math.Max(1.0, Math.Floor(channels * read)) == squeezed) return text;
        }
        return null;
    }

    /// <summary>An Add of the input and a bottleneck whose stride and channels make the composite add it.</summary>
    private static BottleneckItem? Residual(BlockItem block)
    {
        if (block is not { Merge: "Merge.Add", Act: "", Branches: [var a, var b] } || a.Identity == b.Identity) return null;
        var body = a.Identity ? b.Items : a.Items;
        return Bottleneck(body, 0, residual: true, out int length) is { } bottleneck && length == body.Count ? bottleneck : null;
    }

    /// <summary>GoogLeNet's module: 1x1 | 1x1, 3x3 | 1x1, 5x5 | 3x3 max pool (stride 1, same), 1x1, ReLU after each convolution, concatenated in that order.</summary>
    private static LayerItem? Inception(BlockItem block)
    {
        if (block is not { Merge: "Merge.Concat", Act: "", Branches: [var b1, var b3, var b5, var bPool] }) return null;
        if (b1.Items is not [LayerItem n1x1] || !ReluConv(n1x1, 1)) return null;
        if (b3.Items is not [LayerItem r3, LayerItem n3] || !ReluConv(r3, 1) || !ReluConv(n3, 3)) return null;
        if (b5.Items is not [LayerItem r5, LayerItem n5] || !ReluConv(r5, 1) || !ReluConv(n5, 5)) return null;
        if (bPool.Items is not [LayerItem { Op: Op.MaxPool, Kernel: 3, Stride: 1, SameWindow: true }, LayerItem proj] || !ReluConv(proj, 1)) return null;
        return new LayerItem(Inv($"Inception({n1x1.Filters}, {r3.Filters}, {n3.Filters}, {r5.Filters}, {n5.Filters}, {proj.Filters})"));
    }

    /// <summary>MobileNet V1's depthwise then 1x1 pointwise, the same activation after each.</summary>
    private static LayerItem? Separable(IReadOnlyList<ScaffoldItem> items, int start)
    {
        if (At(items, start) is not { Op: Op.DepthwiseConv, SameWindow: true, Kernel: > 0, Stride: > 0 } depthwise
            || At(items, start + 1) is not { Op: Op.Conv } pointwise || !Pointwise(pointwise) || pointwise.Act != depthwise.Act)
        {
            return null;
        }
        var args = new List<string> { Num(pointwise.Filters) };
        if (depthwise.Stride != 1) args.Add("Stride = " + Num(depthwise.Stride));
        if (depthwise.Kernel != 3) args.Add("Kernel = " + Num(depthwise.Kernel));
        if (depthwise.Act != Relu) args.Add(depthwise.Act == "" ? "Act = Act.None" : depthwise.Act);
        return new LayerItem("DepthwiseSeparable(" + string.Join(", ", args) + ")");
    }

    /// <summary>Neighbouring blocks of one stage (the same composite and widths, the later ones at stride 1) become one with a Repeat.</summary>
    private static List<ScaffoldItem> Repeats(List<ScaffoldItem> items)
    {
        var result = new List<ScaffoldItem>();
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i] is not BottleneckItem first)
            {
                result.Add(items[i]);
                continue;
            }
            int repeat = 1;
            while (i + 1 < items.Count && items[i + 1] is BottleneckItem next && next == first with { Stride = 1 })
            {
                repeat++;
                i++;
            }
            result.Add((first with { Repeat = repeat }).ToLayer());
        }
        return result;
    }

    private static LayerItem? At(IReadOnlyList<ScaffoldItem> items, int index) => index >= 0 && index < items.Count ? items[index] as LayerItem : null;

    /// <summary>A 1x1 convolution at stride 1 without padding.</summary>
    private static bool Pointwise(LayerItem item) => item is { Op: Op.Conv, Kernel: 1, Stride: 1, SameWindow: true };

    private static bool ReluConv(LayerItem item, long kernel) => item is { Op: Op.Conv, Stride: 1, SameWindow: true, Act: Relu } && item.Kernel == kernel;

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);
}
