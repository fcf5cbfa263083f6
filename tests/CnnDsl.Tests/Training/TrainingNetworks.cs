namespace CnnDsl.Tests.Training;

// Small networks for the training tests: odd channel counts, stride 2, every padding form (same, which is asymmetric
// at stride 2; explicit; valid), every activation, every operation. Batch 3 in the gradient checks.

/// <summary>
/// Convolutions of every padding form and activation. The first two (4 x 7 outputs) train their forward on the generated
/// layer, the valid 2x2 (3 x 6) on the trainer's kernel (ConvolutionTrainingRule.MinTrainingColumns: 7).
/// </summary>
[Network(Input = "7x14x3")]
[Conv(5, 3, Stride = 2, Act = Act.Relu6)]
[Conv(5, 3, Pad = 1, Act = Act.HardSwish)]
[Conv(3, 2, Padding = Padding.Valid, Act = Act.Swish)]
[Conv(3, 1, Bias = false, Act = Act.Sigmoid)]
public partial class TrainConvolutions { }

[Network(Input = "7x6x5")]
[DepthwiseConv(3, Stride = 2, Act = Act.Relu)]
[DepthwiseConv(3, Pad = 1, Act = Act.Swish)]
[DepthwiseConv(2, Padding = Padding.Valid)]
public partial class TrainDepthwise { }

[Network(Input = "3x2x5")]
[Flatten]
[Dropout(0.5)]
[Dense(7, Act = Act.Relu)]
[Dense(3, Bias = false, Act = Act.Softmax)]
public partial class TrainDense { }

[Network(Input = "7x7x3")]
[Conv(5, 1)]
[MaxPool(3, Stride = 2)]
[AvgPool(3, Stride = 1)]
[AvgPool(2, Padding = Padding.Valid)]
[MaxPool(2, Stride = 1, Padding = Padding.Valid)]
[GlobalAvgPool]
[Dense(3)]
public partial class TrainPools { }

[Network(Input = "5x4x3")]
[Conv(5, 3, Bias = false, BatchNorm = true, Act = Act.Relu)]
[DepthwiseConv(3, Stride = 2, BatchNorm = true, Act = Act.Relu6)]
[Conv(3, 1, BatchNorm = true)]
public partial class TrainFusedBatchNorm { }

[Network(Input = "5x4x3")]
[Conv(5, 3)]
[BatchNorm(Act = Act.Swish)]
[Activation(Act.HardSwish)]
[BatchNorm(Epsilon = 1e-3f)]
[Activation(Act.Softmax)]
public partial class TrainStandaloneBatchNorm { }

/// <summary>A residual sum, then ReLU.</summary>
[Block(Merge = Merge.Add, Act = Act.Relu)]
public class TrainResidual
{
    [Conv(5, 3, Act = Act.Relu)][Conv(5, 3)] public int Main;
    [Identity] public int Shortcut;
}

/// <summary>A concatenation of the input, a convolution and a pooled branch, then ReLU6.</summary>
[Block(Merge = Merge.Concat, Act = Act.Relu6)]
public class TrainMixed
{
    [Identity] public int Keep;
    [Conv(3, 3, Act = Act.Sigmoid)] public int Conv;
    [MaxPool(3, Stride = 1)][Conv(3, 1)] public int Pooled;
}

[Network(Input = "5x5x5")]
[Use<TrainResidual>]
[Use<TrainMixed>]
[SqueezeExcite(0.4, Act = Act.Relu)]
[Conv(3, 1)]
public partial class TrainMerges { }

