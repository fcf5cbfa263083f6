using System.ComponentModel;
using System.Runtime.Intrinsics;

namespace CnnDsl.Kernels;

/// <summary>The vector width generated code runs with, in floats per vector. For generated code only.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public enum SimdWidth
{
    /// <summary>No vector hardware enabled (e.g. DOTNET_EnableHWIntrinsic=0).</summary>
    Scalar = 1,
    /// <summary>Vector128 (SSE, NEON).</summary>
    Vector128 = 4,
    /// <summary>Vector256 (AVX2).</summary>
    Vector256 = 8,
    /// <summary>Vector512 (AVX-512).</summary>
    Vector512 = 16,
}

/// <summary>Chooses the widest accelerated vector width once per process. For generated code only.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Simd
{
    /// <summary>The width every network instance packs its weights for and runs with.</summary>
    public static SimdWidth Best { get; } =
        Vector512.IsHardwareAccelerated ? SimdWidth.Vector512
        : Vector256.IsHardwareAccelerated ? SimdWidth.Vector256
        : Vector128.IsHardwareAccelerated ? SimdWidth.Vector128
        : SimdWidth.Scalar;

    /// <summary>Largest lane count of any width: buffers are padded to a multiple of it.</summary>
    public const int MaxLanes = 16;
}
