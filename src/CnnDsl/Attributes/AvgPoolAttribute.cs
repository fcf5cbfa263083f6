namespace CnnDsl;

/// <summary>Average pooling over a square window; padded positions are not counted (ONNX <c>count_include_pad = 0</c>).</summary>
/// <param name="size">Window height and width.</param>
#if CNNDSL_ROSLYN
internal
#else
public
#endif
sealed class AvgPoolAttribute(int size) : LayerAttribute
{
    /// <summary>Window height and width.</summary>
    public int Size { get; } = size;
    /// <summary>Stride; 0 (the default) means the window size.</summary>
    public int Stride { get; set; }
    /// <summary>Padding mode (default <see cref="CnnDsl.Padding.Same"/>).</summary>
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