/// <summary>MobileNet V2's shape in miniature: a batch-normalized stem, inverted residuals (expansion, depthwise, projection, residual add), a batch-normalized head, pooling, classifier.</summary>
[Network(Input = "12x12x3")]
[Conv(8, 3, Stride = 2, Bias = false, BatchNorm = true, Act = Act.Relu6, Name = "stem")]
[InvertedResidual(8, Expansion = 1)]
[InvertedResidual(12, Expansion = 6, Stride = 2)]
[InvertedResidual(12, Expansion = 6)]
[Conv(16, 1, Bias = false, BatchNorm = true, Act = Act.Relu6, Name = "head")]
[GlobalAvgPool]
[Dropout(0.2)]
[Dense(5, Name = "classifier")]
public partial class TinyMobileNetV2 { }

/// <summary>
/// Grouped (some groups of one channel), dilated, non-square, per-axis-strided and explicitly padded convolutions, every
/// one 7 output columns wide or more, so that all train their forward on the generated layer (ConvolutionTrainingRule).
/// </summary>
[Network(Input = "9x26x6")]
[Conv(6, 3, Groups = 3, Act = Act.Relu)]
[Conv(5, 3, Dilation = 2, Act = Act.Swish)]
[Conv(4, 1, 3, DilationW = 2, StrideH = 2, Padding = Padding.SameLower)]
[Conv(6, 2, 3, PadTop = 1, PadLeft = 0, PadBottom = 0, PadRight = 2, StrideW = 2, Act = Act.HardSwish)]
[Conv(6, 3, Groups = 6, Bias = false, BatchNorm = true)]
[Conv(4, 3, Groups = 2, Stride = 2, Dilation = 2)]
public partial class TrainGeneralConvolutions { }

/// <summary>Dilated and non-square depthwise convolutions, and average pooling that counts the padding.</summary>
[Network(Input = "8x7x5")]
[DepthwiseConv(1, 3, Act = Act.Relu)]
[DepthwiseConv(3, Dilation = 2, Act = Act.HardSwish)]
[DepthwiseConv(3, 2, DilationH = 2, Padding = Padding.Valid, StrideW = 2)]
[AvgPool(3, Stride = 1, CountIncludePad = true)]
[AvgPool(2, 3, CountIncludePad = true, Padding = Padding.SameLower, StrideW = 2, StrideH = 1)]
public partial class TrainGeneralDepthwisePools { }

/// <summary>Channel counts past four AVX-512 vectors and past one 64-channel block, so the blocked products' full, partial and tail paths all run.</summary>
[Network(Input = "4x5x66")]
[Conv(72, 3, Act = Act.Relu)]
[Conv(65, 2, Stride = 2, Act = Act.Swish)]
[GlobalAvgPool]
[Dense(68, Act = Act.Relu)]
[Dense(3)]
public partial class TrainWide { }

/// <summary>
/// Rows long enough for every path of the depthwise runs and the in-place weight gradients: a 3x3 convolution whose
/// output rows (30) are read in place, depthwise convolutions at stride 1 and 2 on 37 and 69 channels (two and four
/// AVX-512 vectors, then a tail; other widths other splits), and a pointwise convolution over more positions than
/// one chunk (3 x 9 x 30) with 37 input channels (not a multiple of four) and 69 outputs (two channel blocks), and
/// one with more inputs than outputs (69 to 11, the outputs as rows).
/// </summary>
[Network(Input = "9x30x5")]
[Conv(37, 3, Act = Act.HardSwish)]
[DepthwiseConv(3, Act = Act.Relu6)]
[Conv(69, 1, Act = Act.Relu6)]
[DepthwiseConv(3, Stride = 2, Act = Act.Relu)]
[Conv(11, 1, Act = Act.Relu)]
[GlobalAvgPool]
[Dense(4)]
public partial class TrainLongRows { }

