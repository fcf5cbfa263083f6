namespace CnnDsl.Model;

/// <summary>
/// One layer attribute as the user wrote it: plain values only, so the generator pipeline can cache it.
/// Arguments a kind does not have keep their defaults. <see cref="SourceId"/> identifies the attribute within one
/// reading, so that an analyzer can map an error back to the attribute (and argument) it came from.
/// </summary>
internal sealed record LayerSpec(LayerKind Kind, int SourceId)
{
    public string? Name { get; init; }

    /// <summary>False freezes the layer (and everything inside it) for training.</summary>
    public bool Trainable { get; init; } = true;
    public int Filters { get; init; }
    /// <summary>Kernel (or pooling window) side; its height when <see cref="KernelW"/> is set.</summary>
    public int Kernel { get; init; }
    /// <summary>Kernel width of Conv, DepthwiseConv and pooling (the attribute's own); 0 for the composites' square kernels.</summary>
    public int KernelW { get; init; }
    /// <summary>Stride; the vertical one when <see cref="StrideW"/> is set (0 for pooling: the window's side).</summary>
    public int Stride { get; init; } = 1;
    /// <summary>Horizontal stride of Conv, DepthwiseConv and pooling; -1 for the composites' square strides.</summary>
    public int StrideW { get; init; } = -1;
    public int DilationH { get; init; } = 1;
    public int DilationW { get; init; } = 1;
    /// <summary>Channel groups of a standard convolution.</summary>
    public int Groups { get; init; } = 1;
    /// <summary>Average pooling counts padded positions (ONNX <c>count_include_pad</c>).</summary>
    public bool CountIncludePad { get; init; }
    public Padding Padding { get; init; }
    public int Pad { get; init; } = -1;

    /// <summary>Explicit asymmetric padding (ONNX <c>pads</c>); -1 = unset. Used only when all four are set.</summary>
    public int PadTop { get; init; } = -1;
    public int PadLeft { get; init; } = -1;
    public int PadBottom { get; init; } = -1;
    public int PadRight { get; init; } = -1;

    /// <summary>Whether all four explicit pads are set, overriding <see cref="Pad"/> and <see cref="Padding"/>.</summary>
    public bool HasExplicitPads => PadTop >= 0 && PadLeft >= 0 && PadBottom >= 0 && PadRight >= 0;
    public Act Act { get; init; }
    public bool Bias { get; init; } = true;
    public bool BatchNorm { get; init; }
    public float Epsilon { get; init; } = 1e-5f;
    public int Units { get; init; }
    public double Rate { get; init; }
    public int Expansion { get; init; } = 6;
    public int Repeat { get; init; } = 1;
    /// <summary>Squeeze-and-excitation ratio (MBConv: of the block's input channels, 0 = none; SqueezeExcite: of its input).</summary>
    public double SqueezeExcite { get; init; }

    /// <summary>Inception's six Table 1 columns: #1x1, #3x3 reduce, #3x3, #5x5 reduce, #5x5, pool proj.</summary>
    public EquatableArray<int> Columns { get; init; } = EquatableArray<int>.Empty;

    /// <summary>For <see cref="LayerKind.Use"/>: the block it applies, or null when the type is not a usable block.</summary>
    public BlockSpec? Block { get; init; }

    /// <summary>For <see cref="LayerKind.Use"/>: why the block could not be read (not a block, or a cycle), else null.</summary>
    public UseProblem Problem { get; init; }

    /// <summary>For <see cref="LayerKind.Use"/>: the display name of the referenced type.</summary>
    public string? BlockTypeName { get; init; }
}

internal enum UseProblem
{
    None,
    NotABlock,
    Cycle,
}
