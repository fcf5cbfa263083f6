using System;
using System.ComponentModel;

namespace CnnDsl.Training;

/// <summary>
/// A layer's training kernels generated for its geometry (a generated network's <c>Training</c> type names one per
/// layer it specializes; the trainer runs every other layer, and the weight gradients the layer leaves, with its own kernels). The
/// kernels are the generated inference's, instantiated with the layer's constant shape. For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class TrainingLayer
{
    [ThreadStatic] private static float[]? t_sums;

    private protected TrainingLayer()
    {
    }

    /// <summary>
    /// Throws when <paramref name="node"/> is not the operation and geometry this layer was generated for (a stale
    /// generated table); otherwise the layer keeps what it needs of the node (it serves that node alone).
    /// </summary>
    internal abstract void Check(NodeInfo node);

    /// <summary>Packs the current weights (OIHW) and bias for the passes that follow: once per pass, after the optimizer changed them.</summary>
    internal abstract void Pack(float[] weights, float[]? bias);

    /// <summary>Image <paramref name="image"/>'s output (before batch norm and activation) from its input.</summary>
    internal abstract void Forward(float[] input, float[] output, int image);

    /// <summary>Whether the layer computes its input gradient (else the trainer's own kernel does).</summary>
    internal virtual bool HasInputGradient => true;

    /// <summary>
    /// Packs the current weights (OIHW) for the input gradient, before its items: once per pass that takes one, after
    /// <see cref="Pack"/> (a layer whose input needs no gradient never packs them). Nothing by default: most layers
    /// read <see cref="Pack"/>'s weights for both.
    /// </summary>
    internal virtual void PackInputGradient(float[] weights)
    {
    }

    /// <summary>Image <paramref name="image"/>'s input gradient from its output gradient: written, or added to what the buffer holds.</summary>
    internal abstract void InputGradient(float[] outputGradient, float[] inputGradient, int image, bool overwrite);

    /// <summary>Items the input gradient of <paramref name="batch"/> images splits into: by default one an image.</summary>
    internal virtual int InputGradientItems(int batch) => batch;

    /// <summary>
    /// Item <paramref name="item"/> of <see cref="InputGradientItems"/>(<paramref name="batch"/>): by default image
    /// <paramref name="item"/>'s input gradient; a layer whose items take several images (sharing each weight loaded)
    /// says which. Items write disjoint values, each summed in a fixed order.
    /// </summary>
    internal virtual void InputGradient(float[] outputGradient, float[] inputGradient, int batch, int item, bool overwrite)
        => InputGradient(outputGradient, inputGradient, item, overwrite);

    /// <summary>Whether the layer computes its weight gradient (else the trainer's own kernel does).</summary>
    internal virtual bool HasWeightGradient => false;

    /// <summary>Items the weight gradient splits into (each computes some weights' sums whole, over every image in order).</summary>
    internal virtual int WeightGradientItems => 0;

    /// <summary>
    /// Before the weight gradient's items, once per pass that takes one: nothing by default; a layer that keeps the
    /// gradient in a buffer of its own allocates it at the first (a frozen weight's layer never has one).
    /// </summary>
    internal virtual void PrepareWeightGradient()
    {
    }

    /// <summary>
    /// Item <paramref name="item"/>'s part of the weight gradient over the first <paramref name="batch"/> images, kept by
    /// the layer until <see cref="SumWeightGradient"/>; the items split the work the same way whatever the thread count
    /// and each sums in a fixed order, so the result does not depend on the thread that computes an item.
    /// </summary>
    internal virtual void WeightGradient(float[] input, float[] outputGradient, int batch, int item)
        => throw new NotSupportedException("This layer leaves its weight gradient to the trainer's kernel.");

    /// <summary>After every item of <see cref="WeightGradient"/>: the weight gradient (OIHW) written into <paramref name="gradient"/> from the items' parts, in a fixed order.</summary>
    internal virtual void SumWeightGradient(float[] gradient)
        => throw new NotSupportedException("This layer leaves its weight gradient to the trainer's kernel.");

    /// <summary>Image <paramref name="image"/>'s first value in a batch buffer of <paramref name="length"/> per image (checked against its length).</summary>
    private protected static ref float Image(float[] buffer, int image, int length)
    {
        if (image < 0 || (long)(image + 1) * length > buffer.Length) throw new ArgumentOutOfRangeException(nameof(image), $"Image {image} lies past a buffer of {buffer.Length} floats ({length} per image).");
        return ref System.Runtime.CompilerServices.Unsafe.Add(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(buffer), (nint)image * length);
    }

    /// <summary>
    /// This thread's scratch of at least <paramref name="length"/> floats (allocated on its first use of that size), for
    /// an input gradient that another consumer's is already in the buffer: computed here, then <see cref="AddScratch"/>.
    /// </summary>
    private protected static ref float Scratch(int length)
    {
        var sums = t_sums;
        if (sums is null || sums.Length < length) t_sums = sums = new float[length];
        return ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(sums);
    }

    /// <summary>Adds the first <paramref name="length"/> floats of this thread's <see cref="Scratch"/> to <paramref name="target"/>.</summary>
    private protected static void AddScratch(ref float target, int length)
    {
        var sum = System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref target, length);
        System.Numerics.Tensors.TensorPrimitives.Add(sum, t_sums.AsSpan(0, length), sum);
    }
}
