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
    /// Sigmoid of four vectors at once, in place: the four exponentials' steps interleaved (<see cref="ExpOf4{TV, TO, TS}"/>).
    /// Lane by lane the same instructions as <see cref="Sigmoid{TV, TO}"/>, so the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Sigmoid4<TV, TO>(ref TV v0, ref TV v1, ref TV v2, ref TV v3) where TV : struct where TO : IVectorOps<TV>
    {
        TV e0 = v0, e1 = v1, e2 = v2, e3 = v3;
        ExpOf4<TV, TO, Minus>(ref e0, ref e1, ref e2, ref e3);
        v0 = TO.Divide(TO.Create(1f), TO.Add(TO.Create(1f), e0));
        v1 = TO.Divide(TO.Create(1f), TO.Add(TO.Create(1f), e1));
        v2 = TO.Divide(TO.Create(1f), TO.Add(TO.Create(1f), e2));
        v3 = TO.Divide(TO.Create(1f), TO.Add(TO.Create(1f), e3));
    }

    /// <summary>
    /// Swish of four vectors at once, in place: the four exponentials' steps interleaved (<see cref="ExpOf4{TV, TO, TS}"/>).
    /// Lane by lane the same instructions as <see cref="Swish{TV, TO}"/>, so the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Swish4<TV, TO>(ref TV v0, ref TV v1, ref TV v2, ref TV v3) where TV : struct where TO : IVectorOps<TV>
    {
        TV e0 = v0, e1 = v1, e2 = v2, e3 = v3;
        ExpOf4<TV, TO, Minus>(ref e0, ref e1, ref e2, ref e3);
        v0 = TO.Divide(v0, TO.Add(TO.Create(1f), e0));
        v1 = TO.Divide(v1, TO.Add(TO.Create(1f), e1));
        v2 = TO.Divide(v2, TO.Add(TO.Create(1f), e2));
        v3 = TO.Divide(v3, TO.Add(TO.Create(1f), e3));
    }

    /// <summary>
    /// e^(s x) lane by lane, s = <typeparamref name="TS"/>'s sign: with s = -1 the reduction works on v = -r, so every
    /// term of odd degree in r changes sign in the constants and the negation costs nothing (same roundings as on -x).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV ExpOf<TV, TO, TS>(TV x) where TV : struct where TO : IVectorOps<TV> where TS : struct, ISign
    {
        var clamped = Clamp<TV, TO, TS>(x);
        var n = Exponent<TV, TO, TS>(clamped);
        var v = Remainder<TV, TO, TS>(clamped, n);
        return TO.ScaleByPowerOfTwo(Polynomial<TV, TO, TS>(v), n);
    }

    /// <summary>
    /// <see cref="ExpOf{TV, TO, TS}"/> of four vectors in place, each step for all four before the next: one exponential
    /// is a chain of about 20 dependent instructions, and where each 256-bit instruction is two micro-operations (Zen 1)
    /// the out-of-order window holds less than two such chains, so one after the other they wait on their latencies.
    /// Interleaved, a swish pass over 28x28x240 took 2.08 -> 1.63 ns a value (AVX2 Zen 1, thread CPU time).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ExpOf4<TV, TO, TS>(ref TV x0, ref TV x1, ref TV x2, ref TV x3) where TV : struct where TO : IVectorOps<TV> where TS : struct, ISign
    {
        TV c0 = Clamp<TV, TO, TS>(x0), c1 = Clamp<TV, TO, TS>(x1), c2 = Clamp<TV, TO, TS>(x2), c3 = Clamp<TV, TO, TS>(x3);
        TV n0 = Exponent<TV, TO, TS>(c0), n1 = Exponent<TV, TO, TS>(c1), n2 = Exponent<TV, TO, TS>(c2), n3 = Exponent<TV, TO, TS>(c3);
        TV v0 = Remainder<TV, TO, TS>(c0, n0), v1 = Remainder<TV, TO, TS>(c1, n1), v2 = Remainder<TV, TO, TS>(c2, n2), v3 = Remainder<TV, TO, TS>(c3, n3);
        TV p0 = Polynomial<TV, TO, TS>(v0), p1 = Polynomial<TV, TO, TS>(v1), p2 = Polynomial<TV, TO, TS>(v2), p3 = Polynomial<TV, TO, TS>(v3);
        x0 = TO.ScaleByPowerOfTwo(p0, n0);
        x1 = TO.ScaleByPowerOfTwo(p1, n1);
        x2 = TO.ScaleByPowerOfTwo(p2, n2);
        x3 = TO.ScaleByPowerOfTwo(p3, n3);
    }

    /// <summary>s x clamped to [Lowest, Highest]. The constant first in Min/Max: a NaN lane of x stays NaN and each clamp stays one instruction.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Clamp<TV, TO, TS>(TV x) where TV : struct where TO : IVectorOps<TV> where TS : struct, ISign
        => TS.Value > 0
            ? TO.Min(TO.Create(Highest), TO.Max(TO.Create(Lowest), x))
            : TO.Min(TO.Create(-Lowest), TO.Max(TO.Create(-Highest), x));

    /// <summary>n = round(s x / ln 2), the power of two.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Exponent<TV, TO, TS>(TV clamped) where TV : struct where TO : IVectorOps<TV> where TS : struct, ISign
        => TO.Round(TO.Multiply(clamped, TO.Create(TS.Value * Log2E)));

    /// <summary>v = s r = x - s n ln 2, in two parts so that the first product is exact.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Remainder<TV, TO, TS>(TV clamped, TV n) where TV : struct where TO : IVectorOps<TV> where TS : struct, ISign
        => TO.MultiplyAdd(n, TO.Create(-TS.Value * Ln2Low), TO.MultiplyAdd(n, TO.Create(-TS.Value * Ln2High), clamped));

    /// <summary>e^r from v = s r.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Polynomial<TV, TO, TS>(TV v) where TV : struct where TO : IVectorOps<TV> where TS : struct, ISign
    {
        float s = TS.Value;
        var p = TO.MultiplyAdd(TO.Create(C6), v, TO.Create(s * C5));
        p = TO.MultiplyAdd(p, v, TO.Create(C4));
        p = TO.MultiplyAdd(p, v, TO.Create(s * C3));
        p = TO.MultiplyAdd(p, v, TO.Create(C2));
        var linear = TS.Value > 0 ? TO.Add(TO.Create(1f), v) : TO.Subtract(TO.Create(1f), v);
        return TO.MultiplyAdd(p, TO.Multiply(v, v), linear);
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
