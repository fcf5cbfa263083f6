using System.Runtime.Intrinsics;

namespace CnnDsl.Kernels;

/// <summary>
/// The vector width of a layer run by <see cref="ConvKernel"/>, chosen from its output channels per group: where the
/// network runs Vector512 and those channels are an odd number of 8-float vectors (24, 40, 56, 72, 88, 120...), a
/// 16-float vector would leave half of the last one empty (24 channels: a quarter of every multiply-add wasted), so
/// the layer runs Vector256, whose vectors fit exactly, with the same register tile (Vector512 hardware has 32 vector
/// registers at either width) -- on hardware whose 512-bit FMA runs at half rate (<see cref="FmaRate"/>), where the
/// two widths do the same floats per second. Where 512 bits run at full rate, a wasted quarter still costs less
/// than half the rate, and the layer stays Vector512. Layers the kernel walks in rows of fewer positions than a wide
/// tile stay Vector512 too: dense layers (one position; a batch's gathered dense layer, <see cref="DenseBatch.Images"/>
/// positions, reads the same packed weights), whose few multiply-add chains wait on their latency and would be twice
/// as many at 8 floats (MobileNet V2's classifier measured slower so). Its packing (<see cref="LayerPacking"/>) and
/// its kernel ask this one rule. Each output channel's sum is the same lane's multiply-adds in the same order at
/// either width.
/// </summary>
internal static class ConvLanes
{
    /// <summary>
    /// The floats per vector a layer of <paramref name="groupOutChannels"/> whose kernel walks rows of
    /// <paramref name="columns"/> positions (<see cref="IConvShape.Columns"/>) runs with in a network of <paramref name="lanes"/>.
    /// </summary>
    public static int For(int groupOutChannels, int columns, int lanes)
        => Narrow(groupOutChannels, columns, lanes) ? Vector256<float>.Count : lanes;

    /// <summary>Whether such a layer runs Vector256 instead (see <see cref="For"/>).</summary>
    public static bool Narrow(int groupOutChannels, int columns, int lanes)
        => lanes == Vector512<float>.Count && groupOutChannels % Vector512<float>.Count == Vector256<float>.Count
            && columns >= ConvKernel.WidePixels && FmaRate.Vector512HalfRate;
}
