using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CnnDsl.Kernels;

/// <summary>
/// exp, sigmoid and swish on whole vectors as a short polynomial the JIT inlines (Cephes' expf: 2^n times a degree-6
/// polynomial of the remainder, within 2 ulp of the true value), so an activation costs a few instructions per vector
/// instead of a call per vector (Vector512.Exp) or per span (TensorPrimitives). IEEE behaviour is kept: NaN stays
/// NaN, exp overflows to +Inf above 88.72 and reaches 0 through the subnormals (2^n is applied in two halves so n
/// may leave the exponent range of one float), so sigmoid(-Inf) = 0 and swish(-Inf) = -Inf x 0 = NaN, as the definitions give.
/// For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class VectorExp
{
    private const float Highest = 88.72283f;     // ln(float.MaxValue)
    private const float Lowest = -103.97208f;    // ln(half the smallest subnormal float): below it e^x rounds to 0
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2High = 0.693359375f;  // ln 2 split in two so n * Ln2High is exact
    private const float Ln2Low = -2.12194440e-4f;
    private const float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f;
    private const float P3 = 4.1665795894e-2f, P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;

    /// <summary>e^x lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        // MinNative/MaxNative return the second operand when a lane is NaN: clamping with x second keeps NaN.
        var clamped = Vector512.MinNative(Vector512.Create(Highest), Vector512.MaxNative(Vector512.Create(Lowest), x));
        var n = Vector512.Round(clamped * Vector512.Create(Log2E));
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Low), Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2High), clamped));
        var p = Vector512.FusedMultiplyAdd(Vector512.Create(P0), r, Vector512.Create(P1));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P2));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P3));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P4));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P5));
        p = Vector512.FusedMultiplyAdd(p, r * r, r + Vector512<float>.One);
        var whole = Vector512.ConvertToInt32(n);
        var half = Vector512.ShiftRightArithmetic(whole, 1);
        var result = p * Vector512.ShiftLeft(half + Vector512.Create(127), 23).AsSingle() * Vector512.ShiftLeft(whole - half + Vector512.Create(127), 23).AsSingle();
        result = Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(Highest)), Vector512.Create(float.PositiveInfinity), result);
        return Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(Lowest)), Vector512<float>.Zero, result);
    }

    /// <summary>1 / (1 + e^-x) lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x) => Vector512<float>.One / (Vector512<float>.One + Exp(-x));

    /// <summary>x / (1 + e^-x) lane by lane (x times its sigmoid).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Swish(Vector512<float> x) => x * Sigmoid(x);

    /// <summary>e^x lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        var clamped = Vector256.MinNative(Vector256.Create(Highest), Vector256.MaxNative(Vector256.Create(Lowest), x));
        var n = Vector256.Round(clamped * Vector256.Create(Log2E));
        var r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Low), Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2High), clamped));
        var p = Vector256.FusedMultiplyAdd(Vector256.Create(P0), r, Vector256.Create(P1));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P2));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P3));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P4));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P5));
        p = Vector256.FusedMultiplyAdd(p, r * r, r + Vector256<float>.One);
        var whole = Vector256.ConvertToInt32(n);
        var half = Vector256.ShiftRightArithmetic(whole, 1);
        var result = p * Vector256.ShiftLeft(half + Vector256.Create(127), 23).AsSingle() * Vector256.ShiftLeft(whole - half + Vector256.Create(127), 23).AsSingle();
        result = Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(Highest)), Vector256.Create(float.PositiveInfinity), result);
        return Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(Lowest)), Vector256<float>.Zero, result);
    }

    /// <summary>1 / (1 + e^-x) lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x) => Vector256<float>.One / (Vector256<float>.One + Exp(-x));

    /// <summary>x / (1 + e^-x) lane by lane (x times its sigmoid).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Swish(Vector256<float> x) => x * Sigmoid(x);
}
