using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace CnnDsl.Kernels;

/// <summary>
/// An activation applied in registers in a kernel's epilogue, passed as a struct type argument so that each layer's
/// instantiation has it inlined. The constant comes first in Max/Min: NaN still propagates (IEEE, like ONNX Runtime)
/// and each clamp stays one instruction. For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IFusedActivation
{
    /// <summary>Whether this is no activation at all.</summary>
    static abstract bool Identity { get; }

    /// <summary>
    /// Whether a convolution may run it on wide register tiles (their epilogue runs from memory after the sums are
    /// stored). Swish does (measured faster than narrow tiles finished in registers); sigmoid, unmeasured there, does not.
    /// </summary>
    static abstract bool Wide { get; }

    /// <summary>
    /// Whether a wide register tile (24 accumulators, five registers left) applies it in registers before its store: it
    /// needs at most two vector constants (none, ReLU, ReLU6). Others finish a wide tile from memory.
    /// </summary>
    static virtual bool FinishesInWideTile => false;

    /// <summary>The activation lane by lane.</summary>
    static abstract TV Apply<TV, TO>(TV v) where TV : struct where TO : struct, IVectorOps<TV>;
}

/// <summary>No activation. For generated code only.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct FusedNone : IFusedActivation
{
    /// <inheritdoc />
    public static bool Identity => true;
    /// <inheritdoc />
    public static bool Wide => true;
    /// <inheritdoc />
    public static bool FinishesInWideTile => true;
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Apply<TV, TO>(TV v) where TV : struct where TO : struct, IVectorOps<TV> => v;
}

/// <summary>max(0, x). For generated code only.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct FusedRelu : IFusedActivation
{
    /// <inheritdoc />
    public static bool Identity => false;
    /// <inheritdoc />
    public static bool Wide => true;
    /// <inheritdoc />
    public static bool FinishesInWideTile => true;
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Apply<TV, TO>(TV v) where TV : struct where TO : struct, IVectorOps<TV> => TO.Max(TO.Zero, v);
}

/// <summary>min(max(0, x), 6). For generated code only.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct FusedRelu6 : IFusedActivation
{
    /// <inheritdoc />
    public static bool Identity => false;
    /// <inheritdoc />
    public static bool Wide => true;
    /// <inheritdoc />
    public static bool FinishesInWideTile => true;
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Apply<TV, TO>(TV v) where TV : struct where TO : struct, IVectorOps<TV> => TO.Min(TO.Create(6f), TO.Max(TO.Zero, v));
}

/// <summary>x * relu6(x + 3) / 6. For generated code only.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct FusedHardSwish : IFusedActivation
{
    /// <inheritdoc />
    public static bool Identity => false;
    /// <inheritdoc />
    public static bool Wide => true;
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Apply<TV, TO>(TV v) where TV : struct where TO : struct, IVectorOps<TV>
        => TO.Multiply(TO.Multiply(v, TO.Min(TO.Create(6f), TO.Max(TO.Zero, TO.Add(v, TO.Create(3f))))), TO.Create(1f / 6f));
}

/// <summary>1 / (1 + e^-x) through <see cref="VectorExp"/>. For generated code only.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct FusedSigmoid : IFusedActivation
{
    /// <inheritdoc />
    public static bool Identity => false;
    /// <inheritdoc />
    public static bool Wide => false;
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Apply<TV, TO>(TV v) where TV : struct where TO : struct, IVectorOps<TV> => VectorExp.Sigmoid<TV, TO>(v);
}

/// <summary>x * sigmoid(x) through <see cref="VectorExp"/>. For generated code only.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct FusedSwish : IFusedActivation
{
    /// <inheritdoc />
    public static bool Identity => false;
    /// <inheritdoc />
    public static bool Wide => true;
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Apply<TV, TO>(TV v) where TV : struct where TO : struct, IVectorOps<TV> => VectorExp.Swish<TV, TO>(v);
}
