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
        for (; i <= source.Length - (4 * TO.Count); i += 4 * TO.Count)
        {
            TV v0 = TO.Load(ref x, i), v1 = TO.Load(ref x, i + TO.Count), v2 = TO.Load(ref x, i + (2 * TO.Count)), v3 = TO.Load(ref x, i + (3 * TO.Count));
            Apply4<TV, TO, A>(ref v0, ref v1, ref v2, ref v3);
            TO.Store(v0, ref y, i);
            TO.Store(v1, ref y, i + TO.Count);
            TO.Store(v2, ref y, i + (2 * TO.Count));
            TO.Store(v3, ref y, i + (3 * TO.Count));
        }
        for (; i <= source.Length - TO.Count; i += TO.Count) TO.Store(A.Apply<TV, TO>(TO.Load(ref x, i)), ref y, i);
        if (i == source.Length) return;
        Span<float> tail = stackalloc float[Simd.MaxLanes];
        tail.Clear();
        source[i..].CopyTo(tail);
        ref float t = ref MemoryMarshal.GetReference(tail);
        TO.Store(A.Apply<TV, TO>(TO.Load(ref t, 0)), ref t, 0);
        tail[..(source.Length - i)].CopyTo(destination[i..]);
    }

    /// <summary>
    /// A on four vectors in place. Swish and sigmoid interleave their four exponentials (<see cref="VectorExp.Swish4"/>),
    /// which the out-of-order window cannot do across whole chains on its own; lane by lane the instructions are
    /// <see cref="IFusedActivation.Apply"/>'s, so the bits are the same. Other activations are short: one after the other.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Apply4<TV, TO, A>(ref TV v0, ref TV v1, ref TV v2, ref TV v3)
        where TV : struct where TO : struct, IVectorOps<TV> where A : struct, IFusedActivation
    {
        if (typeof(A) == typeof(FusedSwish))
        {
            VectorExp.Swish4<TV, TO>(ref v0, ref v1, ref v2, ref v3);
            return;
        }
        if (typeof(A) == typeof(FusedSigmoid))
        {
            VectorExp.Sigmoid4<TV, TO>(ref v0, ref v1, ref v2, ref v3);
            return;
        }
        v0 = A.Apply<TV, TO>(v0);
        v1 = A.Apply<TV, TO>(v1);
        v2 = A.Apply<TV, TO>(v2);
        v3 = A.Apply<TV, TO>(v3);
    }
}
