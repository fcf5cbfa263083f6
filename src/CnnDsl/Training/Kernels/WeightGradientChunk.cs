using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace CnnDsl.Training;

/// <summary>
/// A thread's scratch for one chunk of a convolution's weight gradient (<see cref="ConvolutionKernel"/>): row segments'
/// stretches of input pixels (an input block each, zeros in the padding) one after another in <see cref="X"/>, on a grid
/// of positions a stride apart, and each grid position's dy output block (up to 64 channels; zeros past the segment's
/// outputs) one after another in <see cref="Dy"/>, so that the product walks both with constant steps. Fixed sizes, so
/// a step allocates nothing after a thread's first.
/// </summary>
internal sealed class WeightGradientChunk
{
    /// <summary>Most output positions per chunk: their dy block (64 channels, 32 KB) stays in the first-level cache.</summary>
    public const int Positions = 128;

    /// <summary>Floats of input stretches per chunk (128 KB: a second-level cache's share).</summary>
    public const int XCapacity = 32 * 1024;

    /// <summary>The widest dy row: an output block's channels.</summary>
    public const int DyRow = 64;

    [ThreadStatic] private static WeightGradientChunk? t_current;

    /// <summary>This thread's chunk (one per thread for every layer and geometry).</summary>
    public static WeightGradientChunk Current => t_current ??= new WeightGradientChunk();

    public float[] X { get; } = new float[XCapacity];
    public float[] Dy { get; } = new float[Positions * DyRow + PanelProduct.Slack];

    /// <summary>
    /// Copies <paramref name="source"/> to the start of <paramref name="destination"/>: a pixel's input block or a dy row,
    /// tens of floats, packed once per position, so vector by vector in line rather than through a memory-move call.
    /// </summary>
    public static void Copy(ReadOnlySpan<float> source, Span<float> destination)
    {
        int n = source.Length, i = 0;
        if (destination.Length < n) throw new ArgumentException("The destination is shorter than the source.", nameof(destination));
        ref float s = ref MemoryMarshal.GetReference(source);
        ref float d = ref MemoryMarshal.GetReference(destination);
        if (Vector512.IsHardwareAccelerated)
            for (; i + 16 <= n; i += 16) Vector512.StoreUnsafe(Vector512.LoadUnsafe(ref s, (nuint)i), ref d, (nuint)i);
        if (Vector256.IsHardwareAccelerated)
            for (; i + 8 <= n; i += 8) Vector256.StoreUnsafe(Vector256.LoadUnsafe(ref s, (nuint)i), ref d, (nuint)i);
        for (; i < n; i++) Unsafe.Add(ref d, i) = Unsafe.Add(ref s, i);
    }
}
