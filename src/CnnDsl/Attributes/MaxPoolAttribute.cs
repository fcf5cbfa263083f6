namespace CnnDsl;

/// <summary>Max pooling over a window; padded positions never win.</summary>
#if CNNDSL_ROSLYN
internal
#else
public
#endif
sealed class MaxPoolAttribute : LayerAttribute
{
    /// <summary>A square window.</summary>
    /// <param name="size">Window height and width.</param>
    public MaxPoolAttribute(int size) : this(size, size) { }

    /// <summary>A window of <paramref name="sizeH"/> rows by <paramref name="sizeW"/> columns.</summary>
    /// <param name="sizeH">Window height.</param>
    /// <param name="sizeW">Window width.</param>
    public MaxPoolAttribute(int sizeH, int sizeW)
    {
        SizeH = sizeH;
        SizeW = sizeW;
    }

    /// <summary>Window height and width of a square window (the height of a non-square one).</summary>
    public int Size => SizeH;
    /// <summary>Window height.</summary>
    public int SizeH { get; }
    /// <summary>Window width.</summary>
    public int SizeW { get; }
    /// <summary>Stride in both directions; 0 (the default) means the window's side. Sets <see cref="StrideH"/> and <see cref="StrideW"/>.</summary>
    public int Stride { get => StrideH; set => StrideH = StrideW = value; }
    /// <summary>Vertical stride; 0 (the default) means the window height.</summary>
    public int StrideH { get; set; }
    /// <summary>Horizontal stride; 0 (the default) means the window width.</summary>
    public int StrideW { get; set; }
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
