using System;

namespace CnnDsl.Vision;

/// <summary>
/// One random image transformation. <see cref="Apply"/> changes the image in place (it may change its size, as
/// crops do), draws every random number from the given <see cref="Random"/> (so a seeded <see cref="Random"/> repeats
/// the same augmentation), and allocates nothing once its scratch buffers have grown to the image size.
/// </summary>
public interface IAugmentation
{
    /// <summary>Transforms <paramref name="image"/> (values 0..255, HWC).</summary>
    void Apply(ImageData image, Random random);
}
