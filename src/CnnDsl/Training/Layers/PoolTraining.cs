using System;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using CnnDsl.Kernels;

namespace CnnDsl.Training;

/// <summary>
/// A max or average pooling layer in training, with <typeparamref name="TShape"/>'s geometry as constants: its forward on
/// the generated inference's <see cref="PoolKernel"/>, its input gradient here, image by image. For generated code only.
/// </summary>
/// <typeparam name="TShape">The generated inference's constant shape of the layer.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class PoolTraining<TShape> : TrainingLayer where TShape : struct, IPoolShape
{
    private int _outHeight;

    private protected PoolTraining()
    {
    }

    /// <summary>The operation the layer was generated for.</summary>
    private protected abstract Op Operation { get; }

    private protected static int InLength => TShape.InHeight * TShape.InWidth * TShape.Channels;

    private protected int OutHeight => _outHeight;

    private protected int OutLength => _outHeight * TShape.OutWidth * TShape.Channels;

    internal override void Check(NodeInfo node)
    {
        bool same = node.Op == Operation && node.Input.Channels == TShape.Channels && node.Output.Channels == TShape.Channels
            && node.Input.Height == TShape.InHeight && node.Input.Width == TShape.InWidth && node.Output.Width == TShape.OutWidth
            && node.KernelH == TShape.KernelH && node.KernelW == TShape.KernelW && node.StrideH == TShape.StrideH && node.StrideW == TShape.StrideW
            && node.PadTop == TShape.PadTop && node.PadLeft == TShape.PadLeft && (Operation == Op.MaxPool || node.CountIncludePad == TShape.CountIncludePad);
        if (!same)
            throw new ArgumentException($"Node '{node.Name}' ({node.Op} {node.Input} -> {node.Output}, window {node.KernelH}x{node.KernelW}) is not the {Operation} "
                + $"{TShape.InHeight}x{TShape.InWidth}x{TShape.Channels} -> {TShape.OutWidth} columns, window {TShape.KernelH}x{TShape.KernelW}, its generated training layer was made for. "
                + "Rebuild the network with this version of CnnDsl.", nameof(node));
        _outHeight = node.Output.Height;
    }

    internal override void Pack(float[] weights, float[]? bias)
    {
    }

    internal override void Forward(float[] input, float[] output, int image)
    {
        ref float x = ref Image(input, image, InLength);
        ref float y = ref Image(output, image, OutLength);
        switch (Simd.Best)
        {
            case SimdWidth.Vector512: Pool<Vector512<float>, Vector512Ops>(ref x, ref y); break;
            case SimdWidth.Vector256: Pool<Vector256<float>, Vector256Ops>(ref x, ref y); break;
            case SimdWidth.Vector128: Pool<Vector128<float>, Vector128Ops>(ref x, ref y); break;
            default: Pool<float, ScalarOps>(ref x, ref y); break;
        }
    }

    /// <summary>Output rows 0 .. the layer's of one image on the inference's kernel.</summary>
    private protected abstract void Pool<TV, TO>(ref float x, ref float y) where TV : struct where TO : struct, IVectorOps<TV>;

    /// <summary>The window of output (<paramref name="oh"/>, <paramref name="ow"/>) inside the input: rows h0..h1, columns w0..w1 (as inference's <see cref="PoolKernel"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private protected static (int H0, int H1, int W0, int W1) Window(int oh, int ow)
    {
        var (h0, h1) = PoolKernel.WindowRows<TShape>(oh);
        var (w0, w1) = PoolKernel.WindowColumns<TShape>(ow);
        return (h0, h1, w0, w1);
    }
}

