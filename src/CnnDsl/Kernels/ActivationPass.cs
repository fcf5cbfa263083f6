using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CnnDsl.Kernels;

/// <summary>
/// A fused activation applied over a run of floats in one pass: the whole-tensor sigmoid and swish passes, and a run a
/// kernel has just stored (still in the first-level cache) where the activation's constants and a tile's accumulators
/// do not fit the registers together, so the tile stores its sums and this pass finishes them, its constants in
/// registers for the whole run.
/// </summary>
internal static class ActivationPass
{
    /// <summary>
    /// <paramref name="destination"/> = A(<paramref name="source"/>) (same length; may be the same memory), vector by
    /// vector; the tail that does not fill a vector goes through a zero-padded stack copy, so that every lane is computed
    /// by the same instructions (a scalar tail without FMA could differ in the last bit).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Apply<TV, TO, A>(ReadOnlySpan<float> source, Span<float> destination)
        where TV : struct where TO : struct, IVectorOps<TV> where A : struct, IFusedActivation
    {
        ref float x = ref MemoryMarshal.GetReference(source);
        ref float y = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        for (; i <= source.Length - TO.Count; i += TO.Count) TO.Store(A.Apply<TV, TO>(TO.Load(ref x, i)), ref y, i);
        if (i == source.Length) return;
        Span<float> tail = stackalloc float[Simd.MaxLanes];
        tail.Clear();
        source[i..].CopyTo(tail);
        ref float t = ref MemoryMarshal.GetReference(tail);
        TO.Store(A.Apply<TV, TO>(TO.Load(ref t, 0)), ref t, 0);
        tail[..(source.Length - i)].CopyTo(destination[i..]);
    }
}
