using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace CnnDsl.Kernels;

/// <summary>
/// Squeeze-and-excitation's scale folded into the 1x1 convolution that reads it: (x g) W = x (diag(g) W), so instead of
/// a pass over the whole H x W x C tensor, the convolution's packed weights are copied with each input channel's taps
/// times its gate (C x N floats; the planner folds a gate only where that is no more than the tensor). The copy keeps
/// <see cref="ConvKernel"/>'s packing (<c>WeightPacking.ConvPairedBlocks</c>, one tap per input channel): pairs of
/// channel vectors alternating tap by tap, then an odd last vector alone, at the width <see cref="ConvLanes"/> gives the
/// layer. For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GatedWeights
{
    /// <summary>
    /// Writes <paramref name="weights"/> (a 1x1 convolution of <paramref name="inChannels"/> to <paramref name="outChannels"/>
    /// walked in rows of <paramref name="columns"/> positions, packed for this width) times <paramref name="gate"/>'s
    /// channel per tap into <paramref name="gated"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scale<TV, TO>(ref float weights, ref float gate, ref float gated, int inChannels, int outChannels, int columns)
        where TV : struct where TO : struct, IVectorOps<TV>
    {
        int lanes = ConvLanes.For(outChannels, columns, TO.Count);
        int blocks = (outChannels + lanes - 1) / lanes;
        nint at = 0;
        for (int b = 0; b + 1 < blocks; b += 2)
        {
            for (int tap = 0; tap < inChannels; tap++, at += 2 * lanes) Row<TV, TO>(ref weights, ref gated, at, 2 * lanes, Unsafe.Add(ref gate, tap));
        }
        if (blocks % 2 != 0)
        {
            for (int tap = 0; tap < inChannels; tap++, at += lanes) Row<TV, TO>(ref weights, ref gated, at, lanes, Unsafe.Add(ref gate, tap));
        }
    }

    /// <summary><paramref name="count"/> floats from <paramref name="at"/> times <paramref name="g"/> (a Vector256 layer's lone 8 in a Vector512 network: one partial store).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Row<TV, TO>(ref float weights, ref float gated, nint at, int count, float g)
        where TV : struct where TO : struct, IVectorOps<TV>
    {
        TV scale = TO.Create(g);
        for (int i = 0; i < count; i += TO.Count) TO.Store(TO.Multiply(TO.Load(ref weights, at + i), scale), ref gated, at + i, count - i);
    }
}
