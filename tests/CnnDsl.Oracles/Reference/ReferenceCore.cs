using System;

namespace CnnDsl.Oracles;

/// <summary>A node's own operation, before its fused batch norm and activation: the dispatch from <see cref="Op"/> to the reference of that operation.</summary>
internal static class ReferenceCore
{
    /// <summary>Looks up a parameter tensor of the node by its full name and checks its length.</summary>
    public delegate double[] TensorLookup(string name, int expectedLength);

    /// <summary>Looks up a parameter's gradient by full name, or null when the parameter is frozen.</summary>
    public delegate double[]? GradientLookup(string name);

    public static double[] Forward(NodeInfo node, double[][] inputs, TensorLookup tensor, int batch, double[]? dropoutMask)
    {
        switch (node.Op)
        {
            case Op.Conv: return ReferenceConvolution.Forward(node, inputs[0], Weight(node, tensor), Bias(node, tensor), batch);
            case Op.DepthwiseConv: return ReferenceDepthwiseConvolution.Forward(node, inputs[0], Weight(node, tensor), Bias(node, tensor), batch);
            case Op.Dense: return ReferenceDense.Forward(node, inputs[0], Weight(node, tensor), Bias(node, tensor), batch);
            case Op.MaxPool: return ReferencePooling.MaxForward(node, inputs[0], batch);
            case Op.AvgPool: return ReferencePooling.AvgForward(node, inputs[0], batch);
            case Op.GlobalAvgPool: return ReferenceGlobalAvgPool.Forward(node, inputs[0], batch);
            case Op.Add: return ReferenceMerges.AddForward(node, inputs);
            case Op.Concat: return ReferenceMerges.ConcatForward(node, inputs, batch);
            case Op.Scale: return ReferenceMerges.ScaleForward(node, inputs[0], inputs[1], batch);
            case Op.Dropout when dropoutMask is not null:
                var y = (double[])inputs[0].Clone();
                for (int i = 0; i < y.Length; i++) y[i] *= dropoutMask[i];
                return y;
            // Flatten moves no data in NHWC; dropout at inference, a standalone batch norm or activation start from their input.
            case Op.Flatten or Op.Dropout or Op.Activation or Op.BatchNorm: return (double[])inputs[0].Clone();
            default: throw new NotSupportedException($"Node '{node.Name}': the reference executor does not know operation {node.Op}.");
        }
    }

    /// <summary>Adds the gradients of the inputs (entries of <paramref name="dInputs"/> may be null: not needed) and of the node's parameters.</summary>
    public static void Backward(NodeInfo node, double[][] inputs, TensorLookup tensor, double[] dy, int batch, double[]? dropoutMask,
        double[]?[] dInputs, GradientLookup gradient)
    {
        switch (node.Op)
        {
            case Op.Conv:
                ReferenceConvolution.Backward(node, inputs[0], Weight(node, tensor), dy, batch, dInputs[0], gradient(node.Name + ".weight"), node.Bias ? gradient(node.Name + ".bias") : null);
                return;
            case Op.DepthwiseConv:
                ReferenceDepthwiseConvolution.Backward(node, inputs[0], Weight(node, tensor), dy, batch, dInputs[0], gradient(node.Name + ".weight"), node.Bias ? gradient(node.Name + ".bias") : null);
                return;
            case Op.Dense:
                ReferenceDense.Backward(node, inputs[0], Weight(node, tensor), dy, batch, dInputs[0], gradient(node.Name + ".weight"), node.Bias ? gradient(node.Name + ".bias") : null);
                return;
            case Op.MaxPool:
                if (dInputs[0] is { } dMax) ReferencePooling.MaxBackward(node, inputs[0], dy, batch, dMax);
                return;
            case Op.AvgPool:
                if (dInputs[0] is { } dAvg) ReferencePooling.AvgBackward(node, dy, batch, dAvg);
                return;
            case Op.GlobalAvgPool:
                if (dInputs[0] is { } dGap) ReferenceGlobalAvgPool.Backward(node, dy, batch, dGap);
                return;
            case Op.Add:
                ReferenceMerges.AddBackward(dy, NonNull(dInputs, dy.Length));
                return;
            case Op.Concat:
                var sizes = new double[dInputs.Length][];
                for (int k = 0; k < sizes.Length; k++) sizes[k] = dInputs[k] ?? new double[inputs[k].Length];
                ReferenceMerges.ConcatBackward(node, dy, sizes, batch);
                return;
            case Op.Scale:
                ReferenceMerges.ScaleBackward(node, inputs[0], inputs[1], dy, batch, dInputs[0] ?? new double[inputs[0].Length], dInputs[1] ?? new double[inputs[1].Length]);
                return;
            case Op.Flatten or Op.Dropout or Op.Activation or Op.BatchNorm:
                if (dInputs[0] is not { } d) return;
                for (int i = 0; i < dy.Length; i++) d[i] += node.Op == Op.Dropout && dropoutMask is not null ? dy[i] * dropoutMask[i] : dy[i];
                return;
            default: throw new NotSupportedException($"Node '{node.Name}': the reference executor does not know operation {node.Op}.");
        }
    }

    private static double[][] NonNull(double[]?[] gradients, int length)
    {
        var result = new double[gradients.Length][];
        for (int k = 0; k < result.Length; k++) result[k] = gradients[k] ?? new double[length];
        return result;
    }

    private static double[] Weight(NodeInfo node, TensorLookup tensor)
    {
        int length = node.Op switch
        {
            Op.Conv => node.Output.Channels * (node.Input.Channels / node.Groups) * node.KernelH * node.KernelW,
            Op.DepthwiseConv => node.Input.Channels * node.KernelH * node.KernelW,
            _ => node.Output.Length * node.Input.Length,
        };
        return tensor(node.Name + ".weight", length);
    }

    private static double[]? Bias(NodeInfo node, TensorLookup tensor) => node.Bias ? tensor(node.Name + ".bias", node.Output.Channels) : null;
}
