using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CnnDsl.Kernels;

/// <summary>512-bit lanes (AVX-512). For generated code only.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Vector512Ops : IVectorOps<Vector512<float>>
{
    /// <inheritdoc />
    public static int Count => Vector512<float>.Count;
    /// <inheritdoc />
    public static Vector512<float> Zero => Vector512<float>.Zero;
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Create(float value) => Vector512.Create(value);
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(ref float source, nint offset) => Vector512.LoadUnsafe(ref source, (nuint)offset);
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Broadcast(ref float source, nint offset) => Vector512.Create(Unsafe.Add(ref source, offset));
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> value, ref float destination, nint offset) => value.StoreUnsafe(ref destination, (nuint)offset);
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Store(Vector512<float> value, ref float destination, nint offset, int count)
    {
        if (count >= Vector512<float>.Count)
        {
            value.StoreUnsafe(ref destination, (nuint)offset);
            return;
        }
        if (Avx512F.IsSupported)
        {
            // A masked store writes the first lanes only: the others may be another thread's (pinned for the store, so any memory will do).
            var keep = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count)).AsSingle();
            fixed (float* at = &Unsafe.Add(ref destination, offset)) Avx512F.MaskStore(at, keep, value);
            return;
        }
        PartialStore.Lanes(value, ref destination, offset, count);
    }
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.FusedMultiplyAdd(a, b, c);
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Subtract(Vector512<float> a, Vector512<float> b) => a - b;
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    // MaxNative/MinNative (x86 maxps/minps) return b when either lane is NaN, so only a's NaN needs the select.
    public static Vector512<float> Max(Vector512<float> a, Vector512<float> b) =>
        Vector512.ConditionalSelect(Vector512.Equals(a, a), Vector512.MaxNative(a, b), a);
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Min(Vector512<float> a, Vector512<float> b) =>
        Vector512.ConditionalSelect(Vector512.Equals(a, a), Vector512.MinNative(a, b), a);
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Divide(Vector512<float> a, Vector512<float> b) => a / b;
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Round(Vector512<float> a) => Vector512.Round(a);
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> ScaleByPowerOfTwo(Vector512<float> value, Vector512<float> exponent)
    {
        // vscalefps: one instruction, rounding once, overflowing to infinity and underflowing through the subnormals.
        if (Avx512F.IsSupported) return Avx512F.Scale(value, exponent);
        var whole = Vector512.ConvertToInt32(exponent);
        var half = Vector512.ShiftRightArithmetic(whole, 1);
        return value * Vector512.ShiftLeft(half + Vector512.Create(127), 23).AsSingle() * Vector512.ShiftLeft(whole - half + Vector512.Create(127), 23).AsSingle();
    }
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> WhereGreater(Vector512<float> a, Vector512<float> b, Vector512<float> ifGreater, Vector512<float> otherwise) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(a, b), ifGreater, otherwise);
}

/// <summary>256-bit lanes (AVX2; FMA when present). For generated code only.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Vector256Ops : IVectorOps<Vector256<float>>
{
    /// <inheritdoc />
    public static int Count => Vector256<float>.Count;
    /// <inheritdoc />
    public static Vector256<float> Zero => Vector256<float>.Zero;
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Create(float value) => Vector256.Create(value);
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(ref float source, nint offset) => Vector256.LoadUnsafe(ref source, (nuint)offset);
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Broadcast(ref float source, nint offset) => Vector256.Create(Unsafe.Add(ref source, offset));
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> value, ref float destination, nint offset) => value.StoreUnsafe(ref destination, (nuint)offset);
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Store(Vector256<float> value, ref float destination, nint offset, int count)
    {
        if (count >= Vector256<float>.Count)
        {
            value.StoreUnsafe(ref destination, (nuint)offset);
            return;
        }
        if (Avx.IsSupported)
        {
            // A masked store writes the first lanes only: the others may be another thread's (pinned for the store, so any memory will do).
            var keep = Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(count)).AsSingle();
            fixed (float* at = &Unsafe.Add(ref destination, offset)) Avx.MaskStore(at, keep, value);
            return;
        }
        PartialStore.Lanes(value, ref destination, offset, count);
    }
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.MultiplyAddEstimate(a, b, c);
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Subtract(Vector256<float> a, Vector256<float> b) => a - b;
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Max(Vector256<float> a, Vector256<float> b) =>
        Vector256.ConditionalSelect(Vector256.Equals(a, a), Vector256.MaxNative(a, b), a);
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Min(Vector256<float> a, Vector256<float> b) =>
        Vector256.ConditionalSelect(Vector256.Equals(a, a), Vector256.MinNative(a, b), a);
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Divide(Vector256<float> a, Vector256<float> b) => a / b;
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Round(Vector256<float> a) => Vector256.Round(a);
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ScaleByPowerOfTwo(Vector256<float> value, Vector256<float> exponent)
    {
        if (Avx512F.VL.IsSupported) return Avx512F.VL.Scale(value, exponent);
        // The exponent is integral and in range: a plain conversion, not ConvertToInt32's saturating one (4 instructions more on AVX2).
        var whole = Avx.IsSupported ? Avx.ConvertToVector256Int32WithTruncation(exponent) : Vector256.ConvertToInt32(exponent);
        var half = Vector256.ShiftRightArithmetic(whole, 1);
        return value * Vector256.ShiftLeft(half + Vector256.Create(127), 23).AsSingle() * Vector256.ShiftLeft(whole - half + Vector256.Create(127), 23).AsSingle();
    }
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> WhereGreater(Vector256<float> a, Vector256<float> b, Vector256<float> ifGreater, Vector256<float> otherwise) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(a, b), ifGreater, otherwise);
}

