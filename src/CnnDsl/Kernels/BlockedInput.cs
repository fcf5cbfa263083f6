using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CnnDsl.Kernels;

/// <summary>
/// A flat layer's input copied into blocks of <see cref="ConvKernel.TapsPerPart"/> channels ([block][position][channel]),
/// for the layers whose positions lie a multiple of 4 KB apart (1024 channels and more). A register tile broadcasts
/// from 12 positions at once; at a 4 KB pitch those 12 lines fall in one set of an 8-way L1 and evict one another and
/// the weights there, while in blocks they are 1 KB apart and spread over four sets. Measured on a Zen 4 EPYC (32 KB
/// L1): 14x14x1024 -> 256 at 82-97 GFLOP/s against 109-112 for 1008 or 1040 channels; the copy costs one pass over
/// the input. With 16 registers (AVX2) a tile broadcasts from 3 or 6 positions, which an 8-way L1 holds: there the
/// copy bought nothing (Zen 2: P4 and P5's layers the same with and without it) and is not made. The sums run over
/// the same taps in the same order, so the values are the same bits.
/// </summary>
internal static class BlockedInput
{
    /// <summary>Floats between positions from which the layer reads a copy in blocks (4 KB).</summary>
    private const int AliasingPitch = 1024;

    /// <summary>The most floats copied (a layer of more positions, a batch run as one, reads its input as it is).</summary>
    private const int MaxFloats = 1 << 22;

    [ThreadStatic] private static float[]? t_blocks;

    /// <summary>Whether <typeparamref name="G"/>'s input is read from a blocked copy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Applies<G>() where G : struct, IConvShape
        // A multiple of the pitch (itself four blocks) is whole blocks.
        => !VectorRegisters.Few && G.Flat && G.Groups == 1 && !G.Accumulates && G.ColumnStep == G.Taps && G.Taps % AliasingPitch == 0 && (long)G.Columns * G.Taps <= MaxFloats;

    /// <summary>Positions <paramref name="from"/>..<paramref name="to"/> of <paramref name="input"/> copied into this thread's blocks (each position at its own place).</summary>
    public static ref float Copy<G>(ref float input, int from, int to) where G : struct, IConvShape
    {
        int length = G.Columns * G.Taps;
        var blocks = t_blocks;
        if (blocks is null || blocks.Length < length) t_blocks = blocks = GC.AllocateUninitializedArray<float>(length, pinned: true);
        ref float start = ref MemoryMarshal.GetArrayDataReference(blocks);
        int block = ConvKernel.TapsPerPart;
        for (int b = 0; b < G.Taps / block; b++)
        {
            for (int p = from; p < to; p++)
            {
                var source = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref input, ((nint)p * G.ColumnStep) + (b * block)), block);
                source.CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref start, (((nint)b * G.Columns) + p) * block), block));
            }
        }
        return ref start;
    }
}

/// <summary><typeparamref name="G"/> reading its input from <see cref="BlockedInput"/>: each block of channels a segment of taps.</summary>
internal readonly struct Blocked<G> : IConvShape where G : struct, IConvShape
{
    public static bool Flat => true;
    public static int Columns => G.Columns;
    public static int ColumnStep => ConvKernel.TapsPerPart;
    public static int SegmentRows => G.Taps / ConvKernel.TapsPerPart;
    public static int SegmentRowStep => G.Columns * ConvKernel.TapsPerPart;
    public static int Run => ConvKernel.TapsPerPart;
    public static int Taps => G.Taps;
    public static int OutChannels => G.OutChannels;
    public static int GroupInChannels => G.GroupInChannels;
    public static int GroupOutChannels => G.GroupOutChannels;
    public static int Stride => G.Stride;
    public static bool Residual => G.Residual;
}
