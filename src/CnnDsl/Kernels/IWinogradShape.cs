using System.ComponentModel;

namespace CnnDsl.Kernels;

/// <summary>
/// The constant shape of one stride-1 convolution that the generated inference runs by Winograd, as its generated
/// training layer reads it: a 3x3 kernel (<see cref="WinogradConv"/> F(2x2,3x3) or <see cref="Winograd4Conv"/>
/// F(4x4,3x3)), 5x5 (<see cref="Winograd5x5Conv"/> F(2x2,5x5)), 1 x 7 or 7 x 1 (<see cref="WinogradLineConv"/> F(4,7)).
/// The generator writes a struct per distinct geometry. The bottom and right pads follow from the output's size. For
/// generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IWinogradShape
{
    /// <summary>Input rows.</summary>
    static abstract int Height { get; }

    /// <summary>Input columns.</summary>
    static abstract int Width { get; }

    /// <summary>Input channels.</summary>
    static abstract int InChannels { get; }

    /// <summary>Output channels.</summary>
    static abstract int OutChannels { get; }

    /// <summary>Zero rows above the input.</summary>
    static abstract int PadTop { get; }

    /// <summary>Zero columns left of the input.</summary>
    static abstract int PadLeft { get; }

    /// <summary>Output rows.</summary>
    static abstract int OutHeight { get; }

    /// <summary>Output columns.</summary>
    static abstract int OutWidth { get; }

    /// <summary>
    /// The output tile inference runs the layer with: its side, 2 (F(2x2,3x3), F(2x2,5x5)) or 4 (F(4x4,3x3)); on a
    /// 1 x 7 or 7 x 1 kernel its outputs along the kernel's axis (m of F(m,7): 4).
    /// </summary>
    static abstract int TileSize { get; }

    /// <summary>Kernel rows: 3 unless the shape says otherwise (5, or 1 and 7 for a 1 x 7 or 7 x 1 kernel).</summary>
    static virtual int KernelHeight => 3;

    /// <summary>Kernel columns: 3 unless the shape says otherwise (5, or 7 and 1 for a 1 x 7 or 7 x 1 kernel).</summary>
    static virtual int KernelWidth => 3;
}
