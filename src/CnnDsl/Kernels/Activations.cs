using System;
using System.ComponentModel;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace CnnDsl.Kernels;

/// <summary>Activations over whole buffers (in place allowed): TensorPrimitives, and <see cref="VectorExp"/> for sigmoid and swish. For generated code only.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Activations
{
    // HardSwish needs a temporary; a stack chunk keeps it allocation-free.
    private const int Chunk = 512;

    /// <summary>
    /// Applies <paramref name="act"/> to <paramref name="source"/> into <paramref name="destination"/> (same length;
    /// may be the same memory). Softmax runs over each run of <paramref name="channels"/> values (one position).
    /// </summary>
    public static void Apply(ReadOnlySpan<float> source, Span<float> destination, Act act, int channels)
    {
        switch (act)
        {
            case Act.None:
                if (!source.Overlaps(destination)) source.CopyTo(destination);
                break;
            case Act.Relu:
                TensorPrimitives.Max(source, 0f, destination);
                break;
            case Act.Relu6:
                TensorPrimitives.Max(source, 0f, destination);
                TensorPrimitives.Min(destination, 6f, destination);
                break;
            case Act.Sigmoid:
            case Act.Swish:
                Logistic(source, destination, gateOnly: act == Act.Sigmoid);
                break;
            case Act.HardSwish:
            {
                Span<float> gate = stackalloc float[Chunk];
                for (int i = 0; i < source.Length; i += Chunk)
                {
                    int n = Math.Min(Chunk, source.Length - i);
                    var g = gate.Slice(0, n);
                    TensorPrimitives.Add(source.Slice(i, n), 3f, g);
                    TensorPrimitives.Max(g, 0f, g);
                    TensorPrimitives.Min(g, 6f, g);
                    TensorPrimitives.Multiply(g, 1f / 6f, g);
                    TensorPrimitives.Multiply(source.Slice(i, n), g, destination.Slice(i, n));
                }
                break;
            }
            case Act.Softmax:
                for (int i = 0; i < source.Length; i += channels) Softmax(source.Slice(i, channels), destination.Slice(i, channels));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(act), act, "Unknown activation.");
        }
    }

    /// <summary>Sigmoid (<paramref name="gateOnly"/>) or swish through <see cref="VectorExp"/>, one pass over memory, at the width generated code runs with.</summary>
    private static void Logistic(ReadOnlySpan<float> source, Span<float> destination, bool gateOnly)
    {
        switch (Simd.Best)
        {
            case SimdWidth.Vector512: Logistic<Vector512<float>, Vector512Ops>(source, destination, gateOnly); break;
            case SimdWidth.Vector256: Logistic<Vector256<float>, Vector256Ops>(source, destination, gateOnly); break;
            case SimdWidth.Vector128: Logistic<Vector128<float>, Vector128Ops>(source, destination, gateOnly); break;
            default: Logistic<float, ScalarOps>(source, destination, gateOnly); break;
        }
    }

    private static void Logistic<TV, TO>(ReadOnlySpan<float> source, Span<float> destination, bool gateOnly) where TV : struct where TO : struct, IVectorOps<TV>
    {
        if (gateOnly) ActivationPass.Apply<TV, TO, FusedSigmoid>(source, destination);
        else ActivationPass.Apply<TV, TO, FusedSwish>(source, destination);
    }

    /// <summary>
    /// exp(x - max) / sum of exp(x - max), as ONNX Runtime computes it. Not TensorPrimitives.SoftMax: it skips the
    /// max, so a logit above about 88 overflows exp and gives NaN, and +Inf gives 0 for the other classes where IEEE
    /// arithmetic gives NaN. NaN in the row makes the whole row NaN (TensorPrimitives.Max propagates it).
    /// </summary>
    private static void Softmax(ReadOnlySpan<float> x, Span<float> y)
    {
        float max = TensorPrimitives.Max(x);
        TensorPrimitives.Subtract(x, max, y);
        TensorPrimitives.Exp(y, y);
        TensorPrimitives.Divide(y, TensorPrimitives.Sum(y), y);
    }

    /// <summary>Applies <paramref name="act"/> in place to <paramref name="pixels"/> runs of <paramref name="channels"/> values, <paramref name="pixelStride"/> apart (a channel slice).</summary>
    public static void ApplyStrided(ref float data, int pixels, int channels, int pixelStride, Act act)
    {
        if (pixelStride == channels)
        {
            var all = MemoryMarshal.CreateSpan(ref data, pixels * channels);
            Apply(all, all, act, channels);
            return;
        }
        for (int p = 0; p < pixels; p++)
        {
            var run = MemoryMarshal.CreateSpan(ref System.Runtime.CompilerServices.Unsafe.Add(ref data, p * pixelStride), channels);
            Apply(run, run, act, channels);
        }
    }
}
