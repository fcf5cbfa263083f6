using System.ComponentModel;

namespace CnnDsl.Kernels;

/// <summary>
/// The few vector operations generated layer code needs, over one hardware width. Generated layers are generic
/// over <typeparamref name="TVector"/> and an implementing struct, so the JIT (and NativeAOT) compiles each layer
/// once per width with <see cref="Count"/> a constant: one emitted method serves AVX-512, AVX2, SSE/NEON and scalar.
/// For generated code only.
/// </summary>
/// <typeparam name="TVector">The vector type, e.g. <c>Vector512&lt;float&gt;</c>, or <see cref="float"/> for scalar.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IVectorOps<TVector> where TVector : struct
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }

    /// <summary>All lanes zero.</summary>
    static abstract TVector Zero { get; }

    /// <summary>All lanes <paramref name="value"/>.</summary>
    static abstract TVector Create(float value);

    /// <summary>Loads <see cref="Count"/> floats at <paramref name="source"/> + <paramref name="offset"/> (unaligned).</summary>
    static abstract TVector Load(ref float source, nint offset);

    /// <summary>All lanes the float at <paramref name="source"/> + <paramref name="offset"/>.</summary>
    static abstract TVector Broadcast(ref float source, nint offset);

    /// <summary>Stores all lanes.</summary>
    static abstract void Store(TVector value, ref float destination, nint offset);

    /// <summary>
    /// Stores the first <paramref name="count"/> lanes (all of them when count &gt;= Count) and leaves the following ones untouched
    /// (a masked store where the hardware has one, else lane by lane): another thread may be writing them, as when two threads
    /// share a layer. Any memory will do: the masked store pins its destination for the instruction.
    /// </summary>
    static abstract void Store(TVector value, ref float destination, nint offset, int count);

    /// <summary>a * b + c, fused where the hardware has FMA.</summary>
    static abstract TVector MultiplyAdd(TVector a, TVector b, TVector c);

    /// <summary>a + b.</summary>
    static abstract TVector Add(TVector a, TVector b);

    /// <summary>a - b.</summary>
    static abstract TVector Subtract(TVector a, TVector b);

    /// <summary>a * b.</summary>
    static abstract TVector Multiply(TVector a, TVector b);

    /// <summary>
    /// Lane-wise maximum; NaN in either operand gives NaN, as IEEE arithmetic and ONNX Runtime do (an all-NaN image
    /// must not turn into a plausible answer). When <paramref name="a"/> is a constant the NaN test folds away and
    /// this is one instruction: put the constant first.
    /// </summary>
    static abstract TVector Max(TVector a, TVector b);

    /// <summary>Lane-wise minimum; NaN in either operand gives NaN (see <see cref="Max"/>; put a constant first).</summary>
    static abstract TVector Min(TVector a, TVector b);

    /// <summary>a / b.</summary>
    static abstract TVector Divide(TVector a, TVector b);

    /// <summary>Each lane rounded to the nearest integer, ties to even.</summary>
    static abstract TVector Round(TVector a);

    /// <summary>
    /// <paramref name="value"/> x 2^<paramref name="exponent"/>, for integral exponents from -160 to 160 (the range
    /// <see cref="VectorExp"/> needs: the power is applied in two halves, or by AVX-512's vscalefps, so the result
    /// overflows to infinity and underflows through the subnormals as the exact product rounded once would).
    /// </summary>
    static abstract TVector ScaleByPowerOfTwo(TVector value, TVector exponent);

    /// <summary>Lane by lane: <paramref name="ifGreater"/> where a &gt; b (false for NaN), else <paramref name="otherwise"/>.</summary>
    static abstract TVector WhereGreater(TVector a, TVector b, TVector ifGreater, TVector otherwise);
}
