using System.ComponentModel;

namespace CnnDsl.Kernels;

/// <summary>
/// The dense layers at the end of a network, run on several images of a batch at once: image by image, a dense layer
/// is one position against all its weights, so every image streams the whole weight matrix from memory (MobileNet V2's
/// classifier: 5 MB per image); as one matrix multiply over <see cref="Images"/> images each weight is read once for
/// all of them. For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DenseBatch
{
    /// <summary>
    /// Images a batch's dense layers take at once: one register tile of the convolution kernel (8 positions x 2 channel
    /// vectors at AVX-512); their inputs and outputs wait in a buffer of this many images.
    /// </summary>
    public const int Images = 8;

    /// <summary>
    /// The shape of dense layer <typeparamref name="S"/> (one position reading every input value) over
    /// <see cref="Images"/> images whose inputs lie one after another: one row of that many columns, each a position
    /// of <typeparamref name="S"/>. Every other constant is <typeparamref name="S"/>'s, so the JIT still sees constants.
    /// </summary>
    public readonly struct Shape<S> : IConvShape where S : struct, IConvShape
    {
        /// <summary>One column per image.</summary>
        public static int Columns => Images;
        /// <inheritdoc cref="IConvShape.ColumnStep"/>
        public static int ColumnStep => S.ColumnStep;
        /// <inheritdoc cref="IConvShape.Run"/>
        public static int Run => S.Run;
        /// <inheritdoc cref="IConvShape.Taps"/>
        public static int Taps => S.Taps;
        /// <inheritdoc cref="IConvShape.OutChannels"/>
        public static int OutChannels => S.OutChannels;
        /// <inheritdoc cref="IConvShape.GroupInChannels"/>
        public static int GroupInChannels => S.GroupInChannels;
        /// <inheritdoc cref="IConvShape.GroupOutChannels"/>
        public static int GroupOutChannels => S.GroupOutChannels;
        /// <inheritdoc cref="IConvShape.Stride"/>
        public static int Stride => S.Stride;
    }
}
