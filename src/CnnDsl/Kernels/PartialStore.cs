using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CnnDsl.Kernels;

/// <summary>
/// The first lanes of a vector stored one by one, where the hardware has no masked store (not x86 with AVX): never a
/// read and rewrite of the following lanes, which may belong to another thread.
/// </summary>
internal static class PartialStore
{
    public static void Lanes<T>(T value, ref float destination, nint offset, int count) where T : struct
    {
        for (int i = 0; i < count; i++) Unsafe.Add(ref destination, offset + i) = Lane(value, i);
    }

    private static float Lane<T>(T value, int i) where T : struct
    {
        if (typeof(T) == typeof(Vector512<float>)) return ((Vector512<float>)(object)value).GetElement(i);
        if (typeof(T) == typeof(Vector256<float>)) return ((Vector256<float>)(object)value).GetElement(i);
        return ((Vector128<float>)(object)value).GetElement(i);
    }
}
