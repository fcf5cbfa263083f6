using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace CnnDsl.Kernels;

/// <summary>
/// exp, sigmoid and swish on whole vectors as a short polynomial the JIT inlines (2^n times a degree-6 polynomial of
/// the remainder, within 2 ulp of the true value), so an activation costs a few instructions per vector
/// instead of a call per vector (Vector512.Exp) or per span (TensorPrimitives), and can sit in a convolution's
/// epilogue. One body serves every width through <see cref="IVectorOps{TVector}"/>. IEEE behaviour is kept: NaN stays
/// NaN, exp overflows to +Inf above 88.72 and reaches 0 through the subnormals (2^n applied with one rounding), so sigmoid(-Inf) = 0 and
/// swish(-Inf) = -Inf x 0 = NaN, as the definitions give. The range reduction needs no fused multiply-add (n x the
/// high part of ln 2 is exact), so the SSE and scalar paths give the same accuracy. For generated code only.
/// </summary>
/// <remarks>
/// Swish and sigmoid are bound by the multiply-add pipes (a third of EfficientNet-B0's time is layers ending in swish), so
/// their e^-x takes the minus sign into its constants instead of a multiply, and the polynomial is the lowest degree
/// that stays far below float's rounding (relative error 3.1e-9, minimax by Lawson's iteration; Cephes' degree 7 was 1
/// multiply-add more): swish over 28x28x240 at AVX-512 47 -> 43 us.
/// </remarks>
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
    // e^r = 1 + r + r^2 (C2 + C3 r + C4 r^2 + C5 r^3 + C6 r^4) for |r| <= ln 2 / 2.
    private const float C2 = 0.49999993412063887f, C3 = 0.1666652010193573f, C4 = 0.041668394283583605f;
    private const float C5 = 0.008368781059459224f, C6 = 0.0013814465227218649f;

    /// <summary>e^x lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Exp<TV, TO>(TV x) where TV : struct where TO : IVectorOps<TV> => ExpOf<TV, TO, Plus>(x);

    /// <summary>1 / (1 + e^-x) lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Sigmoid<TV, TO>(TV x) where TV : struct where TO : IVectorOps<TV> =>
        TO.Divide(TO.Create(1f), TO.Add(TO.Create(1f), ExpOf<TV, TO, Minus>(x)));

    /// <summary>
    /// x / (1 + e^-x) lane by lane (x times its sigmoid), as one division: a multiply fewer than x times the sigmoid,
    /// and one rounding fewer. -Inf gives -Inf / Inf = NaN, as -Inf x 0 does.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Swish<TV, TO>(TV x) where TV : struct where TO : IVectorOps<TV> =>
        TO.Divide(x, TO.Add(TO.Create(1f), ExpOf<TV, TO, Minus>(x)));

    /// <summary>
    /// e^(s x) lane by lane, s = <typeparamref name="TS"/>'s sign: with s = -1 the reduction works on v = -r, so every
    /// term of odd degree in r changes sign in the constants and the negation costs nothing (same roundings as on -x).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ExpOf<TV, TO, TS>(TV x) where TV : struct where TO : IVectorOps<TV> where TS : struct, ISign
    {
        float s = TS.Value;
        // s x clamped to [Lowest, Highest]. The constant first in Min/Max: a NaN lane of x stays NaN and each clamp stays one instruction.
        var clamped = TS.Value > 0
            ? TO.Min(TO.Create(Highest), TO.Max(TO.Create(Lowest), x))
            : TO.Min(TO.Create(-Lowest), TO.Max(TO.Create(-Highest), x));
        var n = TO.Round(TO.Multiply(clamped, TO.Create(s * Log2E)));
        // v = s r = x - s n ln 2.
        var v = TO.MultiplyAdd(n, TO.Create(-s * Ln2Low), TO.MultiplyAdd(n, TO.Create(-s * Ln2High), clamped));
        var p = TO.MultiplyAdd(TO.Create(C6), v, TO.Create(s * C5));
        p = TO.MultiplyAdd(p, v, TO.Create(C4));
        p = TO.MultiplyAdd(p, v, TO.Create(s * C3));
        p = TO.MultiplyAdd(p, v, TO.Create(C2));
        var linear = TS.Value > 0 ? TO.Add(TO.Create(1f), v) : TO.Subtract(TO.Create(1f), v);
        p = TO.MultiplyAdd(p, TO.Multiply(v, v), linear);
        return TO.ScaleByPowerOfTwo(p, n);
    }

    /// <summary>The sign of the exponent, a type argument so that it folds into the constants.</summary>
    private interface ISign
    {
        static abstract float Value { get; }
    }

    private readonly struct Plus : ISign
    {
        public static float Value => 1f;
    }

    private readonly struct Minus : ISign
    {
        public static float Value => -1f;
    }
}
