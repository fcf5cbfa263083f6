using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CnnDsl.Kernels;

/// <summary>
/// Where a layer method finds the network's input or output when that tensor is not in the arena: the caller's span in
/// <c>Forward(input, output)</c> (read or written in place, without the copy in or out), or the arena's own region. A layer
/// method takes it in place of the <c>int</c> arena offset of that tensor and addresses it the same way
/// (<c>ArenaAt(ref arena, inputAt + p0 * 192)</c>), so its code is the same text either way. For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly ref struct TensorRef
{
    /// <summary>The tensor's first value.</summary>
    public readonly ref float Start;

    /// <summary>The tensor starting at <paramref name="start"/>.</summary>
    public TensorRef(ref float start) => Start = ref start;

    /// <summary>The tensor at the first value of <paramref name="span"/> (the layers only read a tensor they take as their input).</summary>
    public static TensorRef Of(ReadOnlySpan<float> span) => new(ref MemoryMarshal.GetReference(span));

    /// <summary>The tensor at <paramref name="address"/>, pinned by the caller (<see cref="PinnedSpans"/>): how a helper thread finds it.</summary>
    public static unsafe TensorRef At(nint address) => new(ref Unsafe.AsRef<float>((void*)address));

    /// <summary>The same tensor <paramref name="floats"/> values on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TensorRef operator +(TensorRef tensor, int floats) => new(ref Unsafe.Add(ref tensor.Start, floats));
}
