using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using CnnDsl.Kernels;

namespace CnnDsl.Training;

/// <summary>The generated inference's kernels as the training layers call them: over one image, at the process's vector width.</summary>
internal static class LayerKernels
{
    /// <summary><see cref="ConvKernel"/> over rows (a flat shape: positions) 0 .. <paramref name="to"/> and every output channel, no activation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Conv<G>(ref float input, ref float output, float[] weights, float[] shifts, int to) where G : struct, IConvShape
        => Conv<G>(ref input, ref output, ref AlignedBuffer.Start(weights), shifts, 0, to);

    /// <summary>
    /// <see cref="ConvKernel"/> over rows (a flat shape: positions) <paramref name="from"/> .. <paramref name="to"/> (a
    /// flat shape's <paramref name="from"/> in whole tiles of <see cref="ConvKernel.Pixels"/>, <paramref name="to"/> too
    /// unless it is the last) and every output channel, no activation, the packed weights from <paramref name="weights"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Conv<G>(ref float input, ref float output, ref float weights, float[] shifts, int from, int to) where G : struct, IConvShape
    {
        ref float s = ref AlignedBuffer.Start(shifts);
        switch (Simd.Best)
        {
            case SimdWidth.Vector512: ConvKernel.Run<Vector512<float>, Vector512Ops, G, FusedNone, FusedNone>(ref input, ref output, ref output, ref weights, ref s, from, to, 0, Blocks(G.GroupOutChannels, 16)); break;
            case SimdWidth.Vector256: ConvKernel.Run<Vector256<float>, Vector256Ops, G, FusedNone, FusedNone>(ref input, ref output, ref output, ref weights, ref s, from, to, 0, Blocks(G.GroupOutChannels, 8)); break;
            case SimdWidth.Vector128: ConvKernel.Run<Vector128<float>, Vector128Ops, G, FusedNone, FusedNone>(ref input, ref output, ref output, ref weights, ref s, from, to, 0, Blocks(G.GroupOutChannels, 4)); break;
            default: ConvKernel.Run<float, ScalarOps, G, FusedNone, FusedNone>(ref input, ref output, ref output, ref weights, ref s, from, to, 0, G.GroupOutChannels); break;
        }
    }

    /// <summary><see cref="DepthwiseKernel"/> over output rows 0 .. <paramref name="to"/>, no activation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Depthwise<S>(ref float input, ref float output, float[] weights, float[] shifts, int to) where S : struct, IDepthwiseShape
    {
        ref float w = ref AlignedBuffer.Start(weights);
        ref float s = ref AlignedBuffer.Start(shifts);
        switch (Simd.Best)
        {
            case SimdWidth.Vector512: DepthwiseKernel.Run<Vector512<float>, Vector512Ops, S, FusedNone>(ref input, ref output, ref w, ref s, 0, to); break;
            case SimdWidth.Vector256: DepthwiseKernel.Run<Vector256<float>, Vector256Ops, S, FusedNone>(ref input, ref output, ref w, ref s, 0, to); break;
            case SimdWidth.Vector128: DepthwiseKernel.Run<Vector128<float>, Vector128Ops, S, FusedNone>(ref input, ref output, ref w, ref s, 0, to); break;
            default: DepthwiseKernel.Run<float, ScalarOps, S, FusedNone>(ref input, ref output, ref w, ref s, 0, to); break;
        }
    }

    /// <summary><see cref="CnnDsl.Training.DepthwiseWeightGradient"/> over one image, added to <paramref name="partial"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void DepthwiseWeightGradient<S>(ref float x, ref float dy, float[] partial) where S : struct, IDepthwiseShape
    {
        ref float p = ref AlignedBuffer.Start(partial);
        switch (Simd.Best)
        {
            case SimdWidth.Vector512: Training.DepthwiseWeightGradient.Image<Vector512<float>, Vector512Ops, S>(ref x, ref dy, ref p); break;
            case SimdWidth.Vector256: Training.DepthwiseWeightGradient.Image<Vector256<float>, Vector256Ops, S>(ref x, ref dy, ref p); break;
            case SimdWidth.Vector128: Training.DepthwiseWeightGradient.Image<Vector128<float>, Vector128Ops, S>(ref x, ref dy, ref p); break;
            default: Training.DepthwiseWeightGradient.Image<float, ScalarOps, S>(ref x, ref dy, ref p); break;
        }
    }

    /// <summary>
    /// <see cref="WinogradBands"/> with <typeparamref name="TTile"/>'s transforms over the output tiles
    /// <paramref name="first"/> .. <paramref name="end"/> (numbered along the tile rows) and every output channel, the
    /// packed weights and shifts from their aligned starts. A layer with a residual reads the output as its residual (y += ...).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Winograd<TTile>(in WinogradLayer layer, ref float input, ref float output, float[] weights, float[] shifts, int first, int end)
        where TTile : struct, IWinogradTile
    {
        ref float w = ref AlignedBuffer.Start(weights);
        ref float s = ref AlignedBuffer.Start(shifts);
        switch (Simd.Best)
        {
            case SimdWidth.Vector512: WinogradBands.RunTiles<Vector512<float>, Vector512Ops, TTile>(layer, ref input, ref output, ref output, ref w, ref s, first, end, 0, Blocks(layer.OutChannels, 32)); break;
            case SimdWidth.Vector256: WinogradBands.RunTiles<Vector256<float>, Vector256Ops, TTile>(layer, ref input, ref output, ref output, ref w, ref s, first, end, 0, Blocks(layer.OutChannels, 16)); break;
            case SimdWidth.Vector128: WinogradBands.RunTiles<Vector128<float>, Vector128Ops, TTile>(layer, ref input, ref output, ref output, ref w, ref s, first, end, 0, Blocks(layer.OutChannels, 8)); break;
            default: WinogradBands.RunTiles<float, ScalarOps, TTile>(layer, ref input, ref output, ref output, ref w, ref s, first, end, 0, Blocks(layer.OutChannels, 2)); break;
        }
    }

    private static int Blocks(int channels, int lanes) => (channels + lanes - 1) / lanes;
}
