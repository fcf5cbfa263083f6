namespace CnnDsl;

/// <summary>Max pooling over a square window; padded positions never win.</summary>
/// <param name="size">Window height and width.</param>
public sealed class MaxPoolAttribute(int size) : LayerAttribute
{
    /// <summary>Window height and width.</summary>
    public int Size { get; } = size;
    /// <summary>Stride; 0 (the default) means the window size.</summary>
    public int Stride { get; set; }
    /// <summary>Padding mode (default <see cref="CnnDsl.Padding.Same"/>, which is Caffe's ceil mode for GoogLeNet's pools).</summary>
    public Padding Padding { get; set; } = Padding.Same;
}
