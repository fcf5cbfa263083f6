using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace CnnDsl.Kernels;

/// <summary>
/// Software prefetch hints (x86; nothing elsewhere or with hardware intrinsics off): the line holding
/// <c>at + offset</c> floats is asked for ahead of its use. A hint never faults, so the address may lie past the
/// buffer's end; it is made by pointer arithmetic, not a managed reference, which must not point outside its object.
/// </summary>
internal static class Prefetch
{
    /// <summary>Into every cache level (the next tile's input: used within a few thousand cycles).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void ToL1(ref float at, nint offset)
    {
        if (Sse.IsSupported) Sse.Prefetch0((float*)Unsafe.AsPointer(ref at) + offset);
    }

    /// <summary>Into L2 (the next part's weights: used after the whole sweep, and L1 is full of this part's).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void ToL2(ref float at, nint offset)
    {
        if (Sse.IsSupported) Sse.Prefetch1((float*)Unsafe.AsPointer(ref at) + offset);
    }
}
