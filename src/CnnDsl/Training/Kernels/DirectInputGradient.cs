using System;

namespace CnnDsl.Training;

/// <summary>
/// A convolution's input gradient from its definition (any kernel, strides, padding, dilation and groups), gathered:
/// dx[in pixel, i] = sum over the taps that reach it, in tap order, then over the output channels in chunks of
/// <see cref="DepthChunk"/>, of dy[pixel, o] w[tap, o, i], on <see cref="PanelProduct"/> with the images of a block as
/// its rows (up to four share every weight vector loaded). One item per block of images and group of input rows (at
/// least <see cref="PixelsPerItem"/> pixels), so items write disjoint rows and each value's sum runs in the same order
/// whatever the thread count. The weights are repacked each pass from OIHW to [group][input block][tap][o][64 inputs]:
/// a chunk of 128 outputs of one block is one contiguous 32 KB run, which stays in the first-level cache while the
/// item's pixels read it. Compiled per <typeparamref name="TGeometry"/>: the trainer's kernel reads the node's sizes
/// (<see cref="NodeGeometry"/>), a generated layer (<see cref="ConvolutionTraining{TShape}"/>) has its shape's as
/// constants (<see cref="ConvolutionGeometry{TShape}"/>).
/// </summary>
/// <typeparam name="TGeometry">Where the layer's sizes come from.</typeparam>
internal sealed class DirectInputGradient<TGeometry> where TGeometry : struct, IConvolutionGeometry
{
    private const int ChannelBlock = 64;
    /// <summary>Output channels per product: 128 x 64 weights, 32 KB.</summary>
    private const int DepthChunk = 128;
    /// <summary>The fewest pixels (per image) an item takes, in whole rows.</summary>
    private const int PixelsPerItem = 64;

    private readonly TGeometry _g;
    private readonly float[] _transposed;
    /// <summary>Input rows per item: at least <see cref="PixelsPerItem"/> pixels, so that a narrow layer (ResNet's 7 x 7 x 512) reads its weights once per several rows.</summary>
    private readonly int _rows;

    /// <summary>The packed weights' buffer for <paramref name="geometry"/>.</summary>
    public DirectInputGradient(TGeometry geometry)
    {
        _g = geometry;
        _transposed = new float[_g.Groups * InBlocks * Taps * GroupOut * ChannelBlock];
        _rows = Math.Clamp(Blocks(PixelsPerItem, _g.Width), 1, _g.Height);
    }

    private int GroupIn => _g.InChannels / _g.Groups;
    private int GroupOut => _g.OutChannels / _g.Groups;
    private int Taps => _g.KernelHeight * _g.KernelWidth;
    private int InBlocks => Blocks(GroupIn, ChannelBlock);

    private static int Blocks(int count, int block) => (count + block - 1) / block;

    /// <summary>Items for <paramref name="batch"/> images: blocks of up to <see cref="PanelProduct.MaxRows"/> images x groups of input rows.</summary>
    public int Items(int batch) => Blocks(batch, PanelProduct.MaxRows) * Blocks(_g.Height, _rows);

    /// <summary>Packs the current weights (OIHW) for the passes that follow: once per pass, after the optimizer changed them.</summary>
    public void Pack(float[] w)
    {
        int groupOut = GroupOut, groupIn = GroupIn, taps = Taps, inBlocks = InBlocks;
        if (w.Length != _g.OutChannels * groupIn * taps) throw new ArgumentException($"The weight tensor must have {_g.OutChannels * groupIn * taps} values, got {w.Length}.", nameof(w));
        for (int g = 0; g < _g.Groups; g++)
        for (int o = 0; o < groupOut; o++)
        for (int i = 0; i < groupIn; i++)
        for (int t = 0; t < taps; t++)
            _transposed[(((g * inBlocks + i / ChannelBlock) * taps + t) * groupOut + o) * ChannelBlock + i % ChannelBlock] = w[((g * groupOut + o) * groupIn + i) * taps + t];
    }

    /// <summary>
    /// Item <paramref name="item"/> of <see cref="Items"/>(<paramref name="batch"/>): its images' input rows of dx from
    /// dy, written (<paramref name="overwrite"/>: dx's old values are garbage) or added to dx.
    /// </summary>
    public void Run(float[] dy, float[] dx, int batch, int item, bool overwrite)
    {
        int parts = Blocks(_g.Height, _rows);
        int n0 = item / parts * PanelProduct.MaxRows, count = Math.Min(PanelProduct.MaxRows, batch - n0);
        int iy0 = item % parts * _rows, iy1 = Math.Min(_g.Height, iy0 + _rows);
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(item));
        int inW = _g.Width, outH = _g.OutHeight, outW = _g.OutWidth, inC = _g.InChannels, outC = _g.OutChannels;
        int groupIn = GroupIn, groupOut = GroupOut, inBlocks = InBlocks, taps = Taps;
        int inImage = _g.Height * inW * inC, outImage = outH * outW * outC;
        Span<int> aRows = stackalloc int[count], cRows = stackalloc int[count];
        Span<bool> written = stackalloc bool[(iy1 - iy0) * inW];
        // Per block of input channels, tap by tap and chunk by chunk of the output channels, then the item's rows and
        // the pixels each tap reaches, so that a chunk's weights (128 x 64) stay in the first-level cache across every
        // pixel of the item; each pixel still sums its taps, then their channels, in order. A pixel's first tap
        // overwrites when the gradient's old values are garbage.
        for (int g = 0; g < _g.Groups; g++)
        for (int j = 0; j < groupIn; j += ChannelBlock)
        {
            int columns = Math.Min(ChannelBlock, groupIn - j);
            written.Clear();
            for (int ky = 0; ky < _g.KernelHeight; ky++)
            for (int kx = 0; kx < _g.KernelWidth; kx++)
            {
                int weights = ((g * inBlocks + j / ChannelBlock) * taps + ky * _g.KernelWidth + kx) * groupOut;
                // The output columns whose tap kx reads inside the image, and the input column of the first.
                int offset = kx * _g.DilationW - _g.PadLeft;
                var (first, last) = ConvolutionWindow.Inside(offset, _g.StrideW, outW, inW);
                for (int d0 = 0; d0 < groupOut; d0 += DepthChunk)
                for (int iy = iy0; iy < iy1; iy++)
                {
                    int oy = ConvolutionWindow.Source(iy + _g.PadTop - ky * _g.DilationH, _g.StrideH, outH);
                    if (oy < 0) continue;
                    for (int ox = first; ox < last; ox++)
                    {
                        int ix = ox * _g.StrideW + offset;
                        for (int k = 0; k < count; k++)
                        {
                            aRows[k] = (n0 + k) * outImage + (oy * outW + ox) * outC + g * groupOut + d0;
                            cRows[k] = (n0 + k) * inImage + (iy * inW + ix) * inC + g * groupIn + j;
                        }
                        int at = (iy - iy0) * inW + ix;
                        PanelProduct.Accumulate(dy, aRows, 1, Math.Min(DepthChunk, groupOut - d0), _transposed, (weights + d0) * ChannelBlock, ChannelBlock, dx, cRows, columns, overwrite && !written[at]);
                        written[at] = true;
                    }
                }
            }
            for (int at = 0; at < written.Length && overwrite; at++)
            {
                if (written[at]) continue;
                int iy = iy0 + at / inW, ix = at % inW;
                for (int k = 0; k < count; k++) dx.AsSpan((n0 + k) * inImage + (iy * inW + ix) * inC + g * groupIn + j, columns).Clear(); // no tap reads this pixel
            }
        }
    }
}
