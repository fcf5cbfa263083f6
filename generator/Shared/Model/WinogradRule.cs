using CnnDsl.Operations;

namespace CnnDsl.Model;

/// <summary>
/// Which convolutions run by Winograd, and with which output tile: F(2x2,3x3) (the runtime's
/// <c>Kernels.WinogradConv</c>) or F(4x4,3x3) (<c>Kernels.Winograd4Conv</c>), F(2x2,5x5) (<c>Kernels.Winograd5x5Conv</c>),
/// F(4,7) along a row or a column (<c>Kernels.WinogradLineConv</c>). Decided once here, so the planner (no
/// zero-bordered copy of the input: every kernel reads the padding as zeros) and the emitter agree.
/// </summary>
internal static class WinogradRule
{
    /// <summary>
    /// Whether <paramref name="node"/> runs by Winograd: a convolution <see cref="WinogradShape"/> fits whose fused activations (after fusion is decided) are ones the output transform applies per value.
    /// </summary>
    public static bool Applies(Node node, NodePlan plan)
    {
        if (node.Operation is not ConvOperation op) return false;
        var win = op.Window;
        return (WinogradShape.Fits(win.KernelH, win.KernelW, win.StrideH, win.StrideW, win.DilationH, win.DilationW, op.Groups, node.Input.Channels, op.Filters)
                || LineFits(win, op.Groups, node.Input.Channels, op.Filters) || FiveFits(win, op.Groups, node.Input.Channels, op.Filters))
            && PerValue(plan.Act) && (plan.Residual < 0 || PerValue(plan.ResidualAct));
    }

    /// <summary>
    /// Whether a node that <see cref="Applies"/> runs by F(2x2,5x5) (the runtime's <c>Kernels.Winograd5x5Conv</c>): a
    /// 5x5 kernel, 36 multiplies per 2x2 output tile instead of 100, on F(4x4,3x3)'s 6x6 input tiles.
    /// </summary>
    public static bool IsFiveByFive(Node node) => node.Operation is ConvOperation op && FiveFits(op.Window, op.Groups, node.Input.Channels, op.Filters);

    /// <summary>5x5, stride 1, undilated, ungrouped, with Winograd's channel minimum.</summary>
    private static bool FiveFits(Window win, int groups, int inChannels, int outChannels)
        => groups == 1 && win.KernelH == 5 && win.KernelW == 5 && win.StrideH == 1 && win.StrideW == 1 && win.DilationH == 1 && win.DilationW == 1
            && inChannels >= MinInChannels5x5 && outChannels >= WinogradShape.MinChannels;

    /// <summary>
    /// The fewest input channels for which F(2x2,5x5) is chosen (output channels: <see cref="WinogradShape.MinChannels"/>,
    /// a pair of vectors): it saves 64 of 100 multiplies where F(2x2,3x3) saves 20 of 36, so its transforms pay off
    /// sooner; below one AVX-512 vector of input channels its input transform would run one channel at a time. Single
    /// layers (ReLU), direct -> F(2x2,5x5), CPU ms per call in alternated quick passes, AMD EPYC with AVX-512 at load
    /// 16-26: 28x28x16 -> 32 0.097-0.105 -> 0.069-0.085, 14x14x16 -> 48 0.047-0.050 -> 0.032, 14x14x24 -> 64
    /// 0.071-0.077 -> 0.057-0.064, 14x14x32 -> 64 0.098-0.099 -> 0.054-0.057, 14x14x32 -> 128 0.199-0.209 -> 0.117-0.130,
    /// 7x7x48 -> 128 0.076-0.078 -> 0.045-0.054, 28x28x32 -> 96 0.638-0.645 -> 0.317-0.379, 35x35x48 -> 64 0.957-0.969
    /// -> 0.602-0.649, 56x56x32 -> 32 0.863-0.876 -> 0.483-0.560, 28x28x192 -> 32 1.270-1.332 -> 0.669-0.844.
    /// </summary>
    public const int MinInChannels5x5 = 16;

    /// <summary>
    /// Whether a node that <see cref="Applies"/> runs by one-dimensional Winograd (the runtime's
    /// <c>Kernels.WinogradLineConv</c>): a 1 x 7 or 7 x 1 kernel, as Inception v3 factorizes its 7x7. Its 1 x 3 and
    /// 3 x 1 (8x8x384) stay direct: F(4,3) measured no faster on Inception v3 (alternated quiet passes, CPU-time ratio
    /// to ONNX Runtime: 1.07-1.17 without it, 1.10-1.21 with it; those layers are 4% of its multiply-adds).
    /// </summary>
    public static bool IsLine(Node node) => node.Operation is ConvOperation op && LineFits(op.Window, op.Groups, node.Input.Channels, op.Filters);

