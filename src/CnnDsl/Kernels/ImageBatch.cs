using System.ComponentModel;

namespace CnnDsl.Kernels;

/// <summary>
/// A flat layer (a 1x1 convolution of stride 1, its positions one run) on several images of a batch at once, their
/// tensors one after another: the positions of all images are one run, so <see cref="ConvKernel"/> takes them as one
/// matrix multiply, with the full register tiles and weight reuse of a layer <see cref="DenseBatch.Images"/> times as
/// large (ResNet-50's stage 4 has 49 positions an image). For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ImageBatch
{
    /// <summary>
    /// The shape of flat layer <typeparamref name="S"/> over up to <see cref="DenseBatch.Images"/> images whose tensors lie
    /// one after another: one run of that many times its positions (the caller passes the positions of the images it has).
    /// Every other constant is <typeparamref name="S"/>'s, so the JIT still sees constants.
    /// </summary>
    public readonly struct Shape<S> : IConvShape where S : struct, IConvShape
    {
        /// <inheritdoc cref="IConvShape.Flat"/>
        public static bool Flat => true;
        /// <summary>The positions of <see cref="DenseBatch.Images"/> images.</summary>
        public static int Columns => DenseBatch.Images * S.Columns;
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
        /// <inheritdoc cref="IConvShape.Residual"/>
        public static bool Residual => S.Residual;
    }
}
