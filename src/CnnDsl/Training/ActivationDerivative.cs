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
        for (; i <= at.Length - (4 * TO.Count); i += 4 * TO.Count)
        {
            TV s0 = TO.Load(ref a, i), s1 = TO.Load(ref a, i + TO.Count), s2 = TO.Load(ref a, i + (2 * TO.Count)), s3 = TO.Load(ref a, i + (3 * TO.Count));
            TS.Slope4<TV, TO>(ref s0, ref s1, ref s2, ref s3);
            TO.Store(TO.Multiply(TO.Load(ref d, i), s0), ref d, i);
            TO.Store(TO.Multiply(TO.Load(ref d, i + TO.Count), s1), ref d, i + TO.Count);
            TO.Store(TO.Multiply(TO.Load(ref d, i + (2 * TO.Count)), s2), ref d, i + (2 * TO.Count));
            TO.Store(TO.Multiply(TO.Load(ref d, i + (3 * TO.Count)), s3), ref d, i + (3 * TO.Count));
        }
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

        /// <summary>Four vectors' slopes in place, lane by lane the same instructions as <see cref="Slope"/>.</summary>
        static abstract void Slope4<TV, TO>(ref TV at0, ref TV at1, ref TV at2, ref TV at3) where TV : struct where TO : struct, IVectorOps<TV>;
    }

    /// <summary>Sigmoid, from its output y: y (1 - y).</summary>
    private readonly struct SigmoidSlope : ISlope
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Slope<TV, TO>(TV y) where TV : struct where TO : struct, IVectorOps<TV> => TO.Multiply(y, TO.Subtract(TO.Create(1f), y));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Slope4<TV, TO>(ref TV y0, ref TV y1, ref TV y2, ref TV y3) where TV : struct where TO : struct, IVectorOps<TV>
            => (y0, y1, y2, y3) = (Slope<TV, TO>(y0), Slope<TV, TO>(y1), Slope<TV, TO>(y2), Slope<TV, TO>(y3));
    }

    /// <summary>Swish z sigmoid(z), from its input: s + z s (1 - s) = s (1 + z (1 - s)).</summary>
    private readonly struct SwishSlope : ISlope
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Slope<TV, TO>(TV z) where TV : struct where TO : struct, IVectorOps<TV>
        {
            return FromSigmoid<TV, TO>(z, VectorExp.Sigmoid<TV, TO>(z));
        }

        /// <summary>The four sigmoids at once (<see cref="VectorExp.Sigmoid4"/>: their exponentials interleave).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Slope4<TV, TO>(ref TV z0, ref TV z1, ref TV z2, ref TV z3) where TV : struct where TO : struct, IVectorOps<TV>
        {
            TV s0 = z0, s1 = z1, s2 = z2, s3 = z3;
            VectorExp.Sigmoid4<TV, TO>(ref s0, ref s1, ref s2, ref s3);
            (z0, z1, z2, z3) = (FromSigmoid<TV, TO>(z0, s0), FromSigmoid<TV, TO>(z1, s1), FromSigmoid<TV, TO>(z2, s2), FromSigmoid<TV, TO>(z3, s3));
        }

        /// <summary>s (1 + z (1 - s)) from z and its sigmoid s.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static TV FromSigmoid<TV, TO>(TV z, TV s) where TV : struct where TO : struct, IVectorOps<TV>
            => TO.Multiply(s, TO.MultiplyAdd(z, TO.Subtract(TO.Create(1f), s), TO.Create(1f)));
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

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Slope4<TV, TO>(ref TV z0, ref TV z1, ref TV z2, ref TV z3) where TV : struct where TO : struct, IVectorOps<TV>
            => (z0, z1, z2, z3) = (Slope<TV, TO>(z0), Slope<TV, TO>(z1), Slope<TV, TO>(z2), Slope<TV, TO>(z3));
    }
}