/// <summary>
/// The forward's edge paths: a pointwise convolution without bias (its first depth chunk starts from zero) on 19 inputs
/// to 21 outputs (one AVX-512 vector and a scalar tail), a 5x5 stride-2 depthwise convolution without bias whose rows
/// hold one tile of four interior pixels (stride apart) and edge pixels missing kernel columns, a 3x3 depthwise with
/// pad 2 (corner pixels read one tap), and a pointwise stride-2 convolution from its bias; every activation runs in
/// its kernel.
/// </summary>
[Network(Input = "6x13x19")]
[Conv(21, 1, Bias = false, Act = Act.Relu6, Name = "expand")]
[DepthwiseConv(5, Stride = 2, Pad = 2, Bias = false, Act = Act.Relu6)]
[DepthwiseConv(3, Pad = 2, Act = Act.Relu)]
[Conv(17, 1, Stride = 2, Act = Act.Relu)]
[GlobalAvgPool]
[Dense(3)]
public partial class TrainForwardEdges { }

/// <summary>
/// ResNet's stem and stages in small: a 7x7 stride-2 convolution on 3 channels with batch norm (output rows of 20, so
/// the weight gradient's chunks of positions split rows), a 3x3 convolution on 37 channels whose inputs the weight
/// gradient splits into two blocks (32 and 5), and a valid stride-2 3x3 with odd channel counts.
/// </summary>
[Network(Input = "19x40x3")]
[Conv(37, 7, Stride = 2, Bias = false, BatchNorm = true, Act = Act.Relu)]
[Conv(41, 3, Act = Act.Relu)]
[Conv(19, 3, Stride = 2, Padding = Padding.Valid)]
[GlobalAvgPool]
[Dense(4)]
public partial class TrainResNetStem { }

/// <summary>
/// The weight gradient's six-row tiles on every path: 21 input channels (whole-pixel patches, 63 rows: ten tiles and a
/// rest of three) into 70 outputs (a 64-channel block of whole tiles, then six channels through the four-row product)
/// over 3 x 13 x 11 = 429 positions (three 128-position chunks and a partial one); 70 inputs in blocks of 64 and 6
/// (patches copied kx by kx) at stride 2 with valid padding; explicit asymmetric padding; and 48 inputs into 64 outputs
/// (one block each, so the inputs are split 32 + 16 for two threads) at stride 2 with same-lower padding; then a 1 x 1
/// convolution at stride 2 (a span of one pixel, shorter than the stride).
/// </summary>
[Network(Input = "13x11x21")]
[Conv(70, 3, Act = Act.Relu)]
[Conv(67, 3, Stride = 2, Padding = Padding.Valid, Act = Act.Swish)]
[Conv(48, 3, PadTop = 0, PadLeft = 2, PadBottom = 1, PadRight = 0, Act = Act.Relu)]
[Conv(64, 3, Stride = 2, Padding = Padding.SameLower)]
[Conv(66, 1, Stride = 2, Act = Act.Relu)]
[GlobalAvgPool]
[Dense(4)]
public partial class TrainWeightGradientTiles { }

/// <summary>A residual block of two 35-channel 3x3 convolutions (the first's input also feeds the shortcut, so its input gradient adds to one already written).</summary>
[Block(Merge = Merge.Add, Act = Act.Swish)]
public class TrainWinogradResidual
{
    [Conv(35, 3, Bias = false, BatchNorm = true, Act = Act.Swish)][Conv(35, 3, Bias = false, BatchNorm = true)] public int Main;
    [Identity] public int Shortcut;
}

/// <summary>
/// The Winograd forward and input gradient (3x3, stride 1, 32 channels or more in and out, outputs 8 or more a side)
/// on odd sizes (17 x 15, 15 x 13: a last tile row and column partly outside; each layer at least 16 tiles of 4x4, so
/// that training runs it on the generated layer, WinogradRule.MinTrainingTiles) and odd channel counts (33, 37: vector
/// tails, padded channel pairs), with every padding form: same (1 each side), valid (0), explicit asymmetric with a
/// pad of 2 (top 2, left 0, bottom 1, right 2: the input gradient's pads 0, 2, 1, 0), bias or batch norm, and a
/// residual block. The weight gradients run Winograd F(3x3, 2x2) (tiles half past the output, vector tails of the channels).
/// Smooth activations only: a bias moves every position, and a ReLU kink crossed would spoil the finite differences.
/// </summary>
[Network(Input = "17x15x33")]
[Conv(37, 3, Act = Act.Sigmoid)]
[Conv(33, 3, Padding = Padding.Valid, Act = Act.Swish)]
[Conv(35, 3, PadTop = 2, PadLeft = 0, PadBottom = 1, PadRight = 2, Act = Act.Swish)]
[Use<TrainWinogradResidual>]
[GlobalAvgPool]
[Dense(4)]
public partial class TrainWinograd { }

