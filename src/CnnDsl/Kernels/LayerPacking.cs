using System;
using System.Collections.Generic;
using System.ComponentModel;

namespace CnnDsl.Kernels;

/// <summary>
/// A generated constructor's packing, one short statement per layer: the layer's weights packed as its kernel reads
/// them, with its bias, its own batch norm and every standalone batch norm the plan folded into it gathered into one
/// <see cref="ChannelAffine"/>. The shape and flags come from the layer's node in the network's graph (filters,
/// kernel, groups, <c>Bias</c>, <c>BatchNorm</c>, <c>Epsilon</c>), so the statement names only the layer; the tensors
/// are <c>name.weight</c>, <c>name.bias</c> and <c>name.bn.*</c> (a standalone batch norm's <c>name.*</c>).
/// For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LayerPacking
{
    /// <summary>A convolution (grouped or not) for <see cref="ConvKernel"/>, as <see cref="WeightPacking.ConvPairedBlocks(float[], ChannelAffine, int, int, int, int, int)"/> packs it.</summary>
    public static float[] Conv(NetworkWeights weights, string name, int lanes, out float[] shifts, params string[] foldedBatchNorms)
    {
        var node = Node(weights, name, Op.Conv);
        var affine = Affine(weights, node, foldedBatchNorms);
        var oihw = weights[name + ".weight"];
        // The kernel's row of positions, as the generated shape struct states it (one rule: ConvWalk).
        bool padded = node.PadTop != 0 || node.PadLeft != 0 || node.PadBottom != 0 || node.PadRight != 0;
        bool flat = CnnDsl.Operations.ConvWalk.IsFlat(node.KernelH, node.KernelW, node.StrideH, node.StrideW, padded);
        lanes = ConvLanes.For(node.Filters / node.Groups, CnnDsl.Operations.ConvWalk.Columns(flat, node.Output.Height, node.Output.Width), lanes);
        var packed = node.Groups == 1
            ? WeightPacking.ConvPairedBlocks(oihw, affine, node.Filters, node.Input.Channels, node.KernelH, node.KernelW, lanes)
            : WeightPacking.GroupedConvPairedBlocks(oihw, affine, node.Filters, node.Input.Channels / node.Groups, node.KernelH, node.KernelW, node.Groups, lanes);
        shifts = WeightPacking.Shifts(affine);
        return packed;
    }

    /// <summary>A 3x3 convolution run by <see cref="WinogradConv"/> (F(2x2,3x3)), as <see cref="WinogradWeights.Pack(float[], ChannelAffine, int, int, int, out float[])"/> packs it.</summary>
    public static float[] Winograd(NetworkWeights weights, string name, int lanes, out float[] shifts, params string[] foldedBatchNorms)
    {
        var node = Node(weights, name, Op.Conv);
        return WinogradWeights.Pack(weights[name + ".weight"], Affine(weights, node, foldedBatchNorms), node.Filters, node.Input.Channels, lanes, out shifts);
    }

    /// <summary>A 3x3 convolution run by <see cref="Winograd4Conv"/> (F(4x4,3x3)), as <see cref="Winograd4Weights.Pack(float[], ChannelAffine, int, int, int, out float[])"/> packs it.</summary>
    public static float[] Winograd4(NetworkWeights weights, string name, int lanes, out float[] shifts, params string[] foldedBatchNorms)
    {
        var node = Node(weights, name, Op.Conv);
        return Winograd4Weights.Pack(weights[name + ".weight"], Affine(weights, node, foldedBatchNorms), node.Filters, node.Input.Channels, lanes, out shifts);
    }

    /// <summary>A 5x5 convolution run by <see cref="Winograd5x5Conv"/> (F(2x2,5x5)), as <see cref="Winograd5x5Weights.Pack(float[], ChannelAffine, int, int, int, out float[])"/> packs it.</summary>
    public static float[] Winograd5x5(NetworkWeights weights, string name, int lanes, out float[] shifts, params string[] foldedBatchNorms)
    {
        var node = Node(weights, name, Op.Conv);
        return Winograd5x5Weights.Pack(weights[name + ".weight"], Affine(weights, node, foldedBatchNorms), node.Filters, node.Input.Channels, lanes, out shifts);
    }

    /// <summary>
    /// A 1 x r or r x 1 convolution run by <see cref="WinogradLineConv"/> with 4 outputs per tile (F(4, r)), as
    /// <see cref="WinogradLineWeights.Pack"/> packs it.
    /// </summary>
    public static float[] WinogradLine4(NetworkWeights weights, string name, int lanes, out float[] shifts, params string[] foldedBatchNorms)
    {
        var node = Node(weights, name, Op.Conv);
        return WinogradLineWeights.Pack(weights[name + ".weight"], Affine(weights, node, foldedBatchNorms), node.Filters, node.Input.Channels, 4,
            Math.Max(node.KernelH, node.KernelW), lanes, out shifts);
    }

    /// <summary>A dense layer for <see cref="ConvKernel"/>: the 1x1 convolution whose one position reads every input value.</summary>
    public static float[] Dense(NetworkWeights weights, string name, int lanes, out float[] shifts, params string[] foldedBatchNorms)
    {
        var node = Node(weights, name, Op.Dense);
        var affine = Affine(weights, node, foldedBatchNorms);
        var packed = WeightPacking.ConvPairedBlocks(weights[name + ".weight"], affine, node.Filters, node.Input.Length, 1, 1, ConvLanes.For(node.Filters, 1, lanes));
        shifts = WeightPacking.Shifts(affine);
        return packed;
    }

    /// <summary>A depthwise convolution, as <see cref="WeightPacking.Depthwise(float[], ChannelAffine, int, int, int)"/> packs it.</summary>
    public static float[] Depthwise(NetworkWeights weights, string name, out float[] shifts, params string[] foldedBatchNorms)
    {
        var node = Node(weights, name, Op.DepthwiseConv);
        return WeightPacking.Depthwise(weights[name + ".weight"], Affine(weights, node, foldedBatchNorms), node.Filters, node.KernelH, node.KernelW, out shifts);
    }

    /// <summary>A standalone batch norm (with any batch norm folded into it): its scales, and its shifts.</summary>
    public static float[] BatchNorm(NetworkWeights weights, string name, out float[] shifts, params string[] foldedBatchNorms)
    {
        var node = Node(weights, name, Op.BatchNorm);
        var affine = Affine(weights, node, foldedBatchNorms);
        shifts = WeightPacking.Shifts(affine);
        return WeightPacking.Scales(affine);
    }

    /// <summary>The node's bias, its own batch norm, then each folded standalone batch norm, in that order.</summary>
    private static ChannelAffine Affine(NetworkWeights weights, NodeInfo node, string[] foldedBatchNorms)
    {
        ArgumentNullException.ThrowIfNull(foldedBatchNorms);
        bool standalone = node.Op == Op.BatchNorm;
        var affine = new ChannelAffine(standalone ? node.Output.Channels : node.Filters);
        if (node.Bias) affine.AddBias(weights[node.Name + ".bias"]);
        if (standalone) Fold(affine, weights, node.Name + ".", node.Epsilon);
        else if (node.BatchNorm) Fold(affine, weights, node.Name + ".bn.", node.Epsilon);
        foreach (var folded in foldedBatchNorms)
        {
            var batchNorm = Node(weights, folded, Op.BatchNorm);
            Fold(affine, weights, batchNorm.Name + ".", batchNorm.Epsilon);
        }
        return affine;
    }

    private static void Fold(ChannelAffine affine, NetworkWeights weights, string prefix, float epsilon)
        => affine.FoldBatchNorm(weights[prefix + "weight"], weights[prefix + "bias"], weights[prefix + "running_mean"], weights[prefix + "running_var"], epsilon);

    /// <summary>The graph's node named <paramref name="name"/>, which must be a <paramref name="op"/>.</summary>
    private static NodeInfo Node(NetworkWeights weights, string name, Op op)
    {
        ArgumentNullException.ThrowIfNull(weights);
        foreach (var node in (IEnumerable<NodeInfo>)weights.Graph)
        {
            if (node.Name != name) continue;
            if (node.Op != op) throw new ArgumentException("Layer '" + name + "' is a " + node.Op + " node in the network's graph, not a " + op + ".", nameof(name));
            return node;
        }
        throw new ArgumentException("The network's graph has no node named '" + name + "' (a " + op + " to pack).", nameof(name));
    }
}
