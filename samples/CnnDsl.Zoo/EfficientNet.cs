namespace CnnDsl.Zoo;

/// <summary>
/// EfficientNet-B0 (Tan and Le 2019, Table 1): each stage row is one MBConv attribute; squeeze-and-excitation 0.25 of
/// each block's input channels; Swish; batch normalization folded into the convolution biases.
/// </summary>
[Network(Input = "224x224x3")]
[Conv(32, 3, Stride = 2, Act = Act.Swish, Name = "stem")]
[MBConv(16, Expansion = 1, Kernel = 3)]
[MBConv(24, Expansion = 6, Kernel = 3, Repeat = 2, Stride = 2)]
[MBConv(40, Expansion = 6, Kernel = 5, Repeat = 2, Stride = 2)]
[MBConv(80, Expansion = 6, Kernel = 3, Repeat = 3, Stride = 2)]
[MBConv(112, Expansion = 6, Kernel = 5, Repeat = 3, Stride = 1)]
[MBConv(192, Expansion = 6, Kernel = 5, Repeat = 4, Stride = 2)]
[MBConv(320, Expansion = 6, Kernel = 3, Repeat = 1, Stride = 1)]
[Conv(1280, 1, Act = Act.Swish, Name = "head")]
[GlobalAvgPool]
[Dropout(0.2)]
[Dense(1000, Name = "classifier")]
public partial class EfficientNetB0
{
}

// B1..B7: the reference implementation's (width, depth, resolution) per variant, applied to B0 with its rounding.

/// <summary>EfficientNet-B1: width 1.0, depth 1.1, 240x240.</summary>
[Network(BasedOn = typeof(EfficientNetB0), Width = 1.0, Depth = 1.1, Resolution = 240)]
public partial class EfficientNetB1 { }

/// <summary>EfficientNet-B2: width 1.1, depth 1.2, 260x260.</summary>
[Network(BasedOn = typeof(EfficientNetB0), Width = 1.1, Depth = 1.2, Resolution = 260)]
public partial class EfficientNetB2 { }

/// <summary>EfficientNet-B3: width 1.2, depth 1.4, 300x300.</summary>
[Network(BasedOn = typeof(EfficientNetB0), Width = 1.2, Depth = 1.4, Resolution = 300)]
public partial class EfficientNetB3 { }

/// <summary>EfficientNet-B4: width 1.4, depth 1.8, 380x380.</summary>
[Network(BasedOn = typeof(EfficientNetB0), Width = 1.4, Depth = 1.8, Resolution = 380)]
public partial class EfficientNetB4 { }

/// <summary>EfficientNet-B5: width 1.6, depth 2.2, 456x456.</summary>
[Network(BasedOn = typeof(EfficientNetB0), Width = 1.6, Depth = 2.2, Resolution = 456)]
public partial class EfficientNetB5 { }

/// <summary>EfficientNet-B6: width 1.8, depth 2.6, 528x528.</summary>
[Network(BasedOn = typeof(EfficientNetB0), Width = 1.8, Depth = 2.6, Resolution = 528)]
public partial class EfficientNetB6 { }

/// <summary>EfficientNet-B7: width 2.0, depth 3.1, 600x600.</summary>
[Network(BasedOn = typeof(EfficientNetB0), Width = 2.0, Depth = 3.1, Resolution = 600)]
public partial class EfficientNetB7 { }