/// <summary>
/// The generated Winograd training layers (forward and input gradient on inference's kernel, the tile it chose) on both
/// tiles with partial ones: F(4x4,3x3) on 14 x 14 (tiles of 4: the last row and column half outside) from 32 to 40
/// channels; a stride-2 layer down to 7 x 7; F(2x2,3x3) on 7 x 7 (a last half tile) with batch norm and no bias; F(4x4)
/// on 9 x 9 from explicit pads of 2 (the input gradient's pads 0; a last tile of one row and column); F(2x2) valid (pads
/// 0, the input gradient's 2) down to 7 x 7; then a residual block of two F(2x2) layers whose input gradient adds to
/// the shortcut's. Odd channel counts (33, 35, 36: vector tails, padded channel pairs). Smooth activations only.
/// </summary>
[Network(Input = "14x14x32")]
[Conv(40, 3, Act = Act.Swish)]
[Conv(36, 3, Stride = 2, Act = Act.Swish)]
[Conv(33, 3, Bias = false, BatchNorm = true, Act = Act.Swish)]
[Conv(35, 3, PadTop = 2, PadLeft = 2, PadBottom = 2, PadRight = 2, Act = Act.Sigmoid)]
[Conv(35, 3, Padding = Padding.Valid, Act = Act.Swish)]
[Use<TrainWinogradResidual>]
[GlobalAvgPool]
[Dense(4)]
public partial class TrainWinogradTiles { }

/// <summary>
/// The generated Winograd weight gradient (F(3x3, 2x2), the layer's sizes constant) over several blocks of 64
/// channels: 33 -> 70 (two blocks of outputs, the second of 6; one block of inputs, so two items), 70 -> 129 (three
/// blocks of outputs, the last of one channel; two of inputs, the second of 6), 129 -> 35 (one block of outputs, so the
/// inputs in three blocks, the last of one channel) over explicit asymmetric pads (2 top, 1 left, 0 bottom, 1 right).
/// 8 x 8 outputs: F(2x2,3x3) in inference (four 4x4 tiles are too few for F(4x4)), 16 tiles, so generated layers.
/// Smooth activations only, for the finite differences.
/// </summary>
[Network(Input = "8x8x33")]
[Conv(70, 3, Act = Act.Swish)]
[Conv(129, 3, Bias = false, BatchNorm = true, Act = Act.Swish)]
[Conv(35, 3, PadTop = 2, PadLeft = 1, PadBottom = 0, PadRight = 1, Act = Act.Sigmoid)]
[GlobalAvgPool]
[Dense(4)]
public partial class TrainWinogradBlocks { }

/// <summary>
/// The generated direct weight gradient (ConvolutionTraining, the shape's sizes constant) over several blocks of 64
/// channels: a 3x3 at stride 2 with explicit asymmetric pads (1 top, 0 left, 1 bottom, 2 right) from 70 channels (input
/// blocks of 64 and 6) to 66 (output blocks of 64 and 2), one item per kernel row; a dilated 3x3 in two groups of 33 ->
/// 65 (two output blocks per group, the second of one channel), whole output rows per chunk; a 1 x 7 dilated along the
/// row to 37. Rows of 8 columns, so every layer trains on its generated layer. Smooth activations only, for the finite differences.
/// </summary>
[Network(Input = "15x16x70")]
[Conv(66, 3, Stride = 2, PadTop = 1, PadLeft = 0, PadBottom = 1, PadRight = 2, Act = Act.Swish)]
[Conv(130, 3, Groups = 2, Dilation = 2, Bias = false, BatchNorm = true, Act = Act.Swish)]
[Conv(37, 1, 7, DilationW = 2, Act = Act.Sigmoid)]
[GlobalAvgPool]
[Dense(4)]
public partial class TrainDirectBlocks { }

