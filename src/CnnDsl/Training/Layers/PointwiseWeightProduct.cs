using System;
using CnnDsl.Kernels;

namespace CnnDsl.Training;

/// <summary>
/// A pointwise layer's weight gradient, dW[o, i] = sum over positions p of dy[p, o] x[p, i], as a product whose vectors
/// run along the wider of the two channel counts and whose rows (broadcast values) along the narrower: an expansion
/// (few input channels) sums dW^T[i, o] = x^T dy, its vectors dy's rows in place; a projection sums dW itself, its
/// vectors x's rows. Both read the batch buffers as they are (no packing), eight rows x three vectors per tile
/// (<see cref="EightRowProduct"/>; <see cref="WeightGradientProduct"/>'s six-row tiles for rows past whole eights, and
/// on 16 vector registers). The former form, vectors always along the input channels and four output channels a tile
/// (8 accumulators), left MobileNet V2's 16-, 24- and 32-channel expansions at 2.1-2.3x their forward.
/// Every sum runs over the positions in order from zero, one multiply-add each, whatever the chunking or tile, so the
/// result does not depend on the thread that computes it.
/// </summary>
/// <typeparam name="TShape">The layer's generated inference shape (its positions per image, input and output channels).</typeparam>
internal static class PointwiseWeightProduct<TShape> where TShape : struct, IConvShape
{
    /// <summary>Positions per sweep of the rows: a chunk's vectors (up to 192 channels: 96 KB) stay in the second-level cache.</summary>
    private const int ChunkPositions = 128;

    private static int InChannels => TShape.Taps;
    private static int OutChannels => TShape.GroupOutChannels;

    /// <summary>Whether the vectors run along the output channels (the sums are dW^T), else along the input channels (dW).</summary>
    private static bool Transposed => InChannels < OutChannels;
    private static int RowChannels => Transposed ? InChannels : OutChannels;
    private static int ColumnChannels => Transposed ? OutChannels : InChannels;

    /// <summary>Floats of a partial sum (dW or dW^T).</summary>
    public static int Length => InChannels * OutChannels;

    /// <summary>
    /// Adds the products of batch positions <paramref name="first"/>..<paramref name="end"/> of x and dy into
    /// <paramref name="partial"/>, chunk by chunk in position order.
    /// </summary>
    public static void Accumulate(float[] input, float[] outputGradient, float[] partial, int first, int end)
    {
        if (partial.Length < Length) throw new ArgumentException($"The partial sums need {Length} values.", nameof(partial));
        var (a, b) = Transposed ? (input, outputGradient) : (outputGradient, input);
        Span<int> cRows = stackalloc int[WeightGradientProduct.Rows];
        for (int p = first; p < end; p += ChunkPositions)
        {
            int depth = Math.Min(ChunkPositions, end - p), aAt = p * RowChannels, bAt = p * ColumnChannels, r = 0;
            if (EightRowProduct.Fits)
                for (; r + EightRowProduct.Rows <= RowChannels; r += EightRowProduct.Rows)
                    EightRowProduct.Accumulate(a, aAt + r, RowChannels, depth, b, bAt, ColumnChannels, partial, r * ColumnChannels, ColumnChannels, ColumnChannels);
            for (; r < RowChannels; r += WeightGradientProduct.Rows)
            {
                int count = Math.Min(WeightGradientProduct.Rows, RowChannels - r);
                for (int k = 0; k < count; k++) cRows[k] = (r + k) * ColumnChannels;
                WeightGradientProduct.Accumulate(a, aAt + r, RowChannels, depth, b, bAt, ColumnChannels, partial, cRows[..count], ColumnChannels);
            }
        }
    }

    /// <summary>dW (OIHW) = the first partial sum plus the second, transposed back from dW^T when the sums are.</summary>
    public static void Sum(float[] first, float[] second, Span<float> gradient)
    {
        if (first.Length < Length || second.Length < Length || gradient.Length != Length) throw new ArgumentException($"The partial sums and the gradient need {Length} values.");
        if (!Transposed)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(first.AsSpan(0, Length), second.AsSpan(0, Length), gradient);
            return;
        }
        for (int o = 0; o < OutChannels; o++)
        for (int i = 0; i < InChannels; i++)
            gradient[o * InChannels + i] = first[i * OutChannels + o] + second[i * OutChannels + o];
    }
}
