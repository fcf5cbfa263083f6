namespace CnnDsl;

/// <summary>Average pooling over a square window; padded positions are not counted (ONNX <c>count_include_pad = 0</c>).</summary>
/// <param name="size">Window height and width.</param>
public sealed class AvgPoolAttribute(int size) : LayerAttribute
{
    /// <summary>Window height and width.</summary>
    public int Size { get; } = size;
    /// <summary>Stride; 0 (the default) means the window size.</summary>
    public int Stride { get; set; }
    /// <summary>Padding mode (default <see cref="CnnDsl.Padding.Same"/>).</summary>
    public Padding Padding { get; set; } = Padding.Same;
}