/// <summary>
/// An Inception block of generated Winograd layers: a 1 x 7 then 7 x 1 branch, a 5x5 branch and the input,
/// concatenated: the block's input has three consumers, so each branch's input gradient adds to one already written.
/// </summary>
[Block(Merge = Merge.Concat)]
public class TrainWinogradInception
{
    [Conv(33, 1, 7, Act = Act.Swish)][Conv(32, 7, 1, Bias = false, BatchNorm = true, Act = Act.Swish)] public int Factorized;
    [Conv(34, 5, Act = Act.Sigmoid)] public int Wide;
    [Identity] public int Keep;
}

/// <summary>
/// The generated Winograd training layers of the other kernels (forward and input gradient on inference's kernel, the
/// input gradient over the mirrored pads k - 1 - p), after a pointwise layer (so that every one takes an input
/// gradient): F(2x2,5x5) on 11 x 9 (a last half tile row and column) with
/// same pads (2), explicit asymmetric ones (1, 4, 3, 0: the input gradient's 3, 0, 1, 4) and valid ones (the input
/// gradient's 4); F(4,7) along a 1 x 7 and down a 7 x 1 with same pads (a last tile of 3 rows), valid ones (tiles of
/// 4 and 2 rows; a single partial tile of 2 columns) and a 1 x 7 with a pad on its unit axis (a row of zeros above:
/// the input gradient's pad -1 there, which crops); a 3x3 with pads of 3 (F(4x4,3x3) on 10 x 12, the input
/// gradient's -1); then <see cref="TrainWinogradInception"/> on 6 x 2. Odd channel counts (33 to 37: vector tails, padded channel pairs),
/// bias or batch norm. Smooth activations only. The layers of fewer than 16 tiles per image (the 3x3 with pads of 3,
/// the valid 5x5 and 1 x 7 and the block on 6 x 2) train on the trainer's kernels (WinogradRule.MinTrainingTiles);
/// their gradients are checked all the same.
/// </summary>
[Network(Input = "11x9x33")]
[Conv(33, 1, Act = Act.Swish)]
[Conv(34, 5, Act = Act.Swish)]
[Conv(35, 5, PadTop = 1, PadLeft = 4, PadBottom = 3, PadRight = 0, Act = Act.Sigmoid)]
[Conv(33, 1, 7, Bias = false, BatchNorm = true, Act = Act.Swish)]
[Conv(36, 7, 1, Act = Act.Swish)]
[Conv(37, 1, 7, PadTop = 1, PadLeft = 1, PadBottom = 0, PadRight = 4, Act = Act.Swish)]
[Conv(35, 7, 1, Padding = Padding.Valid, Act = Act.Sigmoid)]
[Conv(33, 3, Pad = 3, Act = Act.Swish)]
[Conv(32, 5, Padding = Padding.Valid, Act = Act.Swish)]
[Conv(36, 1, 7, Padding = Padding.Valid, Act = Act.Swish)]
[Use<TrainWinogradInception>]
[GlobalAvgPool]
[Dense(4)]
public partial class TrainWinogradKernels { }

/// <summary>Two pointwise branches and the input, concatenated: the branches' input has three consumers, so each branch's input gradient adds to one already written.</summary>
[Block(Merge = Merge.Concat)]
public class TrainPointwiseBranches
{
    [Conv(5, 1, Act = Act.Sigmoid)] public int Narrow;
    [Conv(19, 1, Bias = false, BatchNorm = true, Act = Act.Swish)] public int Wide;
    [Identity] public int Keep;
}