    /// <summary>Whether the kernel runs down the columns (r x 1) rather than along the rows (1 x r); for <see cref="IsLine"/> nodes.</summary>
    public static bool LineVertical(Node node) => node.Operation is ConvOperation op && op.Window.KernelW == 1;

    /// <summary>The kernel's taps along its axis (r); for <see cref="IsLine"/> nodes.</summary>
    public static int LineTaps(Node node) => node.Operation is ConvOperation op ? System.Math.Max(op.Window.KernelH, op.Window.KernelW) : 0;

    /// <summary>
    /// Outputs per one-dimensional tile (m of F(m, r)); for <see cref="IsLine"/> nodes: 4, so F(4,7) takes 10 multiplies
    /// per 4 outputs instead of 28. Alternated quick benchmark passes, AMD EPYC with AVX-512 at
    /// load 18-31 (CPU-time ratios to ONNX Runtime), G1 (1x7 then 7x1 on 17x17x192): direct 1.02-1.06, F(2,7) 0.88-1.23,
    /// F(4,7) 1.07-1.58; Inception v3 whole: direct 1.12, by F(4,7) and F(4,3) 1.18-1.25. Rounding: the transforms' float
    /// error is 1.6e-5 of a sum's magnitude for F(4,7) (1.3e-6 for F(2,7)); Inception v3 against ONNX Runtime 3.1e-5.
    /// </summary>
    public static int LineOutputs(Node node) => 4;

    /// <summary>1 x 7 or 7 x 1, stride 1, undilated, ungrouped, with Winograd's channel minimum.</summary>
    private static bool LineFits(Window win, int groups, int inChannels, int outChannels)
        => groups == 1 && win.StrideH == 1 && win.StrideW == 1 && win.DilationH == 1 && win.DilationW == 1
            && inChannels >= WinogradShape.MinChannels && outChannels >= WinogradShape.MinChannels
            && ((win.KernelH == 1 && win.KernelW == 7) || (win.KernelW == 1 && win.KernelH == 7));

    /// <summary>
    /// The fewest output tiles per image (<see cref="TileGrid"/>) for which training runs a Winograd layer on the
    /// generated layer, image by image: each image streams the layer's whole transformed weights through the kernel, which
    /// two register tiles of 8 repay and a map of a few tiles does not, while the trainer's own kernels take such a
    /// layer over the whole batch (direct below 8 outputs a side). ResNet-18 at 64x64, batch 32, one thread, CPU ms per
    /// step, generated / trainer's (AMD EPYC Zen 5, AVX-512): its 2x2 maps (1 tile) forward 68 / 11, 4x4 (4 tiles) 14 / 7,
    /// 8x8 (16 tiles) 5.9 / 5.9, 16x16 (16 tiles of 4x4) 6.6 / 7.5; at 224x224 the 7x7 maps (16 tiles) 151-157 / 176-184.
    /// </summary>
    public const int MinTrainingTiles = 16;

    /// <summary>Whether training runs a node that <see cref="Applies"/> on the generated layer: at least <see cref="MinTrainingTiles"/> tiles per image.</summary>
    public static bool TrainsOnGeneratedLayer(Node node)
    {
        var (rows, columns) = TileGrid(node);
        return (long)rows * columns >= MinTrainingTiles;
    }

    /// <summary>
    /// The fewest 4x4 output tiles for which F(4x4,3x3) is chosen over F(2x2,3x3): one AVX-512 register tile (8 tiles x
    /// 2 channel vectors); with fewer, the multiplies run partly on tiles that do not exist (7x7 has 4).
    /// </summary>
    public const int MinTiles4 = 8;

    /// <summary>
    /// Input x output channel pairs per 4x4 tile above which F(2x2,3x3) stays: F(4x4)'s transformed weights (36 per
    /// pair, 2.25x F(2x2)'s) are streamed from beyond L2 once per band of tiles, and a late layer with few tiles and
    /// many channels then waits on them longer than the multiplies it saves.
    /// </summary>
    public const int MaxPairsPerTile4 = 4096;

