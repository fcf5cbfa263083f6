namespace CnnDsl;

/// <summary>Max pooling over a square window; padded positions never win.</summary>
/// <param name="size">Window height and width.</param>
#if CNNDSL_ROSLYN
internal
#else
public
#endif
sealed class MaxPoolAttribute(int size) : LayerAttribute
{
    /// <summary>Window height and width.</summary>
    public int Size { get; } = size;
    /// <summary>Stride; 0 (the default) means the window size.</summary>
    public int Stride { get; set; }
    /// <summary>Padding mode (default <see cref="CnnDsl.Padding.Same"/>, which is Caffe's ceil mode for GoogLeNet's pools).</summary>
    public Padding Padding { get; set; } = Padding.Same;
    /// <summary>Rows added above; with <see cref="PadLeft"/>, <see cref="PadBottom"/> and <see cref="PadRight"/> all set (0 or more) the four override <see cref="Padding"/> (ONNX <c>pads</c>). -1 (the default) means unset.</summary>
    public int PadTop { get; set; } = -1;
    /// <summary>Columns added on the left; see <see cref="PadTop"/>.</summary>
    public int PadLeft { get; set; } = -1;
    /// <summary>Rows added below; see <see cref="PadTop"/>.</summary>
    public int PadBottom { get; set; } = -1;
    /// <summary>Columns added on the right; see <see cref="PadTop"/>.</summary>
    public int PadRight { get; set; } = -1;
}