/// <summary>A residual block of two pointwise convolutions (the first's input also feeds the shortcut).</summary>
[Block(Merge = Merge.Add, Act = Act.Swish)]
public class TrainPointwiseResidual
{
    [Conv(40, 1, Act = Act.Swish)][Conv(40, 1)] public int Main;
    [Identity] public int Shortcut;
}

/// <summary>A residual block whose depthwise convolution's input also feeds the shortcut (its input gradient adds to one already written).</summary>
[Block(Merge = Merge.Add)]
public class TrainDepthwiseResidual
{
    [DepthwiseConv(5, Pad = 2, Act = Act.Swish)][Conv(40, 1)] public int Main;
    [Identity] public int Shortcut;
}

/// <summary>
/// Pointwise convolutions over 9 x 8 = 72 positions, which a generated network trains on its generated layers (the
/// inference's kernel, geometry constant): odd channel counts (5, 19, 31: vector tails; 40: a lone 8-float half, which
/// runs Vector256 where 512-bit multiply-adds are half rate), input gradients added to others (a concatenation, a
/// residual), batch norm, and a layer of 270 channels (more input channels than the kernel sums in one part, forward
/// into it and its input gradient out of it), and a 5x5 depthwise convolution whose input gradient adds to the
/// shortcut's. Smooth activations only, for the finite differences.
/// </summary>
[Network(Input = "9x8x3")]
[Conv(7, 3, Pad = 1, Act = Act.Swish, Name = "stem")]
[Use<TrainPointwiseBranches>]
[Conv(40, 1, Act = Act.Sigmoid)]
[Use<TrainPointwiseResidual>]
[Use<TrainDepthwiseResidual>]
[Conv(270, 1, Act = Act.Swish)]
[Conv(9, 1)]
[GlobalAvgPool]
[Dense(4)]
public partial class TrainPointwise { }

/// <summary>
/// Pointwise weight gradients on the generated layers over 17 x 16 = 272 positions an image (the batch of 3 in halves
/// of one image and two, each summed in chunks of 128 positions, one across two images), their vectors along the wider
/// channel count: 13 inputs into 24 outputs (13 rows of dW^T: a tile of eight and five past it; 24 columns, a vector
/// and a half, under a tile's three vectors), 24 into 67 (three tiles of eight rows; 67 columns, a tile of three
/// 16-float vectors and 19 past it), and 67 inputs into 15 outputs without bias before batch norm (15 rows of dW: a
/// tile of eight, then six rows in the six-row tile, 64 columns and 3 past them, and one). Smooth activations only,
/// for the finite differences.
/// </summary>
[Network(Input = "17x16x13")]
[Conv(24, 1, Act = Act.Swish)]
[Conv(67, 1, Act = Act.Swish)]
[Conv(15, 1, Bias = false, BatchNorm = true, Act = Act.Swish)]
[GlobalAvgPool]
[Dense(4)]
public partial class TrainPointwiseWeightGradient { }

/// <summary>
/// Depthwise weight gradients on the generated layers (input gradients the trainer's) at stride 2: 5x5 same
/// (pads 2 and 2 on 23 rows, odd; 1 and 2 on 22 columns, even), 3x3 same-lower (pads 1 and 0 on 12 rows, even; 1 and
/// 1 on 11 columns, odd), on 13 channels (a vector and a tail); the last layer without bias. Smooth activations only,
/// for the finite differences.
/// </summary>
[Network(Input = "23x22x13")]
[DepthwiseConv(5, Stride = 2, Act = Act.Swish)]
[DepthwiseConv(3, Stride = 2, Padding = Padding.SameLower, Bias = false, Act = Act.Swish)]
[GlobalAvgPool]
[Dense(4)]
public partial class TrainDepthwiseStride2 { }

