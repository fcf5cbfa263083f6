using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace CnnDsl.Kernels;

/// <summary>How many vector registers the JIT can use: 32 with AVX-512 (EVEX, at every width) or on Arm64, 16 with AVX2 alone.</summary>
internal static class VectorRegisters
{
    /// <summary>
    /// Only 16 vector registers: an activation whose constants need several registers (swish, sigmoid, hard swish) no
    /// longer fits beside a tile's accumulators, and applying it there spills them to the stack.
    /// </summary>
    public static bool Few => !Avx512F.VL.IsSupported && !AdvSimd.Arm64.IsSupported;
}
