using System.ComponentModel;

namespace CnnDsl.Kernels;

/// <summary>
/// The constant shape and epilogue of one layer run by <see cref="WinogradConv"/> or <see cref="Winograd4Conv"/> (a
/// 3x3 kernel), <see cref="Winograd5x5Conv"/> (5x5) or <see cref="WinogradLineConv"/> (1 x r or r x 1): a stride 1, dilation 1, ungrouped convolution
/// over an NHWC input, padded by <see cref="PadTop"/> rows and <see cref="PadLeft"/> columns (the bottom and right
/// pads follow from the output size). For generated code only.
/// </summary>
/// <param name="Height">Input rows.</param>
/// <param name="Width">Input columns.</param>
/// <param name="InChannels">Input channels (the input's floats per position).</param>
/// <param name="OutChannels">Output channels (the residual's floats per position).</param>
/// <param name="PadTop">Zero rows above the input.</param>
/// <param name="PadLeft">Zero columns left of the input.</param>
/// <param name="OutHeight">Output rows.</param>
/// <param name="OutWidth">Output columns.</param>
/// <param name="OutStride">Floats between output positions (more than the channels when writing a concatenation's slice).</param>
/// <param name="Act">Activation after the bias.</param>
/// <param name="Residual">Whether a residual tensor is added after the activation.</param>
/// <param name="ResidualAct">Activation after the residual sum.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct WinogradLayer(int Height, int Width, int InChannels, int OutChannels, int PadTop, int PadLeft,
    int OutHeight, int OutWidth, int OutStride, Act Act, bool Residual, Act ResidualAct)
{
    /// <summary>Rows of 2x2 output tiles.</summary>
    public int TileRows => (OutHeight + 1) / 2;

    /// <summary>Columns of 2x2 output tiles.</summary>
    public int TileColumns => (OutWidth + 1) / 2;
}