/// <summary>
/// Max pooling in training: the backward sends each output's gradient to the window's largest input inside the image
/// (the first in row-major window order on a tie: a later position replaces the best only when strictly larger), found
/// again from the input the forward read. For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class MaxPoolTraining<TShape> : PoolTraining<TShape> where TShape : struct, IPoolShape
{
    private float[]? _input;

    private protected override Op Operation => Op.MaxPool;

    internal override void Forward(float[] input, float[] output, int image)
    {
        _input = input; // the node's input buffer, kept by the trainer for this backward
        base.Forward(input, output, image);
    }

    private protected override void Pool<TV, TO>(ref float x, ref float y) => PoolKernel.Max<TV, TO, TShape>(ref x, ref y, 0, OutHeight);

    internal override void InputGradient(float[] outputGradient, float[] inputGradient, int image, bool overwrite)
    {
        var kept = _input ?? throw new InvalidOperationException("A max pooling layer's backward runs after its forward.");
        ref float x = ref Image(kept, image, InLength);
        ref float dy = ref Image(outputGradient, image, OutLength);
        ref float dx = ref Image(inputGradient, image, InLength);
        if (overwrite) MemoryMarshal.CreateSpan(ref dx, InLength).Clear();
        int channels = TShape.Channels, lanes = Vector<float>.Count;
        for (int oh = 0; oh < OutHeight; oh++)
        for (int ow = 0; ow < TShape.OutWidth; ow++)
        {
            var (h0, h1, w0, w1) = Window(oh, ow);
            if (h0 >= h1 || w0 >= w1) throw new InvalidOperationException($"The window of output ({oh}, {ow}) lies entirely in the padding.");
            ref float g = ref Unsafe.Add(ref dy, ((nint)oh * TShape.OutWidth + ow) * channels);
            int first = (h0 * TShape.InWidth + w0) * channels, c = 0;
            for (; c + lanes <= channels; c += lanes)
            {
                var best = Vector.LoadUnsafe(ref x, (nuint)(first + c));
                var bestAt = new Vector<int>(first);
                for (int h = h0; h < h1; h++)
                for (int w = w0; w < w1; w++)
                {
                    int at = (h * TShape.InWidth + w) * channels;
                    var v = Vector.LoadUnsafe(ref x, (nuint)(at + c));
                    var larger = Vector.GreaterThan(v, best);
                    best = Vector.ConditionalSelect(larger, v, best);
                    bestAt = Vector.ConditionalSelect(larger, new Vector<int>(at), bestAt);
                }
                for (int j = 0; j < lanes; j++) Unsafe.Add(ref dx, bestAt[j] + c + j) += Unsafe.Add(ref g, c + j);
            }
            for (; c < channels; c++)
            {
                int bestAt = first + c;
                for (int h = h0; h < h1; h++)
                for (int w = w0; w < w1; w++)
                {
                    int at = (h * TShape.InWidth + w) * channels + c;
                    if (Unsafe.Add(ref x, at) > Unsafe.Add(ref x, bestAt)) bestAt = at;
                }
                Unsafe.Add(ref dx, bestAt) += Unsafe.Add(ref g, c);
            }
        }
    }
}

/// <summary>
/// Average pooling in training: the backward gives each window position inside the image dy / divisor (the window's
/// area with count_include_pad, else its positions inside the image). For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class AvgPoolTraining<TShape> : PoolTraining<TShape> where TShape : struct, IPoolShape
{
    private protected override Op Operation => Op.AvgPool;

    private protected override void Pool<TV, TO>(ref float x, ref float y) => PoolKernel.Average<TV, TO, TShape>(ref x, ref y, 0, OutHeight);

    internal override void InputGradient(float[] outputGradient, float[] inputGradient, int image, bool overwrite)
    {
        ref float dy = ref Image(outputGradient, image, OutLength);
        ref float dx = ref Image(inputGradient, image, InLength);
        if (overwrite) MemoryMarshal.CreateSpan(ref dx, InLength).Clear();
        int channels = TShape.Channels;
        for (int oh = 0; oh < OutHeight; oh++)
        for (int ow = 0; ow < TShape.OutWidth; ow++)
        {
            var (h0, h1, w0, w1) = Window(oh, ow);
            int inside = (h1 - h0) * (w1 - w0);
            if (inside <= 0) throw new InvalidOperationException($"The window of output ({oh}, {ow}) lies entirely in the padding.");
            float share = 1f / PoolKernel.Divisor<TShape>(h1 - h0, w1 - w0);
            var g = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref dy, ((nint)oh * TShape.OutWidth + ow) * channels), channels);
            for (int h = h0; h < h1; h++)
            for (int w = w0; w < w1; w++)
            {
                var row = MemoryMarshal.CreateSpan(ref Unsafe.Add(ref dx, ((nint)h * TShape.InWidth + w) * channels), channels);
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(g, share, row, row);
            }
        }
    }
}
