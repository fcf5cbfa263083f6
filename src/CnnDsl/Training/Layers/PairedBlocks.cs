using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using CnnDsl.Kernels;

namespace CnnDsl.Training;

/// <summary>
/// The weight layout <see cref="WeightPacking.ConvPairedBlocks(float[], ChannelAffine, int, int, int, int, int)"/> gives
/// <see cref="ConvKernel"/>, written again in place after every update by the training layers: per group, [pair of
/// blocks][tap][2][lanes] (an odd last block alone, [tap][lanes]; block b at b x taps x lanes), a tap being a kernel
/// row, column and input channel in that order. Places past the channels keep the zeros they were allocated with.
/// </summary>
internal static class PairedBlocks
{
    /// <summary>Floats of the layout (a vector of slack included).</summary>
    public static int Length(int groups, int groupOut, int taps, int lanes) => groups * Blocks(groupOut, lanes) * lanes * taps + Simd.MaxLanes;

    /// <summary>
    /// OIHW weights <paramref name="w"/> ([groups x groupOut][groupIn][kernel taps]), or with <paramref name="transposed"/>
    /// a 1x1 layer's weights read the other way round: the input gradient's product, whose output o and input i take
    /// w[i, o] (read along a row of w).
    /// </summary>
    public static void Pack(Span<float> packed, float[] w, int groups, int groupOut, int groupIn, int kernelTaps, int lanes, bool transposed = false)
    {
        int blocks = Blocks(groupOut, lanes), taps = kernelTaps * groupIn;
        for (int g = 0; g < groups; g++)
        for (int b = 0; b < blocks; b += 2)
        {
            int pitch = b + 1 < blocks ? 2 * lanes : lanes;
            int first = b * lanes, width = Math.Min(pitch, groupOut - first);
            var block = packed.Slice((g * blocks + b) * lanes * taps);
            for (int k = 0; k < kernelTaps; k++)
            for (int i = 0; i < groupIn; i++)
            {
                var row = block.Slice((k * groupIn + i) * pitch, width);
                if (transposed) w.AsSpan(i * groupOut + first, width).CopyTo(row);
                else for (int j = 0; j < width; j++) row[j] = w[((g * groupOut + first + j) * groupIn + i) * kernelTaps + k];
            }
        }
    }

    /// <summary>
    /// <paramref name="rows"/> rows of <paramref name="channels"/> values (from <paramref name="source"/>, one after
    /// another) packed as <see cref="Pack"/> packs a 1x1 layer's weights of <paramref name="channels"/> outputs and
    /// <paramref name="rows"/> inputs read the other way round (a row per tap): a weight gradient's run of input
    /// positions. Block by block, a full block's rows copied in whole vectors; places past the channels are not written.
    /// </summary>
    public static void PackRows(Span<float> packed, ReadOnlySpan<float> source, int rows, int channels, int lanes)
    {
        if ((long)rows * channels > source.Length || Length(1, channels, rows, lanes) > packed.Length) throw new ArgumentException($"{rows} rows of {channels} channels do not fit.");
        int blocks = Blocks(channels, lanes);
        ref float from = ref MemoryMarshal.GetReference(source);
        ref float to = ref MemoryMarshal.GetReference(packed);
        for (int b = 0; b < blocks; b += 2)
        {
            int pitch = b + 1 < blocks ? 2 * lanes : lanes;
            int first = b * lanes, width = Math.Min(pitch, channels - first);
            ref float block = ref Unsafe.Add(ref to, (nint)b * lanes * rows);
            ref float column = ref Unsafe.Add(ref from, first);
            if (width % Vector256<float>.Count == 0 && Vector256.IsHardwareAccelerated)
            {
                for (int r = 0; r < rows; r++)
                for (int k = 0; k < width; k += Vector256<float>.Count)
                    Vector256.LoadUnsafe(ref column, (nuint)((nint)r * channels + k)).StoreUnsafe(ref block, (nuint)((nint)r * pitch + k));
                continue;
            }
            for (int r = 0; r < rows; r++)
            for (int k = 0; k < width; k++)
                Unsafe.Add(ref block, (nint)r * pitch + k) = Unsafe.Add(ref column, (nint)r * channels + k);
        }
    }

    private static int Blocks(int channels, int lanes) => (channels + lanes - 1) / lanes;
}
