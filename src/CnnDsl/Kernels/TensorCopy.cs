using System;
using System.ComponentModel;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CnnDsl.Kernels;

/// <summary>Data movement and elementwise sums between scratch buffers. For generated code only.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class TensorCopy
{
    /// <summary>
    /// Copies a dense height x width x channels tensor into the interior of a (height + top + bottom) x
    /// (width + left + right) x channels one whose border is set to <paramref name="border"/>, so a convolution
    /// can then run without bounds checks.
    /// </summary>
    public static void WithBorder(ref float source, int height, int width, int channels, ref float destination, int top, int left, int bottom, int right, float border)
        => WithBorderRows(ref source, height, width, channels, ref destination, top, left, bottom, right, border, 0, top + height + bottom);

    /// <summary>
    /// <see cref="WithBorder"/> for the bordered rows [<paramref name="rowFrom"/>, <paramref name="rowTo"/>) only (clamped
    /// to the bordered height): each thread of a layer split by rows writes the rows its own output rows read.
    /// </summary>
    public static void WithBorderRows(ref float source, int height, int width, int channels, ref float destination, int top, int left, int bottom, int right, float border, int rowFrom, int rowTo)
    {
        int rowIn = width * channels;
        int rowOut = (width + left + right) * channels;
        rowTo = Math.Min(rowTo, top + height + bottom);
        for (int r = Math.Max(rowFrom, 0); r < rowTo; r++)
        {
            ref float row = ref Unsafe.Add(ref destination, r * rowOut);
            int h = r - top;
            if ((uint)h >= (uint)height)
            {
                MemoryMarshal.CreateSpan(ref row, rowOut).Fill(border);
                continue;
            }
            MemoryMarshal.CreateSpan(ref row, left * channels).Fill(border);
            MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref source, h * rowIn), rowIn).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref row, left * channels), rowIn));
            MemoryMarshal.CreateSpan(ref Unsafe.Add(ref row, (left * channels) + rowIn), right * channels).Fill(border);
        }
    }

    /// <summary>Copies <paramref name="pixels"/> runs of <paramref name="channels"/> values into a channel slice whose runs are <paramref name="destinationStride"/> apart.</summary>
    public static void IntoSlice(ref float source, int pixels, int channels, ref float destination, int destinationStride)
    {
        for (int p = 0; p < pixels; p++)
        {
            MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref source, p * channels), channels)
                .CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref destination, p * destinationStride), channels));
        }
    }

    /// <summary>destination = a + b (elementwise; destination may be a or b).</summary>
    public static void Sum(ref float a, ref float b, ref float destination, int length)
        => TensorPrimitives.Add(MemoryMarshal.CreateReadOnlySpan(ref a, length), MemoryMarshal.CreateReadOnlySpan(ref b, length), MemoryMarshal.CreateSpan(ref destination, length));

    /// <summary>Copies <paramref name="length"/> values (the regions may overlap only if identical).</summary>
    public static void Copy(ref float source, ref float destination, int length)
    {
        if (Unsafe.AreSame(ref source, ref destination)) return;
        MemoryMarshal.CreateReadOnlySpan(ref source, length).CopyTo(MemoryMarshal.CreateSpan(ref destination, length));
    }

    /// <summary>
    /// Part <paramref name="part"/> of <paramref name="parts"/> of a copy of <paramref name="length"/> values into the
    /// arena from <paramref name="source"/>, the address of a span its caller pinned (<see cref="PinnedSpans"/>): two
    /// threads copy an image in together. Parts start on whole cache lines of the destination's 64-byte aligned arena.
    /// </summary>
    public static void PartFrom(nint source, ref float destination, int length, int part, int parts)
    {
        var (from, count) = PartRange(length, part, parts);
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref TensorRef.At(source).Start, from), count).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref destination, from), count));
    }

    /// <summary><see cref="PartFrom"/> the other way: part of a copy out of the arena to <paramref name="destination"/>, a pinned span's address.</summary>
    public static void PartTo(ref float source, nint destination, int length, int part, int parts)
    {
        var (from, count) = PartRange(length, part, parts);
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref source, from), count).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref TensorRef.At(destination).Start, from), count));
    }

    /// <summary>Values [from, from + count) of part <paramref name="part"/>: equal parts of whole 16-value lines, the last taking the rest.</summary>
    private static (int From, int Count) PartRange(int length, int part, int parts)
    {
        int lines = length / 16;
        int from = (int)((long)lines * part / parts) * 16;
        int to = part == parts - 1 ? length : (int)((long)lines * (part + 1) / parts) * 16;
        return (from, to - from);
    }

    /// <summary>A read-only view for <see cref="Activations.Apply"/>.</summary>
    public static ReadOnlySpan<float> View(ref float start, int length) => MemoryMarshal.CreateReadOnlySpan(ref start, length);

    /// <summary>A writable view for <see cref="Activations.Apply"/>.</summary>
    public static Span<float> Span(ref float start, int length) => MemoryMarshal.CreateSpan(ref start, length);
}
