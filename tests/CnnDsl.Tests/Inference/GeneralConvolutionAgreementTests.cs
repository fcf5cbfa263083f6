namespace CnnDsl.Tests.Inference;

// Non-square kernels, per-axis strides, dilation, groups and count_include_pad on odd shapes and channel counts
// that are no multiple of a vector width, so partial vectors, the border paths and the blocked-in-parts GEMM
// (more than 256 taps) are all exercised.

[Network(Input = "17x13x7")]
[Conv(13, 1, 7, Act = Act.Relu)]
[Conv(5, 7, 1, BatchNorm = true)]
[Conv(9, 3, 5, StrideH = 2, Padding = Padding.Valid, Act = Act.Relu6)]
[Conv(11, 1, 3, Stride = 2, Padding = Padding.SameLower)]
[Conv(6, 2, 3, PadTop = 1, PadLeft = 0, PadBottom = 0, PadRight = 2, StrideW = 2)]
public partial class NonSquareConvs { }

[Network(Input = "15x14x5")]
[Conv(13, 3, Dilation = 2, Act = Act.Relu)]
[Conv(37, 3, DilationW = 3, Padding = Padding.Valid)]
[Conv(20, 3, Dilation = 2, Stride = 2, Act = Act.Swish)]
[Conv(7, 1, 5, DilationW = 2, StrideH = 2)]
public partial class DilatedConvs { }

[Network(Input = "9x10x24")]
[Conv(36, 3, Groups = 4, Act = Act.Relu)]
[Conv(36, 3, Groups = 36, Bias = false, BatchNorm = true)]
[Conv(72, 1, Groups = 3, Act = Act.Relu6)]
[Conv(40, 3, Groups = 2, Stride = 2, Dilation = 2)]
[Conv(10, 1, 3, Groups = 5, Stride = 2, Padding = Padding.Valid)]
public partial class GroupedConvs { }

/// <summary>A grouped 3x3 as ResNeXt writes it, its residual added in the grouped GEMM's epilogue.</summary>
[Block(Merge = Merge.Add, Act = Act.Relu)]
public class GroupedResidual
{
    [Conv(20, 1, Act = Act.Relu)][Conv(20, 3, Groups = 4, Act = Act.Relu)][Conv(20, 1, BatchNorm = true)] public int Main;
    [Identity] public int Shortcut;
}

[Network(Input = "7x6x20")]
[Use<GroupedResidual>(Repeat = 2)]
[Conv(12, 3, Groups = 4)]
public partial class GroupedResiduals { }

[Network(Input = "12x11x13")]
[DepthwiseConv(1, 5, Act = Act.Relu)]
[DepthwiseConv(5, 1, StrideH = 2)]
[DepthwiseConv(3, Dilation = 2, Act = Act.HardSwish)]
[DepthwiseConv(3, 2, DilationH = 2, Padding = Padding.Valid, StrideW = 2)]
public partial class NonSquareDepthwiseConvs { }

/// <summary>
/// Wide depthwise convolutions: 70 channels fill the border path's four-vector blocks at every width (with a partial
/// vector left over), and rows of 9-12 pixels fill the four-pixel tiles, on the padded top and bottom rows too.
/// </summary>
[Network(Input = "12x13x70")]
[DepthwiseConv(5, BatchNorm = true, Act = Act.Swish)]
[DepthwiseConv(3, Dilation = 2, Act = Act.Sigmoid)]
[DepthwiseConv(3, Stride = 2, Act = Act.Relu6)]
[DepthwiseConv(1, 5, DilationW = 2)]
public partial class WideDepthwiseConvs { }

[Network(Input = "11x13x13")]
[MaxPool(1, 3, Stride = 1)]
[AvgPool(3, 2, StrideH = 2, StrideW = 1)]
[AvgPool(3, Stride = 1, CountIncludePad = true)]
[AvgPool(2, 3, CountIncludePad = true, Padding = Padding.SameLower, StrideW = 2, StrideH = 1)]
[MaxPool(3, 1, StrideH = 2, PadTop = 1, PadLeft = 0, PadBottom = 1, PadRight = 0)]
public partial class NonSquarePools { }

/// <summary>Generated inference of the general convolution and pooling forms against the reference executor and ONNX Runtime.</summary>
public class GeneralConvolutionAgreementTests
{
    [Fact] public void Non_square_kernels_and_per_axis_strides() => Agreement.Check(new NonSquareConvs.Weights(), w => new NonSquareConvs(w).Forward, batch: 2);
    [Fact] public void Dilated_convolutions() => Agreement.Check(new DilatedConvs.Weights(), w => new DilatedConvs(w).Forward, batch: 2);
    [Fact] public void Grouped_convolutions() => Agreement.Check(new GroupedConvs.Weights(), w => new GroupedConvs(w).Forward, batch: 2);
    [Fact] public void Grouped_convolution_with_fused_residual() => Agreement.Check(new GroupedResiduals.Weights(), w => new GroupedResiduals(w).Forward, batch: 2);
    [Fact] public void Wide_depthwise_convolutions_in_tiles_and_channel_blocks() => Agreement.Check(new WideDepthwiseConvs.Weights(), w => new WideDepthwiseConvs(w).Forward, batch: 3);
    [Fact] public void Non_square_and_dilated_depthwise_convolutions() => Agreement.Check(new NonSquareDepthwiseConvs.Weights(), w => new NonSquareDepthwiseConvs(w).Forward, batch: 2);
    [Fact] public void Non_square_pools_and_count_include_pad() => Agreement.Check(new NonSquarePools.Weights(), w => new NonSquarePools(w).Forward, batch: 2);
}
