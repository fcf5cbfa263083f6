using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CnnDsl.Kernels;

/// <summary>
/// Float buffers whose used part starts on a 64-byte boundary (a cache line, one AVX-512 vector). .NET aligns an
/// array's data to 8 or 16 bytes only, so a vector load at an "aligned" offset of a plain array straddles two cache
/// lines whenever the array happens to start mid-line, and a network's speed then varied from process to process.
/// The buffer is pinned (it never moves, so its aligned start stays aligned) and 15 floats longer than asked.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class AlignedBuffer
{
    /// <summary>The alignment in floats (64 bytes).</summary>
    public const int Floats = 16;

    /// <summary>A pinned buffer with room for <paramref name="length"/> floats from its aligned start.</summary>
    public static float[] Allocate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return GC.AllocateArray<float>(length + Floats - 1, pinned: true);
    }

    /// <summary>The floats of <paramref name="buffer"/> (made by <see cref="Allocate"/>) from its aligned start: the length asked for.</summary>
    public static Span<float> Span(float[] buffer) => MemoryMarshal.CreateSpan(ref Start(buffer), buffer.Length - Floats + 1);

    /// <summary>The first float of <paramref name="buffer"/> (made by <see cref="Allocate"/>) that sits on a 64-byte boundary.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe ref float Start(float[] buffer)
    {
        ref float first = ref MemoryMarshal.GetArrayDataReference(buffer);
        int past = (int)(((nuint)Unsafe.AsPointer(ref first) & 63) / sizeof(float));
        return ref Unsafe.Add(ref first, (Floats - past) & (Floats - 1));
    }
}