    /// <summary>
    /// The output tile side of a node that <see cref="Applies"/>: 4 (F(4x4,3x3), 36 multiplies per 16 outputs against
    /// F(2x2)'s 64, heavier transforms) with at least <see cref="MinTiles4"/> tiles of 4x4 and at most
    /// <see cref="MaxPairsPerTile4"/> channel pairs per tile, else 2. Single layers, "same" padding, ReLU, AMD EPYC with
    /// AVX-512 (load 20-30), F(2x2) -> F(4x4) ms, weights in cache / evicted before each call: 56x56x64 -> 64 0.62-0.73
    /// -> 0.40 / 0.73-0.75 -> 0.47-0.48; 28x28x128 -> 128 0.52-0.59 -> 0.33-0.40 / 0.61-0.67 -> 0.49; GoogLeNet's
    /// 28x28x96 -> 128 0.42-0.51 -> 0.29-0.34 / 0.68 -> 0.52-0.65, 14x14x96 -> 208 0.22 -> 0.14 / 0.26 -> 0.21, 14x14x128
    /// -> 256 0.31 -> 0.23 / 0.40-0.41 -> 0.31-0.32, 14x14x160 -> 320 0.49 -> 0.33 / 0.59-0.62 -> 0.46-0.47; 13x13x64 -> 64
    /// (evicted) 0.059 -> 0.052. Kept at F(2x2): 14x14x256 -> 256 (4096 pairs per tile) 0.56-0.63 -> 0.36-0.43 / 0.82-1.04 ->
    /// 0.87-1.07, 7x7x512 -> 512 (4 tiles) 0.70-0.76 -> 1.26-1.54, 7x7x192 -> 384 0.21 -> 0.23, 7x7x48 -> 128 0.018 -> 0.021.
    /// </summary>
    public static int TileSize(Node node)
    {
        long tiles = (long)((node.Output.Height + 3) / 4) * ((node.Output.Width + 3) / 4);
        return tiles >= MinTiles4 && (long)node.Input.Channels * node.Output.Channels < tiles * MaxPairsPerTile4 ? 4 : 2;
    }

    /// <summary>
    /// The layer's output tiles as (rows, columns): tiles of <see cref="TileSize"/> (2 for F(2x2,5x5)) on a square
    /// kernel, of <see cref="LineOutputs"/> along the rows or down the columns on a line kernel.
    /// </summary>
    public static (int Rows, int Columns) TileGrid(Node node)
    {
        if (IsLine(node))
        {
            int m = LineOutputs(node);
            return LineVertical(node) ? ((node.Output.Height + m - 1) / m, node.Output.Width) : (node.Output.Height, (node.Output.Width + m - 1) / m);
        }
        int tile = IsFiveByFive(node) ? 2 : TileSize(node);
        return ((node.Output.Height + tile - 1) / tile, (node.Output.Width + tile - 1) / tile);
    }

    /// <summary>
    /// The widest register tile of the kernels' multiplies (8 tiles x 2 channel vectors, with Vector512), by which the
    /// parts are counted; the run time cuts them in the register tiles of the machine it runs on (<c>Kernels.WinogradParts</c>).
    /// </summary>
    public const int RegisterTile = 8;

    /// <summary>
    /// Into how many parts two threads cut a layer split by tiles: one group of <see cref="RegisterTile"/> tiles per
    /// part up to 24 groups, never fewer than <see cref="NodePlan.DefaultParts"/>. A part's tiles are one band whose
    /// weights the kernel streams once whatever the band's size, so a group per part costs about what 3 did, and the
    /// threads end a layer at most a group apart instead of 3 (W1, one layer of 24 groups: the threads' CPU work 1.74-1.82x
    /// one thread's in 8 parts, 0.98-1.07x in 24, loaded machine).
    /// </summary>
    public static int Parts(Node node)
    {
        var (rows, columns) = TileGrid(node);
        long groups = (long)rows * columns / RegisterTile;
        return (int)System.Math.Max(NodePlan.DefaultParts, System.Math.Min(groups, MaxParts));
    }

    /// <summary>The most parts <see cref="Parts"/> gives a layer (a layer's claimed parts are bits of one int: at most 31).</summary>
    private const int MaxParts = 24;

    /// <summary>Activations of one value each (a softmax needs the whole position's channels).</summary>
    private static bool PerValue(Act act) => act is Act.None or Act.Relu or Act.Relu6 or Act.HardSwish or Act.Sigmoid or Act.Swish;
}
