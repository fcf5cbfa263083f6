using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace CnnDsl.Kernels;

/// <summary>
/// exp, sigmoid and swish on whole vectors as a short polynomial the JIT inlines (Cephes' expf: 2^n times a degree-6
/// polynomial of the remainder, within 2 ulp of the true value), so an activation costs a few instructions per vector
/// instead of a call per vector (Vector512.Exp) or per span (TensorPrimitives), and can sit in a convolution's
/// epilogue. One body serves every width through <see cref="IVectorOps{TVector}"/>. IEEE behaviour is kept: NaN stays
/// NaN, exp overflows to +Inf above 88.72 and reaches 0 through the subnormals (2^n applied with one rounding), so sigmoid(-Inf) = 0 and
/// swish(-Inf) = -Inf x 0 = NaN, as the definitions give. The range reduction needs no fused multiply-add (n x the
/// high part of ln 2 is exact), so the SSE and scalar paths give the same accuracy. For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class VectorExp
{
    // Beyond these bounds e^x is +Inf or rounds to 0 in float (ln(float.MaxValue) = 88.72, ln(half the smallest
    // subnormal) = -103.97); clamping a little further out lets 2^n overflow or underflow by itself, so no compare and
    // blend is needed for either end.
    private const float Highest = 100f;
    private const float Lowest = -110f;
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2High = 0.693359375f;  // ln 2 split in two so n * Ln2High is exact
    private const float Ln2Low = -2.12194440e-4f;
    private const float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f;
    private const float P3 = 4.1665795894e-2f, P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;

    /// <summary>e^x lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Exp<TV, TO>(TV x) where TV : struct where TO : IVectorOps<TV>
    {
        // The constant first in Min/Max: a NaN lane of x stays NaN and each clamp stays one instruction.
        var clamped = TO.Min(TO.Create(Highest), TO.Max(TO.Create(Lowest), x));
        var n = TO.Round(TO.Multiply(clamped, TO.Create(Log2E)));
        var r = TO.MultiplyAdd(n, TO.Create(-Ln2Low), TO.MultiplyAdd(n, TO.Create(-Ln2High), clamped));
        var p = TO.MultiplyAdd(TO.Create(P0), r, TO.Create(P1));
        p = TO.MultiplyAdd(p, r, TO.Create(P2));
        p = TO.MultiplyAdd(p, r, TO.Create(P3));
        p = TO.MultiplyAdd(p, r, TO.Create(P4));
        p = TO.MultiplyAdd(p, r, TO.Create(P5));
        p = TO.MultiplyAdd(p, TO.Multiply(r, r), TO.Add(r, TO.Create(1f)));
        return TO.ScaleByPowerOfTwo(p, n);
    }

    /// <summary>1 / (1 + e^-x) lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Sigmoid<TV, TO>(TV x) where TV : struct where TO : IVectorOps<TV> =>
        TO.Divide(TO.Create(1f), TO.Add(TO.Create(1f), Exp<TV, TO>(TO.Multiply(x, TO.Create(-1f)))));

    /// <summary>
    /// x / (1 + e^-x) lane by lane (x times its sigmoid), as one division: a multiply fewer than x times the sigmoid,
    /// and one rounding fewer. -Inf gives -Inf / Inf = NaN, as -Inf x 0 does.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Swish<TV, TO>(TV x) where TV : struct where TO : IVectorOps<TV> =>
        TO.Divide(x, TO.Add(TO.Create(1f), Exp<TV, TO>(TO.Multiply(x, TO.Create(-1f)))));
}
