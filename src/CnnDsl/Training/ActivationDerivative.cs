using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using CnnDsl.Kernels;

namespace CnnDsl.Training;

/// <summary>
/// dloss/dinput = dloss/doutput x act'(z) for the activations whose derivative needs more than the output's sign, in
/// place, at the width generated code runs with: sigmoid y (1 - y) from its output; swish s (1 + z (1 - s)) with
/// s = sigmoid(z) through the inference's <see cref="VectorExp"/>; hard swish 0 below -3, (2z + 3) / 6 up to 3 and 1
/// above (PyTorch's side at the kinks). The tail that does not fill a vector goes through a padded stack copy, so every
/// value is computed by the same instructions.
/// </summary>
internal static class ActivationDerivative
{
    /// <summary>Multiplies <paramref name="gradient"/> by sigmoid's derivative, from its output <paramref name="y"/>.</summary>
    public static void Sigmoid(ReadOnlySpan<float> y, Span<float> gradient) => Apply<SigmoidSlope>(y, gradient);

    /// <summary>Multiplies <paramref name="gradient"/> by swish's derivative at its input <paramref name="z"/>.</summary>
    public static void Swish(ReadOnlySpan<float> z, Span<float> gradient) => Apply<SwishSlope>(z, gradient);

    /// <summary>Multiplies <paramref name="gradient"/> by hard swish's derivative at its input <paramref name="z"/>.</summary>
    public static void HardSwish(ReadOnlySpan<float> z, Span<float> gradient) => Apply<HardSwishSlope>(z, gradient);

    private static void Apply<TS>(ReadOnlySpan<float> at, Span<float> gradient) where TS : struct, ISlope
    {
        switch (Simd.Best)
        {
            case SimdWidth.Vector512: Run<Vector512<float>, Vector512Ops, TS>(at, gradient); break;
            case SimdWidth.Vector256: Run<Vector256<float>, Vector256Ops, TS>(at, gradient); break;
            case SimdWidth.Vector128: Run<Vector128<float>, Vector128Ops, TS>(at, gradient); break;
            default: Run<float, ScalarOps, TS>(at, gradient); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<TV, TO, TS>(ReadOnlySpan<float> at, Span<float> gradient) where TV : struct where TO : struct, IVectorOps<TV> where TS : struct, ISlope
    {
        if (at.Length != gradient.Length) throw new ArgumentException($"The gradient has {gradient.Length} values for {at.Length} activations.", nameof(gradient));
        ref float a = ref MemoryMarshal.GetReference(at);
        ref float d = ref MemoryMarshal.GetReference(gradient);
        int i = 0;
        for (; i <= at.Length - TO.Count; i += TO.Count)
            TO.Store(TO.Multiply(TO.Load(ref d, i), TS.Slope<TV, TO>(TO.Load(ref a, i))), ref d, i);
        if (i == at.Length) return;
        Span<float> tailAt = stackalloc float[Simd.MaxLanes], tailGradient = stackalloc float[Simd.MaxLanes];
        tailAt.Clear();
        tailGradient.Clear();
        at[i..].CopyTo(tailAt);
        gradient[i..].CopyTo(tailGradient);
        ref float ta = ref MemoryMarshal.GetReference(tailAt);
        ref float td = ref MemoryMarshal.GetReference(tailGradient);
        TO.Store(TO.Multiply(TO.Load(ref td, 0), TS.Slope<TV, TO>(TO.Load(ref ta, 0))), ref td, 0);
        tailGradient[..(at.Length - i)].CopyTo(gradient[i..]);
    }

    /// <summary>An activation's derivative, from the value the backward reads (its output or its input).</summary>
    private interface ISlope
    {
        static abstract TV Slope<TV, TO>(TV at) where TV : struct where TO : struct, IVectorOps<TV>;
    }

    /// <summary>Sigmoid, from its output y: y (1 - y).</summary>
    private readonly struct SigmoidSlope : ISlope
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Slope<TV, TO>(TV y) where TV : struct where TO : struct, IVectorOps<TV> => TO.Multiply(y, TO.Subtract(TO.Create(1f), y));
    }

    /// <summary>Swish z sigmoid(z), from its input: s + z s (1 - s) = s (1 + z (1 - s)).</summary>
    private readonly struct SwishSlope : ISlope
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Slope<TV, TO>(TV z) where TV : struct where TO : struct, IVectorOps<TV>
        {
            TV s = VectorExp.Sigmoid<TV, TO>(z);
            return TO.Multiply(s, TO.MultiplyAdd(z, TO.Subtract(TO.Create(1f), s), TO.Create(1f)));
        }
    }

    /// <summary>Hard swish z relu6(z + 3) / 6, from its input: 0 below -3, (2z + 3) / 6 on [-3, 3], 1 above.</summary>
    private readonly struct HardSwishSlope : ISlope
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Slope<TV, TO>(TV z) where TV : struct where TO : struct, IVectorOps<TV>
        {
            TV inside = TO.Divide(TO.MultiplyAdd(z, TO.Create(2f), TO.Create(3f)), TO.Create(6f));
            return TO.WhereGreater(TO.Create(-3f), z, TO.Zero, TO.WhereGreater(z, TO.Create(3f), TO.Create(1f), inside));
        }
    }
}