/// <summary>
/// Stride-2 depthwise layers' other geometries on 19 channels: dilation 2 (every tap reaches one parity phase, none the
/// other) on 33 x 32, a valid 5x5 on 17 x 16, and a 3x3 at stride 2 across and 1 down.
/// </summary>
[Network(Input = "33x32x19")]
[DepthwiseConv(3, Stride = 2, Dilation = 2, Act = Act.Swish)]
[DepthwiseConv(5, Stride = 2, Padding = Padding.Valid, Act = Act.Swish)]
[DepthwiseConv(3, StrideH = 1, StrideW = 2, Act = Act.Swish)]
[GlobalAvgPool]
[Dense(4)]
public partial class TrainDepthwiseStride2Geometries { }

/// <summary>
/// Explicit asymmetric pads at stride 2 on 11 channels: a 5x5 (pads 1, 0, 0, 1) on 17 x 18, then a 3x3 (pads 0, 2, 1,
/// 0), a left pad as wide as the kernel's span (the first output column reads one input column).
/// </summary>
[Network(Input = "17x18x11")]
[DepthwiseConv(5, Stride = 2, PadTop = 1, PadLeft = 0, PadBottom = 0, PadRight = 1, Act = Act.Swish)]
[DepthwiseConv(3, Stride = 2, PadTop = 0, PadLeft = 2, PadBottom = 1, PadRight = 0, Act = Act.Swish)]
[GlobalAvgPool]
[Dense(3)]
public partial class TrainDepthwiseExplicitPads { }

/// <summary>
/// Pooling on 21 channels (vectors of 8 or 16 and a tail) after a ReLU, whose zeros tie in the max windows (the first
/// in row-major window order takes the gradient), at strides 1 and 2, padded and not, counting the padding and not.
/// </summary>
[Network(Input = "9x8x4")]
[Conv(21, 3, Act = Act.Relu)]
[MaxPool(3, Stride = 2)]
[AvgPool(3, Stride = 1, CountIncludePad = true)]
[Conv(21, 1, Act = Act.Relu)]
[MaxPool(2, Stride = 1, Padding = Padding.Valid)]
[AvgPool(2, Stride = 1)]
[GlobalAvgPool]
[Dense(3)]
public partial class TrainWidePools { }

/// <summary>Max pooling on the network's input itself (19 channels), so that ties in the image reach its input gradient.</summary>
[Network(Input = "7x6x19")]
[MaxPool(3, Stride = 2)]
[MaxPool(2, Stride = 1, Padding = Padding.Valid)]
[Flatten]
[Dense(3)]
public partial class TrainTiedPools { }

/// <summary>
/// ResNet's downsampling block in small, both branches at stride 2 reading one input, so that the second input gradient
/// written adds to the first: a dilated 3x3 in 7 groups of 3 -> 5 beside a 1x1 (odd input columns and rows unread).
/// </summary>
[Block(Merge = Merge.Add, Act = Act.Swish)]
public class TrainStridedBranches
{
    [Conv(35, 3, Groups = 7, Stride = 2, Dilation = 2, Act = Act.Sigmoid)] public int Main;
    [Conv(35, 1, Stride = 2)] public int Shortcut;
}

/// <summary>
/// Input gradients on ConvolutionTraining (every layer 7 output columns or more): a 1x1 at stride 2 from 15 to 21
/// channels, the strided block above, and a 3x3 with explicit asymmetric pads (1 top, 0 left, 0 bottom, 2 right) at
/// column stride 2 to 131 channels (the gathered product's two chunks of outputs). Smooth activations only, for the
/// finite differences.
/// </summary>
[Network(Input = "13x58x15")]
[Conv(21, 1, Stride = 2, Act = Act.Swish)]
[Use<TrainStridedBranches>]
[Conv(131, 3, PadTop = 1, PadLeft = 0, PadBottom = 0, PadRight = 2, StrideW = 2, Act = Act.Swish)]
[GlobalAvgPool]
[Dense(4)]
public partial class TrainStridedInputGradients { }
