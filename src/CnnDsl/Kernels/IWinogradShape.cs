using System.ComponentModel;

namespace CnnDsl.Kernels;

/// <summary>
/// The constant shape of one 3x3 stride-1 convolution that the generated inference runs by Winograd
/// (<see cref="WinogradConv"/> F(2x2,3x3) or <see cref="Winograd4Conv"/> F(4x4,3x3)), as its generated training
/// layer reads it: the generator writes a struct per distinct geometry. The bottom and right pads follow from the
/// output's size. For generated code only.
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

    /// <summary>The output tile's side inference runs the layer with: 2 (F(2x2,3x3)) or 4 (F(4x4,3x3)).</summary>
    static abstract int TileSize { get; }
}
