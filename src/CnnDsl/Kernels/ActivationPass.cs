using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CnnDsl.Kernels;

/// <summary>
/// A fused activation applied in place over a short run of floats a kernel has just stored (still in the first-level
/// cache): where the activation's constants and a tile's accumulators do not fit the registers together, the tile
/// stores its sums and this pass finishes them, its constants in registers for the whole run.
/// </summary>
internal static class ActivationPass
{
    /// <summary>
    /// <paramref name="length"/> floats from <paramref name="data"/>, vector by vector; the tail that does not fill a
    /// vector goes through a zero-padded stack copy, so that every lane is computed by the same instructions.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Apply<TV, TO, A>(ref float data, int length)
        where TV : struct where TO : struct, IVectorOps<TV> where A : struct, IFusedActivation
    {
        int i = 0;
        for (; i <= length - TO.Count; i += TO.Count) TO.Store(A.Apply<TV, TO>(TO.Load(ref data, i)), ref data, i);
        if (i == length) return;
        Span<float> tail = stackalloc float[Simd.MaxLanes];
        tail.Clear();
        MemoryMarshal.CreateSpan(ref Unsafe.Add(ref data, i), length - i).CopyTo(tail);
        ref float t = ref MemoryMarshal.GetReference(tail);
        TO.Store(A.Apply<TV, TO>(TO.Load(ref t, 0)), ref t, 0);
        tail[..(length - i)].CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref data, i), length - i));
    }
}