/// <summary>128-bit lanes (SSE, NEON; FMA when present). For generated code only.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Vector128Ops : IVectorOps<Vector128<float>>
{
    /// <inheritdoc />
    public static int Count => Vector128<float>.Count;
    /// <inheritdoc />
    public static Vector128<float> Zero => Vector128<float>.Zero;
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Create(float value) => Vector128.Create(value);
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Load(ref float source, nint offset) => Vector128.LoadUnsafe(ref source, (nuint)offset);
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Broadcast(ref float source, nint offset) => Vector128.Create(Unsafe.Add(ref source, offset));
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<float> value, ref float destination, nint offset) => value.StoreUnsafe(ref destination, (nuint)offset);
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Store(Vector128<float> value, ref float destination, nint offset, int count)
    {
        if (count >= Vector128<float>.Count)
        {
            value.StoreUnsafe(ref destination, (nuint)offset);
            return;
        }
        if (Avx.IsSupported)
        {
            // A masked store writes the first lanes only: the others may be another thread's (pinned for the store, so any memory will do).
            var keep = Vector128.LessThan(Vector128<int>.Indices, Vector128.Create(count)).AsSingle();
            fixed (float* at = &Unsafe.Add(ref destination, offset)) Avx.MaskStore(at, keep, value);
            return;
        }
        PartialStore.Lanes(value, ref destination, offset, count);
    }
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) => Vector128.MultiplyAddEstimate(a, b, c);
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Subtract(Vector128<float> a, Vector128<float> b) => a - b;
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Multiply(Vector128<float> a, Vector128<float> b) => a * b;
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Max(Vector128<float> a, Vector128<float> b) =>
        Vector128.ConditionalSelect(Vector128.Equals(a, a), Vector128.MaxNative(a, b), a);
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Min(Vector128<float> a, Vector128<float> b) =>
        Vector128.ConditionalSelect(Vector128.Equals(a, a), Vector128.MinNative(a, b), a);
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Divide(Vector128<float> a, Vector128<float> b) => a / b;
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Round(Vector128<float> a) => Vector128.Round(a);
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> ScaleByPowerOfTwo(Vector128<float> value, Vector128<float> exponent)
    {
        var whole = Sse2.IsSupported ? Sse2.ConvertToVector128Int32WithTruncation(exponent) : Vector128.ConvertToInt32(exponent);
        var half = Vector128.ShiftRightArithmetic(whole, 1);
        return value * Vector128.ShiftLeft(half + Vector128.Create(127), 23).AsSingle() * Vector128.ShiftLeft(whole - half + Vector128.Create(127), 23).AsSingle();
    }
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> WhereGreater(Vector128<float> a, Vector128<float> b, Vector128<float> ifGreater, Vector128<float> otherwise) =>
        Vector128.ConditionalSelect(Vector128.GreaterThan(a, b), ifGreater, otherwise);
}

/// <summary>One lane: the fallback where no vector hardware is enabled. For generated code only.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct ScalarOps : IVectorOps<float>
{
    /// <inheritdoc />
    public static int Count => 1;
    /// <inheritdoc />
    public static float Zero => 0f;
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Create(float value) => value;
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Load(ref float source, nint offset) => Unsafe.Add(ref source, offset);
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Broadcast(ref float source, nint offset) => Unsafe.Add(ref source, offset);
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float value, ref float destination, nint offset) => Unsafe.Add(ref destination, offset) = value;
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float value, ref float destination, nint offset, int count) => Unsafe.Add(ref destination, offset) = value;
    /// <inheritdoc />
    // Not MathF.FusedMultiplyAdd: without hardware FMA that is a slow software emulation.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MultiplyAdd(float a, float b, float c) => (a * b) + c;
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Add(float a, float b) => a + b;
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Subtract(float a, float b) => a - b;
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Multiply(float a, float b) => a * b;
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Max(float a, float b) => float.IsNaN(a) || a > b ? a : b;
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Min(float a, float b) => float.IsNaN(a) || a < b ? a : b;
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Divide(float a, float b) => a / b;
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Round(float a) => MathF.Round(a, MidpointRounding.ToEven);
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ScaleByPowerOfTwo(float value, float exponent) => MathF.ScaleB(value, (int)exponent);
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float WhereGreater(float a, float b, float ifGreater, float otherwise) => a > b ? ifGreater : otherwise;
}
