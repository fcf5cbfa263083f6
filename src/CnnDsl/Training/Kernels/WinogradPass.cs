using System;
using CnnDsl.Kernels;

namespace CnnDsl.Training;

/// <summary>
/// Training's forward and input gradient of a 3x3, stride-1, undilated, ungrouped convolution with at least
/// <see cref="CnnDsl.Model.WinogradShape.MinChannels"/> channels in and out, through the inference kernel <see cref="WinogradConv"/> (F(2x2,3x3):
/// 16 multiplies per 2x2 tile and channel pair instead of 36). The input gradient is itself such a convolution: of dy,
/// with each filter rotated 180 degrees and inputs and outputs swapped, padded 2 - p (the full correlation's transpose).
/// Both transformed weight sets are rewritten in place each step (<see cref="Prepare"/> before the forward,
/// <see cref="PrepareInputGradient"/> before the backward) into buffers allocated once.
/// One item is one image's rows of 2x2 tiles; the kernel computes every output value the same way whatever the rows,
/// so the result does not depend on the split or the thread count.
/// </summary>
internal sealed class WinogradPass
{
    /// <summary>
    /// The smallest output side: at 7 x 7 (ResNet's 512-channel stage) an image's 16 tiles read every transformed weight
    /// (16 MB) once per image, and the weights' transform each step costs more than the saved multiplies: forward 222
    /// and 254 ms against 196 and 183 by direct products in alternated passes (the kernel alone, transform uncounted, 158).
    /// </summary>
    private const int MinSide = 8;

    /// <summary>Tile rows per item, so that a small layer is not split into items of one tile row each.</summary>
    private const int TilesPerItem = 64;

    private readonly int _inC, _outC, _lanes;
    private readonly WinogradLayer _forward, _backward;
    private readonly float[] _weights, _shifts, _zeros;
    private float[]? _transposed;

    public WinogradPass(NodeInfo info)
    {
        _inC = info.Input.Channels;
        _outC = info.Output.Channels;
        _lanes = (int)Simd.Best;
        _forward = new WinogradLayer(info.Input.Height, info.Input.Width, _inC, _outC, info.PadTop, info.PadLeft,
            info.Output.Height, info.Output.Width, _outC, Act.None, false, Act.None);
        _backward = new WinogradLayer(info.Output.Height, info.Output.Width, _outC, _inC, 2 - info.PadTop, 2 - info.PadLeft,
            info.Input.Height, info.Input.Width, _inC, Act.None, false, Act.None);
        _weights = Allocate(_outC, _inC);
        _shifts = AlignedBuffer.Allocate(_outC);
        _zeros = AlignedBuffer.Allocate(_inC);
    }

    /// <summary>
    /// Whether a convolution runs here: the shape above, pads of at most 2 on every side (so that the input gradient's
    /// pads, 2 - p, are pads too), and outputs of at least <see cref="MinSide"/> a side.
    /// </summary>
    public static bool Applies(NodeInfo info)
        => CnnDsl.Model.WinogradShape.Fits(info.KernelH, info.KernelW, info.StrideH, info.StrideW, info.DilationH, info.DilationW, info.Groups,
                info.Input.Channels, info.Output.Channels)
            && Pad(info.PadTop) && Pad(info.PadLeft) && Pad(info.PadBottom) && Pad(info.PadRight)
            && info.Output.Height >= MinSide && info.Output.Width >= MinSide;

    private static bool Pad(int p) => p is >= 0 and <= 2;

    /// <summary>Items of the forward: images x parts of the output's tile rows.</summary>
    public int ForwardItems(int batch) => batch * Parts(_forward);

    /// <summary>Items of the input gradient: images x parts of the input's tile rows.</summary>
    public int InputGradientItems(int batch) => batch * Parts(_backward);

    private static int Parts(in WinogradLayer layer) => (layer.TileRows + RowsPerPart(layer) - 1) / RowsPerPart(layer);

    private static int RowsPerPart(in WinogradLayer layer) => Math.Max(1, TilesPerItem / layer.TileColumns);

    /// <summary>Transforms this pass's weights (OIHW) and bias for the forward.</summary>
    public void Prepare(float[] oihw, float[]? bias)
    {
        WinogradWeights.PackInto(oihw, _outC, _inC, false, _lanes, AlignedBuffer.Span(_weights));
        var shifts = AlignedBuffer.Span(_shifts)[.._outC];
        if (bias is null) shifts.Clear();
        else bias.AsSpan().CopyTo(shifts);
    }

    /// <summary>Transforms the same weights for the input gradient (its buffer allocated the first time only: frozen inputs never need it).</summary>
    public void PrepareInputGradient(float[] oihw)
    {
        _transposed ??= Allocate(_inC, _outC);
        WinogradWeights.PackInto(oihw, _outC, _inC, true, _lanes, AlignedBuffer.Span(_transposed));
    }

    /// <summary>y = conv(x) + bias for item <paramref name="item"/> (see <see cref="ForwardItems"/>), every output value written.</summary>
    public void Forward(float[] x, float[] y, int item)
    {
        int parts = Parts(_forward), image = item / parts, part = item % parts;
        Run(_forward, ref x[image * _forward.Height * _forward.Width * _inC], ref y[image * _forward.OutHeight * _forward.OutWidth * _outC],
            _weights, _shifts, part);
    }

    /// <summary>dx = conv(dy, rotated and swapped weights), or dx += it (<paramref name="overwrite"/> false).</summary>
    public void InputGradient(float[] dy, float[] dx, int item, bool overwrite)
    {
        int parts = Parts(_backward), image = item / parts, part = item % parts;
        var layer = overwrite ? _backward : _backward with { Residual = true };
        Run(layer, ref dy[image * _backward.Height * _backward.Width * _outC], ref dx[image * _backward.OutHeight * _backward.OutWidth * _inC],
            _transposed!, _zeros, part);
    }

    /// <summary>Part <paramref name="part"/>'s tile rows, every output channel; with a residual, the output is its own residual (dx += ...).</summary>
    private static void Run(in WinogradLayer layer, ref float input, ref float output, float[] weights, float[] shifts, int part)
    {
        int rows = RowsPerPart(layer), from = part * rows, to = Math.Min(layer.TileRows, from + rows);
        LayerKernels.Winograd<WinogradTile2>(layer, ref input, ref output, weights, shifts, from * layer.TileColumns, to * layer.TileColumns);
    }

    /// <summary>An aligned buffer for <see cref="WinogradWeights"/>' layout of <paramref name="outC"/> x <paramref name="inC"/> filters.</summary>
    private float[] Allocate(int outC, int inC)
        => AlignedBuffer.Allocate(WinogradWeights.PackedLength(outC, inC, _lanes, WinogradWeights.Positions) + Simd.MaxLanes);
}
